#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/export/prompt_file_format.h"
#include "core/io/tensor_archive.h"
#include "core/methods/prompt_method.h"
#include "core/models/clip_backbone.h"

namespace promptune {

/// The tuned prompt file `*.prompt.safetensors` (ARCHITECTURE.md): the method's learned tensors (fp32) and, under
/// the safetensors `__metadata__` key "promptune", one JSON document: format and version, method and options,
/// method facts (context length, class position ...), backbone identity and weights hash, tokenizer fingerprint,
/// class ids and names in label order, templates, preprocessing, metrics, training config, seeds, app version.
struct PromptFile {
  TensorMap tensors;
  nlohmann::json metadata;

  std::string method() const { return metadata.value("method", ""); }
  std::vector<std::string> class_names() const;
};

void save_prompt_file(const std::filesystem::path& file, const PromptFile& prompt);

/// Reads and checks a prompt file; errors name the file and say what is wrong (not a prompt file, damaged,
/// written by a newer version, metadata missing a field).
PromptFile load_prompt_file(const std::filesystem::path& file);

/// Refuses (Error) a backbone whose weights differ from the one the prompt was trained on: learned vectors only
/// mean something in the embedding space they were trained in.
void check_prompt_backbone(const PromptFile& prompt, const BackboneIdentity& backbone,
                           const std::filesystem::path& file);

/// The prompt's method rebuilt with `setup` (its options come from the file) and its learned tensors loaded; errors
/// name the file.
std::unique_ptr<PromptMethod> restore_prompt_method(const PromptFile& prompt, MethodSetup setup,
                                                    const std::filesystem::path& file);

/// The metadata block for a backbone: name, weights hash, description, tokenizer fingerprint, preprocessing.
nlohmann::json backbone_metadata(const ClipBackbone& backbone);

}  // namespace promptune
