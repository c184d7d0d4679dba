#include "core/methods/prefix_tuning.h"

#include "core/methods/prompt_tuning.h"
#include "core/util/error.h"

namespace promptune {

const MethodDescription& PrefixTuningMethod::method_description() {
  static const MethodDescription description{
      "prefix_tuning",
      "Prefix tuning / P-tuning v2",
      "Learns keys and values prepended to every attention layer; the masked LM stays frozen.",
      true,
      {{"virtual_tokens", OptionType::Integer, 10, "prefix length P", 1, 256, {}},
       {"projection",
        OptionType::Boolean,
        false,
        "reparameterise through Embedding(P, H) -> Linear -> Tanh -> Linear (PEFT prefix_projection)",
        0,
        0,
        {}},
       {"encoder_hidden",
        OptionType::Integer,
        0,
        "hidden width of the projection; 0: the model's hidden size",
        0,
        8192,
        {}}},
      PromptTuningMethod::method_description().training_defaults,
      MethodInput::Text,
      TrainingData::LabeledTrain,
      Modality::Text};
  return description;
}

PrefixTuningMethod::PrefixTuningMethod(const MethodSetup& setup)
    : MaskedLmPromptMethod(setup),
      count_(setup.options.at("virtual_tokens").get<int>()),
      projection_(setup.options.at("projection").get<bool>()) {
  const auto& config = backbone_->model->config();
  const int width = config.hidden_size, flat = config.layers * 2 * width;
  const int hidden =
      setup.options.at("encoder_hidden").get<int>() > 0 ? setup.options.at("encoder_hidden").get<int>() : width;
  if (count_ > config.usable_positions() - limits_.max_length)
    throw Error("method.options.virtual_tokens: a prefix of " + std::to_string(count_) +
                " shifts the positions of text.max_length " + std::to_string(limits_.max_length) +
                " tokens past the model's " + std::to_string(config.usable_positions()) + "; lower one of them");
  torch::manual_seed(static_cast<std::int64_t>(setup.seed));
  encoder_ = std::make_shared<torch::nn::Module>();
  embedding_ = encoder_->register_module("embedding", torch::nn::Embedding(count_, projection_ ? width : flat));
  if (projection_)
    transform_ = encoder_->register_module(
        "transform",
        torch::nn::Sequential(torch::nn::Linear(width, hidden), torch::nn::Tanh(), torch::nn::Linear(hidden, flat)));
  encoder_->to(device_);
}

torch::Tensor PrefixTuningMethod::flat_prefix() const {
  return projection_ ? transform_.ptr()->forward(embedding_->weight) : embedding_->weight;
}

PromptInjection PrefixTuningMethod::injection() {
  const auto& config = backbone_->model->config();
  // [P, 2N, heads, d] -> [2N, heads, P, d]: PEFT's get_prompt for one example, broadcast over the batch below.
  const auto blocks =
      flat_prefix().view({count_, 2 * config.layers, config.heads, config.head_dim()}).permute({1, 2, 0, 3});
  PromptInjection injection;
  injection.position_offset = count_;
  for (int l = 0; l < config.layers; ++l)
    injection.prefix.emplace_back(blocks[2 * l].unsqueeze(0), blocks[2 * l + 1].unsqueeze(0));
  return injection;
}

TensorMap PrefixTuningMethod::state() const {
  TensorMap state = module_state(*encoder_, "prefix_encoder.");
  torch::NoGradGuard no_grad;
  state["prompt_embeddings"] = flat_prefix().detach().to(torch::kCPU).clone();
  return state;
}

void PrefixTuningMethod::load_state(const TensorMap& state) {
  load_module_state(*encoder_, state, "prefix_encoder.", "prefix_tuning");
}

nlohmann::json PrefixTuningMethod::export_metadata() const {
  auto metadata = MaskedLmPromptMethod::export_metadata();
  metadata["virtual_tokens"] = count_;
  metadata["projection"] = projection_;
  metadata["position_offset"] = count_;  // the real tokens were trained at positions P.. (PEFT / P-tuning v2)
  return metadata;
}

}  // namespace promptune
