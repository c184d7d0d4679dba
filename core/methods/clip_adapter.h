#pragma once

#include "core/methods/prompt_method.h"

namespace promptune {

/// CLIP-Adapter's residual blend (METHODS-vision.md §9.2): f' = ratio * ReLU(W2 ReLU(W1 f)) + (1 - ratio) * f, with
/// W1 [E/r, E] and W2 [E, E/r] without bias.
torch::Tensor clip_adapter_features(const torch::Tensor& features, const torch::Tensor& down, const torch::Tensor& up,
                                    double ratio);

/// CLIP-Adapter (Gao et al., IJCV 2024): a bottleneck MLP on the frozen image features, blended residually with
/// them, scored against the frozen zero-shot text classifier of the session's templates.
class ClipAdapterMethod : public PromptMethod {
 public:
  explicit ClipAdapterMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();

  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override { return {down_, up_}; }
  torch::Tensor logits(const MethodBatch& batch) override;
  MethodPrediction predict(const MethodBatch& batch) override;
  torch::Tensor class_prototypes() override { return prototypes_; }
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

 private:
  torch::Tensor adapted(const torch::Tensor& features) const;

  torch::Tensor prototypes_;  ///< [K, E] frozen zero-shot classifier
  torch::Tensor scale_;
  torch::Tensor down_, up_;  ///< W1 [E/r, E], W2 [E, E/r]
  double ratio_;
  int reduction_;
};

}  // namespace promptune
