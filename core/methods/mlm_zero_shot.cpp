#include "core/methods/mlm_zero_shot.h"

#include "core/util/error.h"

namespace promptune {

torch::Tensor calibrate_scores(const torch::Tensor& scores, const torch::Tensor& content_free_probabilities) {
  const auto q = torch::softmax(scores, 1) / content_free_probabilities.to(scores.device()).unsqueeze(0);
  return torch::log(q / q.sum(1, true));
}

const MethodDescription& MlmZeroShotMethod::method_description() {
  static const MethodDescription description{
      "mlm_zero_shot",
      "Prompt-based zero-shot (masked LM)",
      "Fills the template's mask with the frozen masked LM and reads the label words' scores; nothing is trained.",
      false,
      {{"calibration",
        OptionType::Choice,
        "none",
        "contextual: divide by the prediction for content-free inputs (N/A, empty, the mask), Zhao et al. 2021",
        0,
        0,
        {"none", "contextual"}}},
      nlohmann::json::object(),
      MethodInput::Text,
      TrainingData::LabeledTrain,
      Modality::Text};
  return description;
}

MlmZeroShotMethod::MlmZeroShotMethod(const MethodSetup& setup)
    : MaskedLmPromptMethod(setup), contextual_(setup.options.at("calibration").get<std::string>() == "contextual") {
  calibration_ = torch::ones({words_.ids.size(0)}, torch::kFloat32).to(device_);
}

void MlmZeroShotMethod::prepare(const PreparationData& /*data*/, const FitProgress& /*progress*/,
                                const LogCallback& log) {
  if (!contextual_) return;
  torch::NoGradGuard no_grad;
  MethodBatch batch;
  batch.text = encode_texts({"N/A", "", backbone_->tokenizer->mask_token()});
  const auto scores = label_word_scores(model(), mask_features(batch), words_);
  calibration_ = torch::softmax(scores, 1).mean(0);
  std::string line = "contextual calibration: content-free class probabilities";
  for (std::int64_t c = 0; c < calibration_.size(0); ++c) line += " " + std::to_string(calibration_[c].item<double>());
  log(line);
}

torch::Tensor MlmZeroShotMethod::calibrated(const torch::Tensor& scores) const {
  return contextual_ ? calibrate_scores(scores, calibration_) : scores;
}

torch::Tensor MlmZeroShotMethod::logits(const MethodBatch& batch) {
  return calibrated(MaskedLmPromptMethod::logits(batch));
}

MethodPrediction MlmZeroShotMethod::predict(const MethodBatch& batch) {
  auto prediction = MaskedLmPromptMethod::predict(batch);
  prediction.logits = calibrated(prediction.logits);
  return prediction;
}

void MlmZeroShotMethod::load_state(const TensorMap& state) {
  calibration_ = state_tensor(state, "calibration", {words_.ids.size(0)}, "mlm_zero_shot").to(device_);
}

nlohmann::json MlmZeroShotMethod::export_metadata() const {
  auto metadata = MaskedLmPromptMethod::export_metadata();
  metadata["calibration"] = contextual_ ? "contextual" : "none";
  return metadata;
}

}  // namespace promptune
