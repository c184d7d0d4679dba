#include "core/models/clip_config.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/util/error.h"
#include "core/util/json_number.h"

namespace promptune {
namespace {

int required_int(const nlohmann::json& object, const char* key, const std::string& where, const std::string& source) {
  const auto found = object.find(key);
  if (found == object.end()) throw Error(source + ": missing config field " + where + "." + key);
  const auto number = json_integer_in(*found, 1, INT_MAX);
  if (!number) throw Error(source + ": config field " + where + "." + key + " must be a positive integer");
  return static_cast<int>(*number);
}

Activation parse_activation(const nlohmann::json& object, const std::string& where, const std::string& source) {
  const std::string name = object.value("hidden_act", std::string("quick_gelu"));
  if (name == "quick_gelu") return Activation::QuickGelu;
  if (name == "gelu") return Activation::Gelu;
  throw Error(source + ": config field " + where + ".hidden_act is '" + name +
              "'; Promptune supports quick_gelu and gelu");
}

TransformerConfig parse_tower(const nlohmann::json& config, const char* name, const std::string& source) {
  const auto tower = config.find(name);
  if (tower == config.end() || !tower->is_object())
    throw Error(source + ": missing config section " + std::string(name));
  TransformerConfig result;
  result.width = required_int(*tower, "hidden_size", name, source);
  result.layers = required_int(*tower, "num_hidden_layers", name, source);
  result.heads = required_int(*tower, "num_attention_heads", name, source);
  result.mlp_width = tower->value("intermediate_size", 4 * result.width);
  result.activation = parse_activation(*tower, name, source);
  result.layer_norm_eps = tower->value("layer_norm_eps", 1e-5);
  return result;
}

const char* activation_name(Activation activation) {
  return activation == Activation::QuickGelu ? "quick_gelu" : "gelu";
}

}  // namespace

std::string ClipConfig::summary() const {
  std::ostringstream out;
  out << "ViT " << vision.layers << "x" << vision.width << " /" << patch_size << " @" << image_size << "px, text "
      << text.layers << "x" << text.width << ", embedding " << embed_dim;
  return out.str();
}

void ClipConfig::validate(const std::string& source) const {
  const auto fail = [&](const std::string& message) { throw Error(source + ": " + message); };
  if (vision.width <= 0 || vision.layers <= 0 || vision.heads <= 0) fail("the vision tower has no size");
  if (text.width <= 0 || text.layers <= 0 || text.heads <= 0) fail("the text tower has no size");
  if (vision.width % vision.heads)
    fail("vision width " + std::to_string(vision.width) + " is not divisible by " + std::to_string(vision.heads) +
         " heads");
  if (text.width % text.heads)
    fail("text width " + std::to_string(text.width) + " is not divisible by " + std::to_string(text.heads) + " heads");
  if (patch_size <= 0 || image_size <= 0 || image_size % patch_size) {
    fail("image size " + std::to_string(image_size) + " is not a multiple of the patch size " +
         std::to_string(patch_size));
  }
  if (embed_dim <= 0) fail("the joint embedding size must be positive");
  if (context_length < 2) fail("the text context must hold at least 2 tokens");
}

ClipConfig vit_b32_config() {
  ClipConfig config;
  config.vision = {768, 12, 12, 3072, Activation::QuickGelu, 1e-5};
  config.text = {512, 12, 8, 2048, Activation::QuickGelu, 1e-5};
  config.patch_size = 32;
  config.image_size = 224;
  config.context_length = 77;
  config.vocab_size = 49408;
  config.embed_dim = 512;
  return config;
}

ClipConfig clip_config_from_hf_json(const nlohmann::json& config, const std::string& source) {
  if (!config.is_object()) throw Error(source + ": config.json is not a JSON object");
  ClipConfig result;
  result.vision = parse_tower(config, "vision_config", source);
  result.text = parse_tower(config, "text_config", source);
  const auto& vision = config.at("vision_config");
  const auto& text = config.at("text_config");
  result.patch_size = required_int(vision, "patch_size", "vision_config", source);
  result.image_size = required_int(vision, "image_size", "vision_config", source);
  result.context_length = json_int_field(text, "max_position_embeddings", 77, source + ": text_config", 1);
  result.vocab_size = json_int_field(text, "vocab_size", 49408, source + ": text_config", 1);
  if (config.contains("projection_dim")) {
    result.embed_dim = required_int(config, "projection_dim", "config", source);
  } else {
    result.embed_dim = 512;  // the Hugging Face CLIPConfig default
  }
  result.validate(source);
  return result;
}

ClipConfig clip_config_from_architecture_json(const nlohmann::json& architecture, const std::string& source) {
  ClipConfig result;
  const std::string where = "architecture";
  result.embed_dim = required_int(architecture, "embed_dim", where, source);
  result.image_size = required_int(architecture, "image_resolution", where, source);
  result.patch_size = required_int(architecture, "vision_patch_size", where, source);
  result.vision.width = required_int(architecture, "vision_width", where, source);
  result.vision.layers = required_int(architecture, "vision_layers", where, source);
  result.vision.heads = std::max(1, result.vision.width / 64);  // the reference: vision_heads = vision_width // 64
  result.vision.mlp_width = 4 * result.vision.width;
  result.context_length = required_int(architecture, "context_length", where, source);
  result.vocab_size = required_int(architecture, "vocab_size", where, source);
  result.text.width = required_int(architecture, "transformer_width", where, source);
  result.text.heads = required_int(architecture, "transformer_heads", where, source);
  result.text.layers = required_int(architecture, "transformer_layers", where, source);
  result.text.mlp_width = 4 * result.text.width;
  result.validate(source);
  return result;
}

nlohmann::json clip_config_to_hf_json(const ClipConfig& config) {
  const auto tower = [](const TransformerConfig& t) {
    return nlohmann::json{{"hidden_size", t.width},
                          {"intermediate_size", t.mlp_width},
                          {"num_attention_heads", t.heads},
                          {"num_hidden_layers", t.layers},
                          {"hidden_act", activation_name(t.activation)},
                          {"layer_norm_eps", t.layer_norm_eps}};
  };
  nlohmann::json text = tower(config.text);
  text["max_position_embeddings"] = config.context_length;
  text["vocab_size"] = config.vocab_size;
  text["bos_token_id"] = 49406;
  text["eos_token_id"] = 49407;
  text["pad_token_id"] = 49407;
  text["projection_dim"] = config.embed_dim;
  nlohmann::json vision = tower(config.vision);
  vision["image_size"] = config.image_size;
  vision["patch_size"] = config.patch_size;
  vision["num_channels"] = 3;
  vision["projection_dim"] = config.embed_dim;
  return {{"architectures", {"CLIPModel"}},   {"model_type", "clip"}, {"projection_dim", config.embed_dim},
          {"logit_scale_init_value", 2.6592}, {"text_config", text},  {"vision_config", vision}};
}

}  // namespace promptune
