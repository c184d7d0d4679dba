#pragma once

#include "core/methods/mlm_prompting.h"

namespace promptune {

/// Prompt-based zero-shot classification with a masked LM (LM-BFF's --no_train): the template's mask filled by
/// the frozen MLM head, class scores from the label words. Optional contextual calibration (Zhao et al. 2021,
/// diagonal mode): predictions divided by the mean prediction for content-free inputs ("N/A", "", the mask).
class MlmZeroShotMethod : public MaskedLmPromptMethod {
 public:
  explicit MlmZeroShotMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();
  const MethodDescription& description() const override { return method_description(); }
  void prepare(const PreparationData& data, const FitProgress& progress, const LogCallback& log) override;
  torch::Tensor logits(const MethodBatch& batch) override;
  MethodPrediction predict(const MethodBatch& batch) override;
  TensorMap state() const override { return {{"calibration", calibration_.detach().to(torch::kCPU).clone()}}; }
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

 protected:
  MaskedLmImpl& model() override { return *backbone_->model; }

 private:
  torch::Tensor calibrated(const torch::Tensor& scores) const;
  bool contextual_;
  torch::Tensor calibration_;  ///< [C] mean content-free class probabilities (ones: no calibration)
};

/// Contextual calibration's diagonal mode: log(softmax(scores) / p_cf), renormalised (METHODS-language.md §3.5).
torch::Tensor calibrate_scores(const torch::Tensor& scores, const torch::Tensor& content_free_probabilities);

}  // namespace promptune
