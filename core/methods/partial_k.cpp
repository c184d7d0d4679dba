#include "core/methods/partial_k.h"

#include "core/util/error.h"

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

namespace {

/// Selects the last `blocks` of `layers` blocks, ln_post and proj; checks k first so the message names the option.
std::function<bool(const std::string&)> last_blocks(const MethodSetup& setup) {
  const int blocks = setup.options.at("k").get<int>();
  const int layers = setup.backbone->model->config().vision.layers;
  if (blocks > layers)
    throw Error("method.options.k: this image encoder has " + std::to_string(layers) +
                " blocks, got k = " + std::to_string(blocks));
  const int first = layers - blocks;
  return [first](const std::string& name) {
    if (name.rfind("ln_post.", 0) == 0 || name == "proj") return true;
    const std::string prefix = "transformer.resblocks.";
    return name.rfind(prefix, 0) == 0 && std::stoi(name.substr(prefix.size())) >= first;
  };
}

}  // namespace

PartialKMethod::PartialKMethod(const MethodSetup& setup)
    : TunedTowerMethod(setup, last_blocks(setup)), blocks_(setup.options.at("k").get<int>()) {}

nlohmann::json PartialKMethod::encoder_metadata() const {
  auto metadata = tuned_summary();
  metadata["tuned"] = "last " + std::to_string(blocks_) + " blocks, ln_post, proj";
  metadata["k"] = blocks_;
  return metadata;
}

}  // namespace promptune
