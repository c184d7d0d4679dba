#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/models/clip_backbone.h"

namespace promptune {

/// Where the class name sits relative to the learned context (CoOp's CLASS_TOKEN_POSITION).
enum class ClassPosition { End, Middle, Front };
ClassPosition parse_class_position(const std::string& name);

/// CoOp's token layout (METHODS-vision.md §3.2): the placeholder prompt "X X ... X {class}." (or the init phrase
/// in place of the Xs) is tokenised once; the SOS embedding is the prefix, everything after the M context slots
/// the suffix. Learned context vectors are spliced in between, at the end, middle or front position.
class ContextPrompts {
 public:
  /// `init_phrase` empty: `context_length` slots initialised N(0, 0.02^2) by the caller; otherwise the phrase sets
  /// the slot count (its BPE token count) and initial_context() holds its token embeddings.
  ContextPrompts(ClipBackbone& backbone, const std::vector<std::string>& class_names, int context_length,
                 const std::string& init_phrase, ClassPosition position);

  int context_length() const { return context_length_; }
  int class_count() const { return static_cast<int>(name_lengths_.size()); }
  int width() const { return static_cast<int>(prefix_.size(-1)); }
  /// Token embeddings of the init phrase [M, D], or undefined for random init.
  const torch::Tensor& initial_context() const { return initial_context_; }
  /// EOT position of every class prompt [K] (int64).
  const torch::Tensor& eot_positions() const { return eot_; }

  /// Token embeddings [K, L, D] of every class prompt with `context` [K, M, D] (class-specific or broadcast).
  torch::Tensor assemble(const torch::Tensor& context) const;
  /// Text features [K, E] of every class prompt with `context` [M, D] or [K, M, D]; gradient flows to `context`.
  torch::Tensor encode(const torch::Tensor& context) const;
  /// Text features [B, K, E] with one context per image: `context` [B, M, D] (CoCoOp), in chunks of images.
  torch::Tensor encode_per_image(const torch::Tensor& context) const;

  void to(const torch::Device& device);

 private:
  ClipBackbone* backbone_;
  int context_length_ = 0;
  ClassPosition position_;
  std::vector<std::int64_t> name_lengths_;
  torch::Tensor prefix_, suffix_, eot_, initial_context_;
};

/// CoOp's and CoCoOp's official optimisation (Dassl): SGD lr 0.002, momentum 0.9, weight decay 5e-4, one warm-up
/// epoch at a constant 1e-5, then per-epoch cosine; only epochs and batch size differ between the two.
inline nlohmann::json dassl_prompt_recipe(int epochs, int batch_size) {
  return {{"epochs", epochs},    {"batch_size", batch_size}, {"optimizer", "sgd"}, {"learning_rate", 0.002},
          {"momentum", 0.9},     {"weight_decay", 5e-4},     {"warmup_epochs", 1}, {"warmup_learning_rate", 1e-5},
          {"schedule", "cosine"}};
}

/// The `count` vocabulary tokens nearest (Euclidean, as CoOp's interpret_prompt.py) to each row of `context`
/// [M, D]: one list of (token, distance) per row.
std::vector<std::vector<std::pair<std::string, float>>> nearest_tokens(ClipBackbone& backbone,
                                                                       const torch::Tensor& context, int count);

}  // namespace promptune
