#include "core/methods/bitfit.h"

namespace promptune {

const MethodDescription& BitFitMethod::method_description() {
  static const MethodDescription description{
      "bitfit",
      "BitFit (bias tuning)",
      "Fine-tunes only the biases of the image encoder (well under 1 % of its parameters).",
      true,
      [] {
        auto options = vision_tuning_options();
        options.push_back(wise_ft_option());
        return options;
      }(),
      // VPT's sweep for its bias baseline uses SGD with the prompt schedule; on CLIP we start from the VPT recipe
      // of MaPLe, which trains a similar number of parameters.
      {{"epochs", 5},
       {"batch_size", 4},
       {"optimizer", "sgd"},
       {"learning_rate", 0.0025},
       {"momentum", 0.9},
       {"weight_decay", 5e-4},
       {"warmup_epochs", 1},
       {"warmup_learning_rate", 1e-5},
       {"schedule", "cosine"},
       {"augmentation", "coop"}},
      MethodInput::Images};
  return description;
}

BitFitMethod::BitFitMethod(const MethodSetup& setup)
    : TunedTowerMethod(setup, [](const std::string& name) { return name.find("bias") != std::string::npos; }) {}

nlohmann::json BitFitMethod::encoder_metadata() const {
  auto metadata = tuned_summary();
  metadata["tuned"] = "image encoder biases";
  return metadata;
}

}  // namespace promptune
