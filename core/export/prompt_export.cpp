#include "core/export/prompt_export.h"

#include "core/export/peft_adapter.h"
#include "core/export/prompt_file.h"

namespace promptune {

PromptFileSummary inspect_prompt_file(const std::filesystem::path& file) {
  const PromptFile prompt = load_prompt_file(file);
  PromptFileSummary summary;
  summary.file = file;
  summary.method = prompt.method();
  summary.metadata = prompt.metadata;
  for (const auto& [name, tensor] : prompt.tensors)
    summary.tensors.push_back({name, std::vector<std::int64_t>(tensor.sizes().begin(), tensor.sizes().end())});
  summary.bytes = std::filesystem::file_size(file);
  summary.has_peft_form = has_peft_form(summary.method);
  return summary;
}

PromptFileSummary export_prompt_file(const std::filesystem::path& source, const std::filesystem::path& destination) {
  // Written from the loaded tensors and metadata (not copied byte for byte), so what lands is what was checked.
  save_prompt_file(destination, load_prompt_file(source));
  return inspect_prompt_file(destination);
}

void export_peft_folder(const std::filesystem::path& prompt_file, const std::filesystem::path& folder) {
  write_peft_adapter(folder, peft_adapter_from_prompt(load_prompt_file(prompt_file), prompt_file));
}

}  // namespace promptune
