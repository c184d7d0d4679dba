#pragma once

#include "core/methods/prompt_method.h"

namespace promptune {

/// Linear probe (CLIP paper; METHODS-vision.md §9.1): multinomial logistic regression with an L2 penalty on
/// frozen, unnormalised image features (standardised first), fitted by L-BFGS. C = 1/lambda follows
/// scikit-learn: minimise C * sum(CE) + |W|^2 / 2. With validation data C is searched as CoOp's lpclip does
/// (grid 1e6..1e-6, then 8 log-space bisection steps around the best); without, the option's value is used.
class LinearProbeMethod : public PromptMethod {
 public:
  explicit LinearProbeMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();

  const MethodDescription& description() const override { return method_description(); }
  void fit(const FeatureSet& train, const FeatureSet& validation, const FitProgress& progress,
           const LogCallback& log) override;
  torch::Tensor logits(const MethodBatch& batch) override;
  /// Weight rows mapped back to feature space (divided by the standard deviation), unit length.
  torch::Tensor class_prototypes() override;
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

  double chosen_c() const { return c_; }

 private:
  /// Weights [K, E] and bias [K] fitted with penalty C on standardised features.
  std::pair<torch::Tensor, torch::Tensor> solve(const torch::Tensor& x, const torch::Tensor& y, double c) const;
  double accuracy(const torch::Tensor& weight, const torch::Tensor& bias, const FeatureSet& data) const;

  std::int64_t classes_ = 0, embed_ = 0;
  int max_iterations_ = 1000;
  bool search_ = true;
  double c_ = 0.316;
  torch::Device device_;
  torch::Tensor mean_, scale_, weight_, bias_;
};

}  // namespace promptune
