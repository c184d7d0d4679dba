#pragma once

#include <string>
#include <vector>

#include "core/io/tensor_archive.h"
#include "core/models/clip_config.h"
#include "core/util/torch.h"

namespace promptune {

/// Numeric precision of a forward pass. Float32 is the reference path (and the only one on CPU); the half
/// precisions run matmuls under CUDA autocast while LayerNorm and softmax stay in float32 (autocast's own lists).
enum class Precision { Float32, Float16, BFloat16 };

/// Parses "fp32"/"float32", "fp16"/"float16", "bf16"/"bfloat16"; throws Error naming the allowed values.
Precision parse_precision(const std::string& name);
const char* precision_name(Precision precision);

/// Enables CUDA autocast to `precision` on this thread for its lifetime when `device` is CUDA and the precision is
/// not Float32; otherwise does nothing. Autocast state is thread-local: create it in the worker that runs the model.
class AutocastScope {
 public:
  AutocastScope(const torch::Device& device, Precision precision);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;
  bool active() const { return active_; }

 private:
  bool active_ = false;
  bool previous_enabled_ = false;
  at::ScalarType previous_dtype_ = at::kHalf;
};

/// Where visual prompt tokens enter the vision transformer. Recorded in exported prompt files: the two are not
/// interchangeable, because prompts inserted before ln_pre are normalised with the patches.
enum class PromptInsertion { AfterLnPre, BeforeLnPre };

/// The vision prompt slot. Prompt tokens sit right after CLS. One entry in `tokens_per_layer` is a shallow prompt
/// (inserted once, before block 0); L entries are deep prompts: entry l replaces the prompt tokens before block l.
/// Each entry is [P, D] (shared by the batch) or [B, P, D]. Empty: the plain encoder, exactly.
struct VisualPrompts {
  std::vector<torch::Tensor> tokens_per_layer;
  PromptInsertion insertion = PromptInsertion::AfterLnPre;
  bool capture_tokens = false;     ///< keep the input of every block (SPT initialisation, NMI)
  bool capture_attention = false;  ///< keep every block's attention probabilities [B, H, T, T]
};

/// Result of the vision tower.
struct VisionOutput {
  torch::Tensor features;                   ///< [B, E] projected image features (not normalised)
  torch::Tensor cls;                        ///< [B, D] CLS token after ln_post, before the projection
  std::vector<torch::Tensor> block_inputs;  ///< per block: [B, T, D] tokens entering it (when captured)
  std::vector<torch::Tensor> attention;     ///< per block: [B, H, T, T] (when captured)
  int prompt_count = 0;                     ///< P: tokens 1..P are prompts, P+1.. are patches
};

/// Pre-LN multi-head self-attention with CLIP's packed in_proj weights, written out so that attention
/// probabilities can be captured.
class AttentionImpl : public torch::nn::Module {
 public:
  AttentionImpl(int width, int heads);
  /// `mask` is additive [T, T] or undefined; `probabilities` receives [B, H, T, T] when not null.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask, torch::Tensor* probabilities = nullptr);
  /// Causal attention over K sequences that begin with the same P tokens: `prefix` [1, P, D] is attended once,
  /// `suffixes` [K, S, D] attend to the shared prefix and to their own earlier tokens. Returns both outputs.
  std::pair<torch::Tensor, torch::Tensor> forward_shared_prefix(const torch::Tensor& prefix,
                                                                const torch::Tensor& suffixes);

  torch::Tensor in_proj_weight, in_proj_bias;
  torch::nn::Linear out_proj{nullptr};

 private:
  int heads_;
};
TORCH_MODULE(Attention);

class ResidualBlockImpl : public torch::nn::Module {
 public:
  explicit ResidualBlockImpl(const TransformerConfig& config);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask, torch::Tensor* probabilities = nullptr);
  /// The causal block over a shared prefix [1, P, D] and K suffixes [K, S, D] (AttentionImpl::forward_shared_prefix).
  std::pair<torch::Tensor, torch::Tensor> forward_shared_prefix(const torch::Tensor& prefix,
                                                                const torch::Tensor& suffixes);

  Attention attn{nullptr};
  torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
  torch::nn::Sequential mlp{nullptr};  ///< children named c_fc, gelu, c_proj as in the reference

 private:
  Activation activation_;
};
TORCH_MODULE(ResidualBlock);

/// The CLIP ViT vision tower (OpenAI parameter names under `visual.`).
class VisionTransformerImpl : public torch::nn::Module {
 public:
  VisionTransformerImpl(const ClipConfig& config);
  VisionOutput forward(const torch::Tensor& images, const VisualPrompts& prompts = {});
  /// Tokens before the first block, as the prompts would be concatenated into them: [B, 1 + N, D].
  torch::Tensor embed(const torch::Tensor& images, PromptInsertion insertion);

  torch::nn::Conv2d conv1{nullptr};
  torch::Tensor class_embedding, positional_embedding, proj;
  torch::nn::LayerNorm ln_pre{nullptr}, ln_post{nullptr};
  torch::nn::ModuleList resblocks{nullptr};

 private:
  ClipConfig config_;
};
TORCH_MODULE(VisionTransformer);

/// A ViT CLIP with the prompt slots of the architecture: the text tower reads token embeddings (CoOp, CoCoOp),
/// the vision tower takes VisualPrompts (VPT, SPT). Parameter names are those of OpenAI's state dict.
class ClipModelImpl : public torch::nn::Module {
 public:
  explicit ClipModelImpl(const ClipConfig& config);

  /// Copies `weights` (OpenAI names) into the parameters. Throws Error listing missing and unexpected keys, or
  /// naming the key, expected and found shape of a mismatch; `source` starts each message.
  void load_weights(const TensorMap& weights, const std::string& source);
  /// The parameters by OpenAI name (a copy of the map, sharing storage).
  TensorMap weights() const;

  VisionOutput encode_image(const torch::Tensor& images, const VisualPrompts& prompts = {});
  /// Text features [K, E] from token embeddings [K, L, D_t] and EOT positions [K] (int64). Sequences are cut to
  /// max(EOT)+1 first: with the causal mask later positions cannot reach the EOT row, so the result is exact.
  torch::Tensor encode_text_embeddings(const torch::Tensor& token_embeddings, const torch::Tensor& eot_positions);
  /// The same features for K prompts that share their first P token embeddings (CoOp's [SOS][context] before the
  /// class name): `prefix` [1, P, D_t], `suffixes` [K, L - P, D_t], EOT positions [K] counted in the whole prompt
  /// (each >= P). Under the causal mask the prefix rows do not depend on what follows, so they are computed once
  /// instead of K times; exact up to float rounding (tested against encode_text_embeddings).
  torch::Tensor encode_text_shared_prefix(const torch::Tensor& prefix, const torch::Tensor& suffixes,
                                          const torch::Tensor& eot_positions);
  /// Text features [K, E] from ids [K, L] and EOT positions [K].
  torch::Tensor encode_text(const torch::Tensor& ids, const torch::Tensor& eot_positions);
  /// exp(logit_scale): 100 for every released OpenAI checkpoint.
  torch::Tensor logit_scale_value() const { return logit_scale.exp(); }
  const ClipConfig& config() const { return config_; }
  std::int64_t parameter_count() const;

  VisionTransformer visual{nullptr};
  torch::nn::ModuleList transformer{nullptr};  ///< text resblocks, registered as transformer.resblocks.N
  torch::nn::Embedding token_embedding{nullptr};
  torch::Tensor positional_embedding, text_projection, logit_scale;
  torch::nn::LayerNorm ln_final{nullptr};

 private:
  ClipConfig config_;
};
TORCH_MODULE(ClipModel);

}  // namespace promptune
