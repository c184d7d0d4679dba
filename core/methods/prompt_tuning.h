#pragma once

#include "core/methods/mlm_prompting.h"

namespace promptune {

/// Prompt tuning (Lester et al. 2021) as Hugging Face PEFT implements it for encoders (METHODS-language.md §4.2,
/// §4.5): P virtual token vectors before [CLS] / <s>, the masked LM frozen in eval mode, trained by cross-entropy
/// over the label words at the template's mask (which the virtual tokens shift by P). Initialised from the
/// embeddings of a text (PEFT TEXT: its tokens with specials, repeated to P), of random vocabulary rows
/// (SAMPLE_VOCAB), or N(0, 1) (RANDOM).
class PromptTuningMethod : public MaskedLmPromptMethod {
 public:
  explicit PromptTuningMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();
  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override { return {prompt_}; }
  TensorMap state() const override { return {{"prompt_embeddings", prompt_.detach().to(torch::kCPU).clone()}}; }
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;
  /// The virtual tokens [P, H] (what PEFT stores as prompt_embeddings).
  torch::Tensor prompt_embeddings() const { return prompt_.detach(); }

 protected:
  MaskedLmImpl& model() override { return *backbone_->model; }
  PromptInjection injection() override { return {prompt_, {}, 0}; }

 private:
  std::string initialisation_;
  torch::Tensor prompt_;  ///< [P, H]
};

}  // namespace promptune
