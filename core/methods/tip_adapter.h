#pragma once

#include "core/methods/prompt_method.h"

namespace promptune {

/// Tip-Adapter's logits (METHODS-vision.md §9.3) for unit image features f [B, E]:
/// scale * f W^T + alpha * exp(-beta * (1 - f K^T)) L, with the zero-shot classifier W [K, E], cache keys K [N, E]
/// and one-hot values L [N, C].
torch::Tensor tip_adapter_logits(const torch::Tensor& features, const torch::Tensor& classifier,
                                 const torch::Tensor& scale, const torch::Tensor& keys, const torch::Tensor& values,
                                 double alpha, double beta);

/// The blend the official grid search picks on labeled validation features: beta_i = 0.1 + i (S_beta - 0.1) / 200
/// for i < 200 and alpha_j = 0.1 + j (S_alpha - 0.1) / 20 for j < 20, best accuracy first found.
struct TipBlend {
  double alpha = 1.0, beta = 1.0, accuracy = -1.0;
};
TipBlend search_tip_blend(const torch::Tensor& features, const torch::Tensor& labels, const torch::Tensor& classifier,
                          const torch::Tensor& scale, const torch::Tensor& keys, const torch::Tensor& values,
                          double search_scale_alpha, double search_scale_beta);

/// Tip-Adapter (Zhang et al., ECCV 2022), training-free: a cache of the few-shot training images (features averaged
/// over augmented views) whose affinity to a test image adds class evidence to the zero-shot logits; alpha and beta
/// are searched on the validation data.
class TipAdapterMethod : public PromptMethod {
 public:
  explicit TipAdapterMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();
  static std::vector<MethodOption> shared_options();

  const MethodDescription& description() const override { return method_description(); }
  void prepare(const PreparationData& data, const FitProgress& progress, const LogCallback& log) override;
  void fit(const FeatureSet& train, const FeatureSet& validation, const FitProgress& progress,
           const LogCallback& log) override;
  torch::Tensor logits(const MethodBatch& batch) override;
  MethodPrediction predict(const MethodBatch& batch) override;
  torch::Tensor class_prototypes() override { return classifier_; }
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

 protected:
  /// Searches alpha and beta on `validation` (or keeps them, saying why).
  void search_blend(const FeatureSet& validation, const LogCallback& log);

  ClipBackbone* backbone_;
  torch::Device device_;
  std::uint64_t seed_;
  torch::Tensor classifier_, scale_;
  torch::Tensor keys_, values_;  ///< [N, E] unit rows, [N, C] one-hot
  double alpha_, beta_;
  double search_scale_alpha_, search_scale_beta_;
  int augment_epochs_;
  bool search_;
};

/// Tip-Adapter-F: the cache keys become a trained linear layer initialised with the cached features; alpha and beta
/// are searched again on the validation data after training.
class TipAdapterFMethod : public TipAdapterMethod {
 public:
  explicit TipAdapterFMethod(const MethodSetup& setup) : TipAdapterMethod(setup) {}
  static const MethodDescription& method_description();

  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override { return {keys_}; }
  void prepare(const PreparationData& data, const FitProgress& progress, const LogCallback& log) override;
  bool end_training(const FeatureSet& validation, const LogCallback& log) override;
};

}  // namespace promptune
