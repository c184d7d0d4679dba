#include "core/methods/cocoop.h"

namespace promptune {

const MethodDescription& CoCoOpMethod::method_description() {
  static const MethodDescription description{
      "cocoop",
      "CoCoOp (conditional context optimisation)",
      "CoOp whose context is shifted per image by a small meta-net on the image feature; generalises better to "
      "unseen classes, at K text-encoder passes per image.",
      true,
      {{"n_ctx", OptionType::Integer, 4, "number of learned context vectors (ignored when init is set)", 1, 64, {}},
       {"init", OptionType::Text, "a photo of a", "initialise the context from this phrase (empty: random)", 0, 0, {}},
       {"meta_hidden",
        OptionType::Integer,
        0,
        "meta-net hidden width (0: embedding width / 16, as the paper)",
        0,
        4096,
        {}}},
      dassl_prompt_recipe(10, 1)};
  return description;
}

CoCoOpMethod::CoCoOpMethod(const MethodSetup& setup)
    : backbone_(setup.backbone),
      prompts_(*setup.backbone, setup.class_names, setup.options.at("n_ctx").get<int>(),
               setup.options.at("init").get<std::string>(), ClassPosition::End),
      init_phrase_(setup.options.at("init").get<std::string>()) {
  const std::int64_t embed = backbone_->model->config().embed_dim;
  const std::int64_t width = prompts_.width();
  hidden_ = setup.options.at("meta_hidden").get<int>();
  if (hidden_ == 0) hidden_ = static_cast<int>(std::max<std::int64_t>(1, embed / 16));
  // The meta-net takes LibTorch's default (kaiming-uniform) init, as the official code; seeding the global
  // generator here makes it a function of the session seed.
  torch::manual_seed(setup.seed);
  meta_net_ =
      torch::nn::Sequential(torch::nn::Linear(embed, hidden_), torch::nn::ReLU(), torch::nn::Linear(hidden_, width));
  meta_net_->to(setup.device);
  torch::NoGradGuard no_grad;
  if (prompts_.initial_context().defined()) {
    context_ = prompts_.initial_context().clone();
  } else {
    auto generator = at::make_generator<at::CPUGeneratorImpl>(setup.seed + 1);
    context_ = at::normal(0.0, 0.02, {prompts_.context_length(), width}, generator);
  }
  context_ = context_.to(setup.device, torch::kFloat32).set_requires_grad(true);
  prompts_.to(setup.device);
  logit_scale_ = backbone_->model->logit_scale_value().detach().to(setup.device);
}

std::vector<torch::Tensor> CoCoOpMethod::parameters() {
  std::vector<torch::Tensor> parameters{context_};
  for (const auto& parameter : meta_net_->parameters()) parameters.push_back(parameter);
  return parameters;
}

torch::Tensor CoCoOpMethod::logits(const MethodBatch& batch) {
  const auto image = normalize_rows(batch.features.to(torch::kFloat32));
  const auto shift = meta_net_->forward(image);                            // [B, D]
  const auto per_image = context_.unsqueeze(0) + shift.unsqueeze(1);       // [B, M, D]
  const auto text = normalize_rows(prompts_.encode_per_image(per_image));  // [B, K, E]
  return logit_scale_ * torch::einsum("be,bke->bk", {image, text.to(image.dtype())});
}

torch::Tensor CoCoOpMethod::class_prototypes() {
  torch::NoGradGuard no_grad;
  return normalize_rows(prompts_.encode(context_));
}

TensorMap CoCoOpMethod::state() const {
  TensorMap state{{"ctx", context_.detach().to(torch::kCPU).clone()}};
  for (const auto& item : meta_net_->named_parameters())
    state["meta_net." + item.key()] = item.value().detach().to(torch::kCPU).clone();
  return state;
}

void CoCoOpMethod::load_state(const TensorMap& state) {
  torch::NoGradGuard no_grad;
  context_.copy_(state_tensor(state, "ctx", context_.sizes().vec(), "cocoop"));
  for (auto& item : meta_net_->named_parameters())
    item.value().copy_(state_tensor(state, "meta_net." + item.key(), item.value().sizes().vec(), "cocoop"));
}

nlohmann::json CoCoOpMethod::export_metadata() const {
  return {{"n_ctx", prompts_.context_length()},
          {"class_position", "end"},
          {"init", init_phrase_},
          {"meta_hidden", hidden_},
          {"context_tensor", "ctx"}};
}

}  // namespace promptune
