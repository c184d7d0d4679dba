// Tuned prompt files (*.prompt.safetensors) as the inspector, `predict` and `export` open them: the safetensors
// container, then the "promptune" metadata document and the fields the application reads from it.
#include "core/export/prompt_metadata.h"
#include "core/io/tensor_archive.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace promptune;
  const auto file =
      fuzz::write_scratch_file("tuned.prompt.safetensors", std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::expect_only_user_errors("prompt file", [&] {
    const TensorFile contents = load_safetensors(file);
    const nlohmann::json metadata = read_prompt_metadata(contents.metadata, file);
    // What the inspector and the prediction path read once the checks passed.
    (void)metadata["class_names"].get<std::vector<std::string>>();
    (void)metadata["method"].get<std::string>();
    (void)metadata["backbone"].value("weights_hash", std::string());
    (void)metadata["backbone"].value("name", std::string());
    (void)metadata.dump(2);
  });
  return 0;
}
