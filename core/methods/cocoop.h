#pragma once

#include "core/methods/context_prompts.h"
#include "core/methods/prompt_method.h"

namespace promptune {

/// CoCoOp (Zhou et al., CVPR 2022; METHODS-vision.md §4): CoOp's shared context plus a meta-net that turns each
/// normalised image feature into one vector added to every context token, so the prompt adapts per image.
class CoCoOpMethod : public PromptMethod {
 public:
  explicit CoCoOpMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();

  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override;
  torch::Tensor logits(const MethodBatch& batch) override;
  /// The learned context without any per-image shift: what the prompts say before they see an image.
  torch::Tensor class_prototypes() override;
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

 private:
  ClipBackbone* backbone_;
  ContextPrompts prompts_;
  std::string init_phrase_;
  torch::Tensor context_;  ///< [M, D]
  torch::nn::Sequential meta_net_{nullptr};
  int hidden_ = 0;
  torch::Tensor logit_scale_;
};

}  // namespace promptune
