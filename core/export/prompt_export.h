#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace promptune {

/// What a tuned prompt file holds, without LibTorch types, for the GUI's export dialog and prompt inspector.
struct PromptFileSummary {
  std::filesystem::path file;
  std::string method;
  nlohmann::json metadata;  ///< the whole "promptune" metadata document
  struct Tensor {
    std::string name;
    std::vector<std::int64_t> shape;
  };
  std::vector<Tensor> tensors;
  std::uintmax_t bytes = 0;
  bool has_peft_form = false;  ///< text prompt tuning, P-tuning, prefix tuning
};

/// Reads and checks a prompt file (the same checks as loading it to predict); errors name the file.
PromptFileSummary inspect_prompt_file(const std::filesystem::path& file);
/// Writes the prompt file to `destination` atomically after checking that it loads; returns what was written.
PromptFileSummary export_prompt_file(const std::filesystem::path& source, const std::filesystem::path& destination);
/// Writes the Hugging Face PEFT adapter folder of a text prompt file (adapter_config.json +
/// adapter_model.safetensors); throws Error naming the file when its method has no PEFT form.
void export_peft_folder(const std::filesystem::path& prompt_file, const std::filesystem::path& folder);

}  // namespace promptune
