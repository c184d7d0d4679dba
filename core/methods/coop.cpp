#include "core/methods/coop.h"

namespace promptune {

const MethodDescription& CoOpMethod::method_description() {
  static const MethodDescription description{
      "coop",
      "CoOp (context optimisation)",
      "Learns the words around the class name: M context vectors fed to the frozen text encoder.",
      true,
      {{"n_ctx", OptionType::Integer, 16, "number of learned context vectors (ignored when init is set)", 1, 64, {}},
       {"init",
        OptionType::Text,
        "",
        "initialise the context from a phrase such as \"a photo of a\" (its token count sets n_ctx)",
        0,
        0,
        {}},
       {"class_position",
        OptionType::Choice,
        "end",
        "where the class name sits: after, inside or before the context",
        0,
        0,
        {"end", "middle", "front"}},
       {"class_specific",
        OptionType::Boolean,
        false,
        "one context per class (CSC) instead of one shared context",
        0,
        0,
        {}}},
      dassl_prompt_recipe(50, 32)};
  return description;
}

CoOpMethod::CoOpMethod(const MethodSetup& setup)
    : backbone_(setup.backbone),
      prompts_(*setup.backbone, setup.class_names, setup.options.at("n_ctx").get<int>(),
               setup.options.at("init").get<std::string>(),
               parse_class_position(setup.options.at("class_position").get<std::string>())),
      class_specific_(setup.options.at("class_specific").get<bool>()),
      init_phrase_(setup.options.at("init").get<std::string>()),
      position_(setup.options.at("class_position").get<std::string>()) {
  torch::NoGradGuard no_grad;
  const std::int64_t m = prompts_.context_length();
  const std::int64_t d = prompts_.width();
  if (prompts_.initial_context().defined()) {
    context_ = class_specific_ ? prompts_.initial_context().unsqueeze(0).repeat({prompts_.class_count(), 1, 1})
                               : prompts_.initial_context().clone();
  } else {
    auto generator = at::make_generator<at::CPUGeneratorImpl>(setup.seed);
    const std::vector<std::int64_t> shape =
        class_specific_ ? std::vector<std::int64_t>{prompts_.class_count(), m, d} : std::vector<std::int64_t>{m, d};
    context_ = at::normal(0.0, 0.02, shape, generator);
  }
  context_ = context_.to(setup.device, torch::kFloat32).set_requires_grad(true);
  prompts_.to(setup.device);
  logit_scale_ = backbone_->model->logit_scale_value().detach().to(setup.device);
}

torch::Tensor CoOpMethod::text_features() {
  if (frozen_text_features_.defined()) return frozen_text_features_;
  return normalize_rows(prompts_.encode(context_));
}

torch::Tensor CoOpMethod::logits(const MethodBatch& batch) {
  return logit_scale_ * torch::matmul(normalize_rows(batch.features), text_features().t().to(batch.features.dtype()));
}

void CoOpMethod::begin_evaluation() {
  torch::NoGradGuard no_grad;
  frozen_text_features_ = normalize_rows(prompts_.encode(context_)).detach();
}

torch::Tensor CoOpMethod::class_prototypes() {
  torch::NoGradGuard no_grad;
  return text_features().detach();
}

TensorMap CoOpMethod::state() const {
  return {{"ctx", context_.detach().to(torch::kCPU).clone()}};
}

void CoOpMethod::load_state(const TensorMap& state) {
  const auto loaded = state_tensor(state, "ctx", context_.sizes().vec(), "coop");
  torch::NoGradGuard no_grad;
  context_.copy_(loaded);
}

nlohmann::json CoOpMethod::export_metadata() const {
  return {{"n_ctx", prompts_.context_length()},
          {"class_position", position_},
          {"class_specific", class_specific_},
          {"init", init_phrase_},
          {"context_tensor", "ctx"}};
}

}  // namespace promptune
