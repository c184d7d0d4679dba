#pragma once

#include "core/methods/mlm_prompting.h"

namespace promptune {

/// LM-BFF prompt-based fine-tuning (METHODS-language.md §3.2): the masked LM itself is tuned, all of it or its last
/// k layers with the head, by cross-entropy over the label words' logits at the template's mask.
class LmBffMethod : public MaskedLmPromptMethod {
 public:
  explicit LmBffMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();
  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override { return tuned_; }
  void begin_evaluation() override { model_->eval(); }
  void end_evaluation() override { model_->train(); }
  TensorMap state() const override { return tuned_masked_lm_state(*model_); }
  void load_state(const TensorMap& state) override { load_tuned_masked_lm_state(*model_, state, "lm_bff"); }
  nlohmann::json export_metadata() const override;

 protected:
  MaskedLmImpl& model() override { return *model_; }

 private:
  MaskedLm model_;
  int last_k_;
  std::vector<torch::Tensor> tuned_;
};

/// LM-BFF's recipe in Promptune's terms: AdamW 1e-5, no weight decay, linear decay per step, clip 1.0.
nlohmann::json masked_lm_fine_tuning_recipe(int batch_size, int epochs);

}  // namespace promptune
