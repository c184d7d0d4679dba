// Dataset tables: text datasets in CSV, TSV and JSONL (labeled and unlabeled), and image CSV manifests with a
// classes file. The first byte picks the format; parts: table | classes file.
#include "core/data/image_dataset.h"
#include "core/data/text_dataset.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace promptune;
  if (size == 0) return 0;
  static const char* const kExtensions[] = {".csv", ".tsv", ".jsonl"};
  const char* extension = kExtensions[data[0] % 3];
  const auto parts = fuzz::split_parts(data + 1, size - 1, 2);
  const auto table = fuzz::write_scratch_file(std::string("data") + extension, parts[0]);
  fuzz::expect_only_user_errors("text dataset", [&] { (void)load_text_dataset(table); });
  fuzz::expect_only_user_errors("unlabeled text dataset", [&] {
    TextDatasetOptions options;
    options.labeled = false;
    options.header = TextDatasetOptions::Header::No;
    (void)load_text_dataset(table, options);
  });
  if (extension == kExtensions[0]) {
    const auto classes = fuzz::write_scratch_file("classes.txt", parts[1]);
    fuzz::expect_only_user_errors("image manifest", [&] {
      ImageDatasetOptions options;
      if (!parts[1].empty()) options.classes_file = classes;
      (void)load_image_dataset(table, options);
    });
  }
  return 0;
}
