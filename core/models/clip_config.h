#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace promptune {

enum class Activation { QuickGelu, Gelu };

/// Sizes of one transformer tower.
struct TransformerConfig {
  int width = 0;      ///< token width D
  int layers = 0;     ///< residual blocks
  int heads = 0;      ///< attention heads (width must divide evenly)
  int mlp_width = 0;  ///< hidden width of the MLP (4 x width in every released CLIP)
  Activation activation = Activation::QuickGelu;
  double layer_norm_eps = 1e-5;
};

/// Architecture of a ViT CLIP, from a Hugging Face config.json or inferred from tensor shapes as the reference
/// build_model does.
struct ClipConfig {
  TransformerConfig vision;
  int patch_size = 0;  ///< ViT patch side in pixels
  int image_size = 0;  ///< input resolution the positional embedding was trained for
  TransformerConfig text;
  int context_length = 77;  ///< text positions
  int vocab_size = 49408;   ///< token embedding rows
  int embed_dim = 0;        ///< joint embedding E

  int grid_size() const { return image_size / patch_size; }
  /// "ViT 12x768 /32 @224, text 12x512, E=512": what the Backbone panel and `info` show.
  std::string summary() const;
  /// Throws Error starting with `source` when sizes are inconsistent (heads not dividing width, ...).
  void validate(const std::string& source) const;
};

/// OpenAI's ViT-B/32 architecture (151,277,313 parameters): the reference size for benchmarks and tests.
ClipConfig vit_b32_config();

/// Reads a Hugging Face CLIPModel config.json; missing required fields are named in the Error.
ClipConfig clip_config_from_hf_json(const nlohmann::json& config, const std::string& source);
/// Reads the constructor arguments of the reference CLIP (architecture.json beside an OpenAI checkpoint).
ClipConfig clip_config_from_architecture_json(const nlohmann::json& architecture, const std::string& source);
/// The Hugging Face config.json for `config` (written when we save a model in the Hugging Face layout).
nlohmann::json clip_config_to_hf_json(const ClipConfig& config);

}  // namespace promptune
