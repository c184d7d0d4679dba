#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/io/tensor_archive.h"
#include "core/models/masked_lm_config.h"
#include "core/util/torch.h"

namespace promptune {

/// Keys and values prepended to one layer's attention (prefix tuning): each [B, heads, P, head_dim].
using PrefixKeyValues = std::vector<std::pair<torch::Tensor, torch::Tensor>>;

/// The prompt slot of the masked LM (ARCHITECTURE.md): methods hand in embeddings, never token ids, so soft
/// prompts are rows like any other.
struct MaskedLmInput {
  torch::Tensor input_embeddings;  ///< [B, L, H] (embed_tokens(ids), possibly with virtual tokens spliced in)
  torch::Tensor attention_mask;    ///< [B, L]: 1 for real tokens, 0 for padding
  torch::Tensor token_type_ids;    ///< [B, L] int64; undefined: all segment 0
  PrefixKeyValues prefix;          ///< empty, or one (key, value) pair per layer
  /// First position id: the prefix length P for PEFT / P-tuning v2 prefixes, which were trained with shifted
  /// positions; 0 otherwise.
  int position_offset = 0;
};

/// One post-LayerNorm transformer layer with Hugging Face's sub-module names (attention.self.query, ...).
class MaskedLmLayerImpl : public torch::nn::Module {
 public:
  explicit MaskedLmLayerImpl(const MaskedLmConfig& config);
  /// `additive_mask` [B, 1, 1, P + L]; `prefix_key`, `prefix_value` [B, heads, P, d] or undefined.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additive_mask, const torch::Tensor& prefix_key,
                        const torch::Tensor& prefix_value);

 private:
  MaskedLmConfig config_;
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr}, attention_dense{nullptr};
  torch::nn::LayerNorm attention_norm{nullptr};
  torch::nn::Linear intermediate_dense{nullptr}, output_dense{nullptr};
  torch::nn::LayerNorm output_norm{nullptr};
};
TORCH_MODULE(MaskedLmLayer);

/// BERT or RoBERTa with its MLM head, natively in LibTorch. named_parameters() equal the normalised checkpoint
/// keys (bert.* / roberta.*, cls.predictions.* / lm_head.*), so loading is a name-to-name copy. The decoder is
/// tied to the word embeddings unless the checkpoint holds a different decoder matrix.
class MaskedLmImpl : public torch::nn::Module {
 public:
  /// `with_head`: false for checkpoints without MLM head weights (the head is then not built at all).
  MaskedLmImpl(const MaskedLmConfig& config, bool with_head, bool tied_decoder = true);

  /// Word embeddings E[ids]: [B, L] -> [B, L, H].
  torch::Tensor embed_tokens(const torch::Tensor& ids);
  /// Last hidden states [B, L, H].
  torch::Tensor forward(const MaskedLmInput& input);
  /// The MLM head's transform LN(act(dense(h))): the vector whose dot product with a decoder row is that token's
  /// logit. `tanh_gelu`: the tanh approximation (POUF's feature path) instead of the configured activation.
  torch::Tensor head_transform(const torch::Tensor& hidden, bool tanh_gelu = false);
  /// Logits of `token_ids` [K] (all tokens when undefined) for transformed features z: z E[ids]^T + b[ids].
  torch::Tensor token_logits(const torch::Tensor& z, const torch::Tensor& token_ids = {});
  /// The decoder matrix [V, H] (the word embeddings when tied).
  torch::Tensor decoder_weight() const;
  bool has_head() const { return has_head_; }
  bool tied_decoder() const { return tied_; }
  const MaskedLmConfig& config() const { return config_; }
  /// The transformer layers, for methods that tune only the last k.
  const std::vector<MaskedLmLayer>& layers() const { return layers_; }
  /// Parameters of the embedding block (word, position, segment embeddings and their LayerNorm).
  std::vector<torch::Tensor> embedding_parameters() const;

  /// Copies normalised checkpoint tensors by name; throws Error listing missing, unexpected and mismatched keys.
  void load_weights(const TensorMap& weights, const std::string& source);

 private:
  MaskedLmConfig config_;
  bool has_head_ = true;
  bool tied_ = true;
  torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr}, token_type_embeddings{nullptr};
  torch::nn::LayerNorm embedding_norm{nullptr};
  std::vector<MaskedLmLayer> layers_;
  torch::nn::Linear head_dense{nullptr};
  torch::nn::LayerNorm head_norm{nullptr};
  torch::Tensor head_bias, decoder_;
  std::shared_ptr<torch::nn::Module> encoder_root_;
};
TORCH_MODULE(MaskedLm);

/// The tensor-name prefix of the family's encoder: "bert" or "roberta".
std::string masked_lm_encoder_prefix(MaskedLmFamily family);

}  // namespace promptune
