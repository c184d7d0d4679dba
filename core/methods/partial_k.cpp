#include "core/methods/partial_k.h"

namespace promptune {

const MethodDescription& PartialKMethod::method_description() {
  static auto options = [] {
    std::vector<MethodOption> list{
        {"k", OptionType::Integer, 1, "blocks fine-tuned, counted from the last (VPT reports 1, 2 and 4)", 1, 48, {}}};
    for (auto& option : vision_tuning_options()) list.push_back(std::move(option));
    list.push_back(wise_ft_option());
    return list;
  }();
  static const MethodDescription description{
      "partial_k",
      "Partial-k (last blocks fine-tuned)",
      "Fine-tunes the last k blocks of the image encoder with its final norm and projection.",
      true,
      options,
      // Whole blocks train, so a smaller rate than the prompt recipes: AdamW 1e-5 as CLIP fine-tuning uses.
      {{"epochs", 10},
       {"batch_size", 32},
       {"optimizer", "adamw"},
       {"learning_rate", 1e-5},
       {"weight_decay", 0.1},
       {"warmup_epochs", 1},
       {"warmup_type", "linear"},
       {"schedule", "cosine"},
       {"schedule_unit", "step"},
       {"augmentation", "coop"}},
      MethodInput::Images};
  return description;
}

PartialKMethod::PartialKMethod(const MethodSetup& setup)
    : TunedTowerMethod(setup, last_vision_blocks(*setup.backbone, setup.options.at("k").get<int>())),
      blocks_(setup.options.at("k").get<int>()) {}

nlohmann::json PartialKMethod::encoder_metadata() const {
  auto metadata = tuned_summary();
  metadata["tuned"] = "last " + std::to_string(blocks_) + " blocks, ln_post, proj";
  metadata["k"] = blocks_;
  return metadata;
}

}  // namespace promptune
