#include "core/export/prompt_file.h"

#include "core/methods/method_registry.h"
#include "core/util/error.h"

namespace promptune {
namespace {

constexpr const char* kMetadataKey = "promptune";

}  // namespace

std::vector<std::string> PromptFile::class_names() const {
  return metadata.value("class_names", std::vector<std::string>{});
}

void save_prompt_file(const std::filesystem::path& file, const PromptFile& prompt) {
  nlohmann::json metadata = prompt.metadata;
  metadata["format"] = PromptFile::kFormat;
  metadata["format_version"] = PromptFile::kFormatVersion;
  TensorMap tensors;
  for (const auto& [name, tensor] : prompt.tensors) tensors[name] = tensor.detach().to(torch::kCPU, torch::kFloat32);
  save_safetensors(file, tensors, {{kMetadataKey, metadata.dump()}});
}

PromptFile load_prompt_file(const std::filesystem::path& file) {
  TensorFile contents = load_safetensors(file);
  const auto found = contents.metadata.find(kMetadataKey);
  if (found == contents.metadata.end())
    throw file_error(file, "is a safetensors file but not a Promptune prompt file (no \"promptune\" metadata)");
  PromptFile prompt;
  try {
    prompt.metadata = nlohmann::json::parse(found->second);
  } catch (const nlohmann::json::parse_error& error) {
    throw file_error(file, std::string("has damaged prompt metadata: ") + error.what());
  }
  if (!prompt.metadata.is_object() || prompt.metadata.value("format", "") != PromptFile::kFormat)
    throw file_error(file, "is not a Promptune prompt file (metadata format is not \"promptune-prompt\")");
  const int version = prompt.metadata.value("format_version", 0);
  if (version > PromptFile::kFormatVersion)
    throw file_error(file, "was written by a newer Promptune (prompt format " + std::to_string(version) +
                               "; this version reads up to " + std::to_string(PromptFile::kFormatVersion) + ")");
  for (const char* field : {"method", "class_names", "backbone", "method_options"}) {
    if (!prompt.metadata.contains(field))
      throw file_error(file, std::string("prompt metadata lacks \"") + field + "\"");
  }
  if (!prompt.metadata["class_names"].is_array() || prompt.metadata["class_names"].empty())
    throw file_error(file, "prompt metadata has no class names");
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
