#pragma once

#include "core/methods/mlm_prompting.h"

namespace promptune {

/// POUF for masked LMs (METHODS-language.md §2): the whole masked LM is tuned with a fixed template on unlabeled
/// target text by L = lambda_T * L_transport + lambda_IM * L_IM. The transport term aligns L2-normalised head
/// features at the mask (LN(gelu_tanh(dense h)) for RoBERTa, the configured activation for BERT) with the
/// normalised label-word rows of the tied decoder (trained too), temperature tau, softmax plans over the batch and
/// over the classes, nothing detached; the IM term is mean entropy minus marginal entropy of the label-word softmax.
/// The few-shot variant adds cross-entropy on labeled training text.
class PoufMlmMethod : public MaskedLmPromptMethod {
 public:
  PoufMlmMethod(const MethodSetup& setup, bool few_shot = false);
  static const MethodDescription& method_description();
  const MethodDescription& description() const override;
  std::vector<torch::Tensor> parameters() override { return model_->parameters(); }
  LossOutput loss(const MethodBatch& batch) override;
  void begin_evaluation() override { model_->eval(); }
  void end_evaluation() override { model_->train(); }
  TensorMap state() const override { return tuned_masked_lm_state(*model_); }
  void load_state(const TensorMap& state) override { load_tuned_masked_lm_state(*model_, state, "pouf_mlm"); }
  nlohmann::json export_metadata() const override;

 protected:
  MaskedLmImpl& model() override { return *model_; }

 private:
  bool few_shot_;
  double transport_weight_, information_weight_, temperature_;
  MaskedLm model_;
};

/// POUF with a few labels (the official run without --unsup): cross-entropy plus both POUF terms.
class PoufMlmFewShotMethod : public PoufMlmMethod {
 public:
  explicit PoufMlmFewShotMethod(const MethodSetup& setup) : PoufMlmMethod(setup, true) {}
  static const MethodDescription& method_description();
};

/// The transport term of POUF-MLM: features f [B, H] and prototypes T [C, H] (normalised inside), temperature tau.
torch::Tensor mlm_transport_loss(const torch::Tensor& features, const torch::Tensor& prototypes, double temperature);

}  // namespace promptune
