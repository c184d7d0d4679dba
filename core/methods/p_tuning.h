#pragma once

#include "core/methods/mlm_prompting.h"

namespace promptune {

/// P-tuning (Liu et al. 2021) as PEFT's PromptEncoder (METHODS-language.md §4.3): P trainable input vectors pass
/// through a reparameterisation head (MLP: Linear-ReLU-Linear-ReLU-Linear; LSTM: bidirectional LSTM then
/// Linear-ReLU-Linear) and the outputs are placed before [CLS] like prompt tuning's virtual tokens; the masked LM
/// stays frozen. The state holds the head (so training can resume) and the final vectors (what PEFT stores).
class PTuningMethod : public MaskedLmPromptMethod {
 public:
  explicit PTuningMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();
  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override { return encoder_->parameters(); }
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;
  /// The encoder's output [P, H].
  torch::Tensor prompt_embeddings() const;

 protected:
  MaskedLmImpl& model() override { return *backbone_->model; }
  PromptInjection injection() override { return {prompt_embeddings(), {}, 0}; }

 private:
  std::string kind_;
  int count_;
  std::shared_ptr<torch::nn::Module> encoder_;  ///< embedding, mlp_head or lstm_head + mlp_head (PEFT's names)
  torch::nn::Embedding embedding_{nullptr};
  torch::nn::LSTM lstm_{nullptr};
  torch::nn::Sequential head_{nullptr};
};

}  // namespace promptune
