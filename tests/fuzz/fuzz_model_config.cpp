// Model configuration files: a CLIP config.json (Hugging Face), OpenAI's architecture.json and a masked LM's
// config.json, read from disk as the backbone loaders read them.
#include "core/io/atomic_file.h"
#include "core/models/clip_config.h"
#include "core/models/masked_lm_config.h"
#include "tests/fuzz/fuzz_support.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace promptune;
  const auto file =
      fuzz::write_scratch_file("config.json", std::string_view(reinterpret_cast<const char*>(data), size));
  nlohmann::json document;
  bool parsed = false;
  fuzz::expect_only_user_errors("config.json", [&] {
    document = read_json_file(file);
    parsed = true;
  });
  if (!parsed) return 0;
  fuzz::expect_only_user_errors("CLIP config", [&] { (void)clip_config_from_hf_json(document, "config.json"); });
  fuzz::expect_only_user_errors("CLIP architecture",
                                [&] { (void)clip_config_from_architecture_json(document, "architecture.json"); });
  fuzz::expect_only_user_errors(
      "BERT config", [&] { (void)masked_lm_config_from_json(document, MaskedLmFamily::Bert, "config.json"); });
  fuzz::expect_only_user_errors(
      "RoBERTa config", [&] { (void)masked_lm_config_from_json(document, MaskedLmFamily::Roberta, "config.json"); });
  return 0;
}
