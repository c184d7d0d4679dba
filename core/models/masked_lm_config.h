#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace promptune {

enum class MaskedLmFamily { Bert, Roberta };

/// config.json's hidden_act. RoBERTa's MLM head always uses exact GELU whatever this says.
enum class HiddenActivation { Gelu, GeluTanh, QuickGelu, Relu };

/// Architecture of a BERT or RoBERTa masked LM, from a Hugging Face config.json. Fields a minimal community
/// config omits (bert-tiny has no model_type, layer_norm_eps or pad_token_id) take the family's defaults.
struct MaskedLmConfig {
  MaskedLmFamily family = MaskedLmFamily::Bert;
  int vocab_size = 30522;
  int hidden_size = 768;
  int layers = 12;
  int heads = 12;
  int intermediate_size = 3072;
  HiddenActivation activation = HiddenActivation::Gelu;
  double hidden_dropout = 0.1;
  double attention_dropout = 0.1;
  int max_positions = 512;
  int type_vocab_size = 2;
  double layer_norm_eps = 1e-12;
  int pad_token_id = 0;
  bool tie_word_embeddings = true;

  int head_dim() const { return hidden_size / heads; }
  /// Tokens one sequence may hold, specials and virtual tokens included (RoBERTa reserves pad_token_id + 1 rows).
  int usable_positions() const;
  /// "BERT 2x128 (2 heads, FFN 512), vocabulary 30522".
  std::string summary() const;
  /// Throws Error starting with `source` when sizes are inconsistent.
  void validate(const std::string& source) const;
};

/// Defaults of `family` (bert-base / roberta-base).
MaskedLmConfig default_masked_lm_config(MaskedLmFamily family);

/// Reads config.json. `family` comes from model_type; `fallback_family` is used when model_type is absent (the
/// loader infers it from the weight names). Unsupported settings (relative position embeddings, unknown
/// activations) throw Error naming the field.
MaskedLmConfig masked_lm_config_from_json(const nlohmann::json& config, MaskedLmFamily fallback_family,
                                          const std::string& source);
/// The config.json Hugging Face writes for such a model (architectures BertForMaskedLM / RobertaForMaskedLM).
nlohmann::json masked_lm_config_to_json(const MaskedLmConfig& config);

const char* masked_lm_family_name(MaskedLmFamily family);  ///< "bert" / "roberta"

}  // namespace promptune
