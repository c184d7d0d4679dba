#pragma once

// Tiny BERT / RoBERTa masked LMs written by tests in the Hugging Face layout users bring (config.json +
// model.safetensors + tokenizer files), with seeded random weights.

#include <filesystem>
#include <string>
#include <vector>

#include "core/models/masked_lm_backbone.h"
#include "tests/support/temporary_folder.h"
#include "tests/support/tiny_masked_lm_vocabulary.h"

namespace promptune::testing {

inline MaskedLmConfig tiny_masked_lm_config(MaskedLmFamily family, int vocabulary_size, int layers = 2) {
  MaskedLmConfig config = default_masked_lm_config(family);
  config.vocab_size = vocabulary_size;
  config.hidden_size = 32;
  config.layers = layers;
  config.heads = 4;
  config.intermediate_size = 64;
  config.max_positions = family == MaskedLmFamily::Roberta ? 66 : 64;
  return config;
}

/// A randomly initialised model whose weights are not degenerate (LayerNorm gains and biases perturbed too).
inline MaskedLm random_masked_lm(const MaskedLmConfig& config, std::uint64_t seed) {
  torch::manual_seed(static_cast<std::int64_t>(seed));
  MaskedLm model(config, true);
  torch::NoGradGuard no_grad;
  for (auto& item : model->named_parameters()) {
    auto& tensor = item.value();
    if (item.key().find("LayerNorm.weight") != std::string::npos ||
        item.key().find("layer_norm.weight") != std::string::npos)
      tensor.copy_(1.0 + 0.1 * torch::randn_like(tensor));
    else
      tensor.copy_(0.2 * torch::randn_like(tensor));
  }
  model->eval();
  return model;
}

/// Writes a tiny BERT (WordPiece over `words`) into folder/name and returns the folder.
inline std::filesystem::path write_tiny_bert(const TemporaryFolder& folder, const std::string& name,
                                             const std::vector<std::string>& words, std::uint64_t seed = 1,
                                             int layers = 2) {
  const auto vocab = write_wordpiece_vocabulary(folder, name + "-tokenizer", words);
  MaskedLmBackbone backbone;
  backbone.model = random_masked_lm(
      tiny_masked_lm_config(MaskedLmFamily::Bert, static_cast<int>(wordpiece_tokens(words).size()), layers), seed);
  backbone.identity.name = name;
  backbone.save_huggingface(folder / name, {vocab});
  return folder / name;
}

/// Writes a tiny RoBERTa (byte-level BPE with `merges`) into folder/name and returns the folder.
inline std::filesystem::path write_tiny_roberta(const TemporaryFolder& folder, const std::string& name,
                                                const std::vector<std::string>& merges, std::uint64_t seed = 1,
                                                int layers = 2) {
  write_byte_level_files(folder, name + "-tokenizer", merges);
  const int vocabulary_size = static_cast<int>(byte_level_vocabulary(merges).size());
  MaskedLmBackbone backbone;
  backbone.model = random_masked_lm(tiny_masked_lm_config(MaskedLmFamily::Roberta, vocabulary_size, layers), seed);
  backbone.identity.name = name;
  backbone.save_huggingface(
      folder / name, {folder / (name + "-tokenizer") / "vocab.json", folder / (name + "-tokenizer") / "merges.txt"});
  return folder / name;
}

}  // namespace promptune::testing
