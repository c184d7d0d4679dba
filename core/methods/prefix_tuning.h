#pragma once

#include "core/methods/mlm_prompting.h"

namespace promptune {

/// Prefix tuning / P-tuning v2 for encoders as PEFT's PrefixEncoder (METHODS-language.md §4.4): P trainable keys
/// and values for every layer's attention, optionally produced by Embedding(P, H) -> Linear -> Tanh -> Linear;
/// the real tokens take positions P.. (PEFT's convention, recorded in the prompt file); the masked LM is frozen and
/// read at the template's mask through the label words.
class PrefixTuningMethod : public MaskedLmPromptMethod {
 public:
  explicit PrefixTuningMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();
  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override { return encoder_->parameters(); }
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;
  /// The flat prefix [P, layers * 2 * H] in PEFT's layout (block j: layer j / 2, key if j is even, else value).
  torch::Tensor flat_prefix() const;

 protected:
  MaskedLmImpl& model() override { return *backbone_->model; }
  PromptInjection injection() override;

 private:
  int count_;
  bool projection_;
  std::shared_ptr<torch::nn::Module> encoder_;
  torch::nn::Embedding embedding_{nullptr};
  torch::nn::Sequential transform_{nullptr};
};

}  // namespace promptune
