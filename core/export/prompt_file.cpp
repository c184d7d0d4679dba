#include "core/export/prompt_file.h"

#include "core/export/prompt_metadata.h"
#include "core/methods/method_registry.h"
#include "core/util/error.h"

namespace promptune {

std::vector<std::string> PromptFile::class_names() const {
  return metadata.value("class_names", std::vector<std::string>{});
}

void save_prompt_file(const std::filesystem::path& file, const PromptFile& prompt) {
  nlohmann::json metadata = prompt.metadata;
  metadata["format"] = kPromptFileFormat;
  metadata["format_version"] = kPromptFileFormatVersion;
  TensorMap tensors;
  for (const auto& [name, tensor] : prompt.tensors) tensors[name] = tensor.detach().to(torch::kCPU, torch::kFloat32);
  save_safetensors(file, tensors, {{kPromptMetadataKey, metadata.dump()}});
}

PromptFile load_prompt_file(const std::filesystem::path& file) {
  TensorFile contents = load_safetensors(file);
  PromptFile prompt;
  prompt.metadata = read_prompt_metadata(contents.metadata, file);
  prompt.tensors = std::move(contents.tensors);
  return prompt;
}

void check_prompt_backbone(const PromptFile& prompt, const BackboneIdentity& backbone,
                           const std::filesystem::path& file) {
  const auto& expected = prompt.metadata.at("backbone");
  const std::string hash = expected.value("weights_hash", "");
  if (hash.empty() || backbone.weights_hash.empty()) return;
  if (hash != backbone.weights_hash)
    throw file_error(file, "was trained on backbone '" + expected.value("name", std::string("?")) +
                               "' (weights SHA-256 " + hash.substr(0, 12) + "...), but the loaded backbone '" +
                               backbone.name + "' has weights " + backbone.weights_hash.substr(0, 12) +
                               "...; learned prompts only work with the exact weights they were trained on");
}

nlohmann::json backbone_metadata(const ClipBackbone& backbone) {
  return {{"name", backbone.identity.name},
          {"weights_hash", backbone.identity.weights_hash},
          {"layout", clip_layout_name(backbone.identity.layout)},
          {"description", backbone.describe()},
          {"tokenizer", backbone.tokenizer->fingerprint()},
          {"preprocessing", backbone.preprocessing.identity()}};
}

std::unique_ptr<PromptMethod> restore_prompt_method(const PromptFile& prompt, MethodSetup setup,
                                                    const std::filesystem::path& file) {
  setup.options = prompt.metadata.at("method_options");
  auto method = create_method(prompt.method(), setup);
  try {
    method->load_state(prompt.tensors);
  } catch (const Error& error) {
    throw file_error(file, error.what());
  }
  return method;
}

}  // namespace promptune
