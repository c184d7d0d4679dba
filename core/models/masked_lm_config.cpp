#include "core/models/masked_lm_config.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/util/error.h"
#include "core/util/json_number.h"

namespace promptune {
namespace {

HiddenActivation parse_activation(const std::string& name, const std::string& source) {
  if (name == "gelu") return HiddenActivation::Gelu;
  if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast") return HiddenActivation::GeluTanh;
  if (name == "quick_gelu") return HiddenActivation::QuickGelu;
  if (name == "relu") return HiddenActivation::Relu;
  throw Error(source + ": hidden_act \"" + name +
              "\" is not supported; Promptune knows gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, quick_gelu, relu");
}

const char* activation_name(HiddenActivation activation) {
  switch (activation) {
    case HiddenActivation::Gelu:
      return "gelu";
    case HiddenActivation::GeluTanh:
      return "gelu_new";
    case HiddenActivation::QuickGelu:
      return "quick_gelu";
    case HiddenActivation::Relu:
      return "relu";
  }
  return "gelu";
}

}  // namespace

const char* masked_lm_family_name(MaskedLmFamily family) {
  return family == MaskedLmFamily::Bert ? "bert" : "roberta";
}

MaskedLmConfig default_masked_lm_config(MaskedLmFamily family) {
  MaskedLmConfig config;
  config.family = family;
  if (family == MaskedLmFamily::Roberta) {
    config.vocab_size = 50265;
    config.max_positions = 514;
    config.type_vocab_size = 1;
    config.layer_norm_eps = 1e-5;
    config.pad_token_id = 1;
  }
  return config;
}

int MaskedLmConfig::usable_positions() const {
  return family == MaskedLmFamily::Roberta ? max_positions - pad_token_id - 1 : max_positions;
}

std::string MaskedLmConfig::summary() const {
  std::ostringstream text;
  text << (family == MaskedLmFamily::Bert ? "BERT " : "RoBERTa ") << layers << "x" << hidden_size << " (" << heads
       << " heads, FFN " << intermediate_size << "), vocabulary " << vocab_size;
  return text.str();
}

void MaskedLmConfig::validate(const std::string& source) const {
  auto positive = [&](int value, const char* field) {
    if (value <= 0) throw Error(source + ": " + field + " must be positive, got " + std::to_string(value));
  };
  positive(vocab_size, "vocab_size");
  positive(hidden_size, "hidden_size");
  positive(layers, "num_hidden_layers");
  positive(heads, "num_attention_heads");
  positive(intermediate_size, "intermediate_size");
  positive(max_positions, "max_position_embeddings");
  positive(type_vocab_size, "type_vocab_size");
  if (hidden_size % heads != 0)
    throw Error(source + ": hidden_size " + std::to_string(hidden_size) + " is not divisible by num_attention_heads " +
                std::to_string(heads));
  if (usable_positions() < 3)
    throw Error(source + ": max_position_embeddings " + std::to_string(max_positions) + " leaves no room for text");
  if (pad_token_id < 0 || pad_token_id >= vocab_size)
    throw Error(source + ": pad_token_id " + std::to_string(pad_token_id) + " is outside the vocabulary");
}

MaskedLmConfig masked_lm_config_from_json(const nlohmann::json& json, MaskedLmFamily fallback_family,
                                          const std::string& source) {
  if (!json.is_object()) throw Error(source + ": must be a JSON object");
  MaskedLmFamily family = fallback_family;
  const std::string model_type = json.contains("model_type") && json["model_type"].is_string()
                                     ? json["model_type"].get<std::string>()
                                     : std::string();
  if (model_type == "bert")
    family = MaskedLmFamily::Bert;
  else if (model_type == "roberta" || model_type == "xlm-roberta" || model_type == "camembert")
    family = MaskedLmFamily::Roberta;
  else if (!model_type.empty())
    throw Error(source + ": model_type \"" + model_type + "\" is not a masked LM Promptune supports (bert, roberta)");
  MaskedLmConfig config = default_masked_lm_config(family);
  try {
    config.vocab_size = json_int_field(json, "vocab_size", config.vocab_size, source, 1);
    config.hidden_size = json_int_field(json, "hidden_size", config.hidden_size, source, 1);
    config.layers = json_int_field(json, "num_hidden_layers", config.layers, source, 1);
    config.heads = json_int_field(json, "num_attention_heads", config.heads, source, 1);
    config.intermediate_size = json_int_field(json, "intermediate_size", config.intermediate_size, source, 1);
    config.activation = parse_activation(json.value("hidden_act", std::string("gelu")), source);
    config.hidden_dropout = json.value("hidden_dropout_prob", config.hidden_dropout);
    config.attention_dropout = json.value("attention_probs_dropout_prob", config.attention_dropout);
    config.max_positions = json_int_field(json, "max_position_embeddings", config.max_positions, source, 1);
    config.type_vocab_size = json_int_field(json, "type_vocab_size", config.type_vocab_size, source, 1);
    config.layer_norm_eps = json.value("layer_norm_eps", config.layer_norm_eps);
    if (json.contains("pad_token_id") && json["pad_token_id"].is_number_integer())
      config.pad_token_id = json_int_field(json, "pad_token_id", config.pad_token_id, source);
    config.tie_word_embeddings = json.value("tie_word_embeddings", true);
  } catch (const nlohmann::json::exception& error) {
    throw Error(source + ": a field has the wrong type (" + error.what() + ")");
  }
  const std::string positions = json.contains("position_embedding_type") && json["position_embedding_type"].is_string()
                                    ? json["position_embedding_type"].get<std::string>()
                                    : std::string("absolute");
  if (positions != "absolute")
    throw Error(source + ": position_embedding_type \"" + positions +
                "\" is not supported; Promptune implements absolute position embeddings");
  config.validate(source);
  return config;
}

nlohmann::json masked_lm_config_to_json(const MaskedLmConfig& config) {
  const bool bert = config.family == MaskedLmFamily::Bert;
  return {{"architectures", {bert ? "BertForMaskedLM" : "RobertaForMaskedLM"}},
          {"model_type", masked_lm_family_name(config.family)},
          {"vocab_size", config.vocab_size},
          {"hidden_size", config.hidden_size},
          {"num_hidden_layers", config.layers},
          {"num_attention_heads", config.heads},
          {"intermediate_size", config.intermediate_size},
          {"hidden_act", activation_name(config.activation)},
          {"hidden_dropout_prob", config.hidden_dropout},
          {"attention_probs_dropout_prob", config.attention_dropout},
          {"max_position_embeddings", config.max_positions},
          {"type_vocab_size", config.type_vocab_size},
          {"layer_norm_eps", config.layer_norm_eps},
          {"pad_token_id", config.pad_token_id},
          {"position_embedding_type", "absolute"},
          {"tie_word_embeddings", config.tie_word_embeddings},
          {"initializer_range", 0.02}};
}

}  // namespace promptune
