#include "core/methods/lm_bff.h"

namespace promptune {

nlohmann::json masked_lm_fine_tuning_recipe(int batch_size, int epochs) {
  return {{"epochs", epochs},        {"batch_size", batch_size}, {"optimizer", "adamw"},
          {"learning_rate", 1e-5},   {"weight_decay", 0.0},      {"beta1", 0.9},
          {"beta2", 0.999},          {"adam_epsilon", 1e-8},     {"warmup_epochs", 0},
          {"warmup_type", "linear"}, {"schedule", "linear"},     {"schedule_unit", "step"},
          {"gradient_clip", 1.0},    {"augmentation", "none"}};
}

const MethodDescription& LmBffMethod::method_description() {
  static const MethodDescription description{
      "lm_bff",
      "Prompt-based fine-tuning (LM-BFF)",
      "Fine-tunes the masked LM (all of it or its last k layers) with cross-entropy on the label words at the mask.",
      true,
      {{"tuned_layers",
        OptionType::Integer,
        0,
        "0: every weight (LM-BFF); k > 0: only the last k transformer layers and the MLM head",
        0,
        48,
        {}}},
      // LM-BFF: 1000 steps at batch 8 on 16-shot data; here counted in epochs (32 examples: 250 epochs).
      masked_lm_fine_tuning_recipe(8, 30),
      MethodInput::Text,
      TrainingData::LabeledTrain,
      Modality::Text};
  return description;
}

LmBffMethod::LmBffMethod(const MethodSetup& setup)
    : MaskedLmPromptMethod(setup),
      model_(trainable_masked_lm_copy(*setup.language_model, setup.device)),
      last_k_(setup.options.at("tuned_layers").get<int>()) {
  tuned_ = masked_lm_tuned_parameters(*model_, last_k_);
}

nlohmann::json LmBffMethod::export_metadata() const {
  auto metadata = MaskedLmPromptMethod::export_metadata();
  metadata["tuned_layers"] = last_k_ == 0 ? std::string("all") : "last " + std::to_string(last_k_);
  return metadata;
}

}  // namespace promptune
