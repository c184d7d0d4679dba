#pragma once

#include "core/methods/context_prompts.h"
#include "core/methods/prompt_method.h"

namespace promptune {

/// POUF's two losses on one batch of target images (METHODS-vision.md §8.2-8.3), from the cosine similarities
/// `similarity` [B, K] of unit image and text features and the logit scale s:
/// - conditional transport: (1/B) sum_ik c_ik p(k|i) + (1/K) sum_ki c_ik pi(i|k), with c = 1 - cos,
///   p = softmax over classes and pi = softmax over the batch of s * cos; nothing detached;
/// - information maximisation: mean_i H(p(.|i)) - H(mean_i p(.|i)) with POUF's 1e-5 and 1e-6 inside the logs.
struct PoufLosses {
  torch::Tensor transport, information, logits;
};
PoufLosses pouf_losses(const torch::Tensor& similarity, const torch::Tensor& scale);
/// The conditional-transport term alone: cost 1 - similarity [B, K], plans softmax(scaled) over classes (dim 1)
/// and over the batch (dim 0), `scaled` = temperature * similarity. Symmetric: transposing both gives the same.
torch::Tensor conditional_transport(const torch::Tensor& similarity, const torch::Tensor& scaled);
/// The information-maximisation term of class logits [B, K]: mean entropy (1e-5 in the log) minus the entropy of
/// the batch-mean prediction (1e-6 in the log).
torch::Tensor information_maximisation(const torch::Tensor& logits);

/// The options and loss shared by both variants.
class PoufObjective {
 public:
  explicit PoufObjective(const MethodSetup& setup);
  static std::vector<MethodOption> options();
  /// Total loss lambda_T * L_CT + lambda_IM * L_IM with both terms for the curves; reads no label.
  LossOutput loss(const torch::Tensor& image_features, const torch::Tensor& text_features,
                  const torch::Tensor& scale) const;

 private:
  double transport_weight_, information_weight_;
};

/// POUF prompt tuning (`--learn-prompt`): a CoOp context of 4 vectors from "a photo of a" and the logit scale adapt
/// to unlabeled target images; the encoders stay frozen, so target features come from the cache.
class PoufPromptMethod : public PromptMethod {
 public:
  explicit PoufPromptMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();

  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override { return {context_, log_scale_}; }
  std::vector<ParameterGroup> parameter_groups() override;
  torch::Tensor logits(const MethodBatch& batch) override;
  LossOutput loss(const MethodBatch& batch) override;
  void begin_evaluation() override;
  void end_evaluation() override { frozen_text_features_ = torch::Tensor(); }
  torch::Tensor class_prototypes() override;
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

 private:
  torch::Tensor text_features();

  ContextPrompts prompts_;
  PoufObjective objective_;
  torch::Tensor context_;    ///< [M, D]
  torch::Tensor log_scale_;  ///< CLIP's logit_scale parameter (the scale is its exp), trained
  torch::Tensor frozen_text_features_;
};

/// POUF model tuning (the default of the official code): every CLIP parameter of both towers and the logit scale
/// adapt to unlabeled target images; prototypes are the text features of "a photo of a {class}". A trainable copy of
/// the model is kept, the shared backbone stays frozen for the zero-shot baseline.
class PoufModelMethod : public PromptMethod {
 public:
  explicit PoufModelMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();

  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override;
  torch::Tensor logits(const MethodBatch& batch) override;
  LossOutput loss(const MethodBatch& batch) override;
  MethodPrediction predict(const MethodBatch& batch) override;
  void begin_evaluation() override;
  void end_evaluation() override { frozen_text_features_ = torch::Tensor(); }
  bool end_training(const FeatureSet& validation, const LogCallback& log) override;
  torch::Tensor class_prototypes() override;
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

 private:
  torch::Tensor text_features();
  torch::Tensor image_features(const torch::Tensor& images);

  ClipBackbone* backbone_;
  ClipModel model_{nullptr};
  PoufObjective objective_;
  torch::Tensor ids_, eot_;  ///< tokenised prototypes prompts [K, L], [K]
  double wise_ft_alpha_;
  torch::Tensor frozen_text_features_;
};

}  // namespace promptune
