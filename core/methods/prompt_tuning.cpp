#include "core/methods/prompt_tuning.h"

#include "core/util/error.h"

namespace promptune {

const MethodDescription& PromptTuningMethod::method_description() {
  static const MethodDescription description{
      "prompt_tuning",
      "Prompt tuning (soft prompt, Lester et al.)",
      "Learns virtual token vectors placed before the input; the masked LM stays frozen. Exports a PEFT adapter.",
      true,
      {{"virtual_tokens", OptionType::Integer, 20, "number of virtual tokens P (PEFT num_virtual_tokens)", 1, 256, {}},
       {"init",
        OptionType::Choice,
        "vocabulary",
        "text: embeddings of init_text's tokens (with [CLS]/[SEP]) repeated to P; vocabulary: random vocabulary rows; "
        "random: N(0, 1) (slow to train: such vectors are far longer than real embeddings)",
        0,
        0,
        {"text", "vocabulary", "random"}},
       {"init_text", OptionType::Text, "", "text for init = text, e.g. a task description", 0, 0, {}}},
      // Lester et al. use Adafactor at 0.3; with AdamW a rate near P-tuning v2's 1e-2 works (METHODS-language §3.6).
      {{"epochs", 50},
       {"batch_size", 8},
       {"optimizer", "adamw"},
       {"learning_rate", 1e-2},
       {"weight_decay", 0.0},
       {"warmup_epochs", 0},
       {"warmup_type", "linear"},
       {"schedule", "linear"},
       {"schedule_unit", "step"},
       {"gradient_clip", 1.0},
       {"augmentation", "none"}},
      MethodInput::Text,
      TrainingData::LabeledTrain,
      Modality::Text};
  return description;
}

PromptTuningMethod::PromptTuningMethod(const MethodSetup& setup)
    : MaskedLmPromptMethod(setup), initialisation_(setup.options.at("init").get<std::string>()) {
  const int count = setup.options.at("virtual_tokens").get<int>();
  auto& lm = *backbone_->model;
  const auto& config = lm.config();
  const int room = config.usable_positions() - limits_.max_length;
  if (count > room)
    throw Error("method.options.virtual_tokens: " + std::to_string(count) + " virtual tokens and text.max_length " +
                std::to_string(limits_.max_length) + " exceed the model's " +
                std::to_string(config.usable_positions()) + " positions; lower one of them");
  torch::NoGradGuard no_grad;
  torch::manual_seed(static_cast<std::int64_t>(setup.seed));
  torch::Tensor ids;
  if (initialisation_ == "text") {
    const std::string text = setup.options.at("init_text").get<std::string>();
    if (text.empty()) throw Error("method.options.init_text: init = text needs a text to start from");
    const auto& special = backbone_->tokenizer->special_ids();
    std::vector<std::int64_t> tokens = {special.cls};
    for (int id : backbone_->tokenizer->encode(text)) tokens.push_back(id);
    tokens.push_back(special.sep);
    std::vector<std::int64_t> repeated;
    for (int i = 0; i < count; ++i) repeated.push_back(tokens[static_cast<std::size_t>(i) % tokens.size()]);
    ids = torch::tensor(repeated, torch::kInt64);
  } else if (initialisation_ == "vocabulary") {
    ids = torch::randint(0, backbone_->tokenizer->vocabulary_size(), {count}, torch::kInt64);
  }
  prompt_ = ids.defined() ? lm.embed_tokens(ids.to(lm.decoder_weight().device())).clone()
                          : torch::randn({count, config.hidden_size});
  prompt_ = prompt_.to(device_, torch::kFloat32).set_requires_grad(true);
}

void PromptTuningMethod::load_state(const TensorMap& state) {
  torch::NoGradGuard no_grad;
  prompt_.copy_(state_tensor(state, "prompt_embeddings", prompt_.sizes().vec(), "prompt_tuning"));
}

nlohmann::json PromptTuningMethod::export_metadata() const {
  auto metadata = MaskedLmPromptMethod::export_metadata();
  metadata["virtual_tokens"] = prompt_.size(0);
  metadata["init"] = initialisation_;
  // PEFT's convention: the prompt sits before [CLS] at positions 0..P-1 and the real tokens follow.
  metadata["placement"] = "prepended before the first special token (PEFT)";
  return metadata;
}

}  // namespace promptune
