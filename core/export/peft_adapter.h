#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/export/prompt_file.h"

namespace promptune {

/// A Hugging Face PEFT prompt-learning adapter (METHODS-language.md §4.6): adapter_config.json (keys sorted,
/// inference mode) and adapter_model.safetensors with the single tensor `prompt_embeddings` - the virtual tokens
/// [P, H] for PROMPT_TUNING and P_TUNING (the encoder's output), the flattened per-layer keys and values
/// [P, layers * 2 * H] for PREFIX_TUNING.
struct PeftAdapter {
  std::string peft_type;  ///< PROMPT_TUNING | P_TUNING | PREFIX_TUNING
  nlohmann::json config;  ///< adapter_config.json
  torch::Tensor prompt_embeddings;
};

/// The PEFT adapter of a prompt file written by prompt_tuning, p_tuning or prefix_tuning. Throws Error naming the
/// file when its method has no PEFT form or its metadata lacks the model facts.
PeftAdapter peft_adapter_from_prompt(const PromptFile& prompt, const std::filesystem::path& file);

/// Writes adapter_config.json and adapter_model.safetensors (metadata format=pt) into `folder`, atomically each.
void write_peft_adapter(const std::filesystem::path& folder, const PeftAdapter& adapter);

/// Reads a PEFT folder back, checking what an encoder-only masked LM needs: a prompt-learning peft_type,
/// num_transformer_submodules 1, and a prompt_embeddings tensor whose shape matches num_virtual_tokens, token_dim
/// and, for prefixes, num_layers. Errors name the file and field.
PeftAdapter read_peft_adapter(const std::filesystem::path& folder);

/// True for methods whose prompt file has a PEFT form.
bool has_peft_form(const std::string& method);

}  // namespace promptune
