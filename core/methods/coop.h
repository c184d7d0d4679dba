#pragma once

#include "core/methods/context_prompts.h"
#include "core/methods/prompt_method.h"

namespace promptune {

/// CoOp (Zhou et al., IJCV 2022; METHODS-vision.md §3): M learned context vectors, shared by all classes or one
/// set per class, spliced into the frozen text encoder's input. Only the context trains.
class CoOpMethod : public PromptMethod {
 public:
  explicit CoOpMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();

  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override { return {context_}; }
  torch::Tensor logits(const MethodBatch& batch) override;
  void begin_evaluation() override;
  void end_evaluation() override { frozen_text_features_ = torch::Tensor(); }
  torch::Tensor class_prototypes() override;
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

 private:
  torch::Tensor text_features();
  ClipBackbone* backbone_;
  ContextPrompts prompts_;
  bool class_specific_;
  std::string init_phrase_;
  std::string position_;
  torch::Tensor context_;  ///< [M, D] or [K, M, D]
  torch::Tensor logit_scale_;
  torch::Tensor frozen_text_features_;
};

}  // namespace promptune
