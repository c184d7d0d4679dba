#include "core/methods/p_tuning.h"

#include "core/methods/prompt_tuning.h"
#include "core/util/error.h"

namespace promptune {

const MethodDescription& PTuningMethod::method_description() {
  static const MethodDescription description{
      "p_tuning",
      "P-tuning (prompt encoder)",
      "Learns virtual tokens through an MLP or LSTM prompt encoder; the masked LM stays frozen.",
      true,
      {{"virtual_tokens", OptionType::Integer, 20, "number of virtual tokens P", 1, 256, {}},
       {"encoder",
        OptionType::Choice,
        "mlp",
        "reparameterisation head (PEFT encoder_reparameterization_type)",
        0,
        0,
        {"mlp", "lstm"}},
       {"encoder_hidden", OptionType::Integer, 0, "hidden width of the head; 0: the model's hidden size", 0, 8192, {}}},
      PromptTuningMethod::method_description().training_defaults,
      MethodInput::Text,
      TrainingData::LabeledTrain,
      Modality::Text};
  return description;
}

PTuningMethod::PTuningMethod(const MethodSetup& setup)
    : MaskedLmPromptMethod(setup),
      kind_(setup.options.at("encoder").get<std::string>()),
      count_(setup.options.at("virtual_tokens").get<int>()) {
  const auto& config = backbone_->model->config();
  const int width = config.hidden_size;
  const int hidden =
      setup.options.at("encoder_hidden").get<int>() > 0 ? setup.options.at("encoder_hidden").get<int>() : width;
  if (count_ > config.usable_positions() - limits_.max_length)
    throw Error("method.options.virtual_tokens: " + std::to_string(count_) + " virtual tokens and text.max_length " +
                std::to_string(limits_.max_length) + " exceed the model's " +
                std::to_string(config.usable_positions()) + " positions; lower one of them");
  torch::manual_seed(static_cast<std::int64_t>(setup.seed));
  encoder_ = std::make_shared<torch::nn::Module>();
  embedding_ = encoder_->register_module("embedding", torch::nn::Embedding(count_, width));
  if (kind_ == "lstm") {
    lstm_ = encoder_->register_module(
        "lstm_head",
        torch::nn::LSTM(torch::nn::LSTMOptions(width, hidden).num_layers(2).bidirectional(true).batch_first(true)));
    head_ = encoder_->register_module(
        "mlp_head", torch::nn::Sequential(torch::nn::Linear(2 * hidden, 2 * hidden), torch::nn::ReLU(),
                                          torch::nn::Linear(2 * hidden, width)));
  } else {
    head_ = encoder_->register_module(
        "mlp_head",
        torch::nn::Sequential(torch::nn::Linear(width, hidden), torch::nn::ReLU(), torch::nn::Linear(hidden, hidden),
                              torch::nn::ReLU(), torch::nn::Linear(hidden, width)));
  }
  encoder_->to(device_);
}

torch::Tensor PTuningMethod::prompt_embeddings() const {
  // Through ptr(): the holders are const here, the encoder's forward is not (nothing in it changes).
  auto vectors = embedding_->weight.unsqueeze(0);  // [1, P, H]
  if (lstm_) vectors = std::get<0>(lstm_.ptr()->forward(vectors));
  return head_.ptr()->forward(vectors).squeeze(0);
}

TensorMap PTuningMethod::state() const {
  TensorMap state = module_state(*encoder_, "prompt_encoder.");
  torch::NoGradGuard no_grad;
  state["prompt_embeddings"] = prompt_embeddings().detach().to(torch::kCPU).clone();
  return state;
}

void PTuningMethod::load_state(const TensorMap& state) {
  load_module_state(*encoder_, state, "prompt_encoder.", "p_tuning");
}

nlohmann::json PTuningMethod::export_metadata() const {
  auto metadata = MaskedLmPromptMethod::export_metadata();
  metadata["virtual_tokens"] = count_;
  metadata["encoder"] = kind_;
  metadata["placement"] = "prepended before the first special token (PEFT)";
  return metadata;
}

}  // namespace promptune
