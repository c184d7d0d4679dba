#include "core/methods/pouf.h"

#include "core/methods/vision_tuning.h"
#include "core/util/error.h"

namespace promptune {

PoufLosses pouf_losses(const torch::Tensor& similarity, const torch::Tensor& scale) {
  PoufLosses result;
  result.logits = scale * similarity;
  result.transport = conditional_transport(similarity, result.logits);
  result.information = information_maximisation(result.logits);
  return result;
}

torch::Tensor conditional_transport(const torch::Tensor& similarity, const torch::Tensor& scaled) {
  const auto cost = 1.0 - similarity;
  const auto class_plan = torch::softmax(scaled, 1);  // p(k|i): sample -> prototypes
  const auto batch_plan = torch::softmax(scaled, 0);  // pi(i|k): prototype -> samples of the batch
  return (cost * class_plan).sum(1).mean() + (cost * batch_plan).sum(0).mean();
}

torch::Tensor information_maximisation(const torch::Tensor& logits) {
  const auto p = torch::softmax(logits, 1);
  const auto entropy = -(p * torch::log(p + 1e-5)).sum(1).mean();
  const auto marginal = p.mean(0);
  return entropy - (-(marginal * torch::log(marginal + 1e-6)).sum());
}

PoufObjective::PoufObjective(const MethodSetup& setup)
    : transport_weight_(setup.options.at("transport_weight").get<double>()),
      information_weight_(setup.options.at("information_weight").get<double>()) {}

std::vector<MethodOption> PoufObjective::options() {
  return {{"transport_weight",
           OptionType::Number,
           1.0,
           "weight of the transport alignment between class prototypes and target features (--trade-off)",
           0.0,
           100.0,
           {}},
          {"information_weight",
           OptionType::Number,
           0.3,
           "weight of the information-maximisation term: confident and class-balanced predictions (--lambda-im)",
           0.0,
           100.0,
           {}}};
}

LossOutput PoufObjective::loss(const torch::Tensor& image_features, const torch::Tensor& text_features,
                               const torch::Tensor& scale) const {
  const auto similarity =
      torch::matmul(normalize_rows(image_features.to(torch::kFloat32)), normalize_rows(text_features).t());
  const auto losses = pouf_losses(similarity, scale);
  LossOutput output;
  output.logits = losses.logits;
  output.loss = transport_weight_ * losses.transport + information_weight_ * losses.information;
  output.terms = {{"transport", losses.transport.detach()}, {"information_maximisation", losses.information.detach()}};
  return output;
}

namespace {

/// The official optimisation (pouf.sh): SGD with Nesterov momentum, weight decay 1e-3, and the inverse schedule
/// lr * (1 + 2e-4 t)^-0.75 per step; `rate` is the effective one (the code multiplies the group rate by 0.01).
nlohmann::json pouf_recipe(double rate) {
  return {{"epochs", 10},          {"batch_size", 96},      {"optimizer", "sgd"},    {"learning_rate", rate},
          {"momentum", 0.9},       {"nesterov", true},      {"weight_decay", 1e-3},  {"warmup_epochs", 0},
          {"schedule", "inverse"}, {"inverse_gamma", 2e-4}, {"inverse_power", 0.75}, {"augmentation", "coop"}};
}

}  // namespace

const MethodDescription& PoufPromptMethod::method_description() {
  static const MethodDescription description{
      "pouf_prompt", "POUF prompt tuning (unsupervised)",
      "Adapts a CoOp context to unlabeled target images by aligning class prototypes with target features.", true,
      PoufObjective::options(),
      // The script's --plr 0.1 for the context is 1e-3 once scaled by the code's 0.01.
      pouf_recipe(1e-3), MethodInput::FrozenFeatures, TrainingData::UnlabeledTarget};
  return description;
}

PoufPromptMethod::PoufPromptMethod(const MethodSetup& setup)
    : prompts_(*setup.backbone, setup.class_names, 4, "a photo of a", ClassPosition::End), objective_(setup) {
  torch::NoGradGuard no_grad;
  prompts_.to(setup.device);
  context_ = prompts_.initial_context().clone().to(setup.device, torch::kFloat32).set_requires_grad(true);
  log_scale_ = setup.backbone->model->logit_scale.detach().clone().to(setup.device).set_requires_grad(true);
}

std::vector<ParameterGroup> PoufPromptMethod::parameter_groups() {
  // Group rates 0.1 (context) and 5e-5 (logit_scale): the scale moves at 5e-4 of the context's rate.
  return {{"context", {context_}, 1.0, std::nullopt}, {"logit_scale", {log_scale_}, 5e-4, std::nullopt}};
}

torch::Tensor PoufPromptMethod::text_features() {
  if (frozen_text_features_.defined()) return frozen_text_features_;
  return normalize_rows(prompts_.encode(context_));
}

torch::Tensor PoufPromptMethod::logits(const MethodBatch& batch) {
  return log_scale_.exp() * torch::matmul(normalize_rows(batch.features.to(torch::kFloat32)), text_features().t());
}

LossOutput PoufPromptMethod::loss(const MethodBatch& batch) {
  return objective_.loss(batch.features, text_features(), log_scale_.exp());
}

void PoufPromptMethod::begin_evaluation() {
  torch::NoGradGuard no_grad;
  frozen_text_features_ = normalize_rows(prompts_.encode(context_)).detach();
}

torch::Tensor PoufPromptMethod::class_prototypes() {
  torch::NoGradGuard no_grad;
  return text_features().detach();
}

TensorMap PoufPromptMethod::state() const {
  return {{"ctx", context_.detach().to(torch::kCPU).clone()}, {"logit_scale", log_scale_.detach().to(torch::kCPU)}};
}

void PoufPromptMethod::load_state(const TensorMap& state) {
  const auto context = state_tensor(state, "ctx", context_.sizes().vec(), "pouf_prompt");
  const auto scale = state_tensor(state, "logit_scale", log_scale_.sizes().vec(), "pouf_prompt");
  torch::NoGradGuard no_grad;
  context_.copy_(context);
  log_scale_.copy_(scale);
}

nlohmann::json PoufPromptMethod::export_metadata() const {
  return {{"n_ctx", prompts_.context_length()},
          {"class_position", "end"},
          {"init", "a photo of a"},
          {"context_tensor", "ctx"},
          {"logit_scale_tensor", "logit_scale"},
          {"trained_on", "unlabeled target images"}};
}

const MethodDescription& PoufModelMethod::method_description() {
  static auto options = [] {
    auto list = PoufObjective::options();
    list.push_back(wise_ft_option());
    return list;
  }();
  static const MethodDescription description{
      "pouf_model", "POUF model tuning (unsupervised)",
      "Adapts both CLIP encoders to unlabeled target images by aligning class prototypes with target features.", true,
      options,
      // Group rate 5e-5 for every CLIP weight, 5e-7 once scaled by the code's 0.01.
      pouf_recipe(5e-7), MethodInput::Images, TrainingData::UnlabeledTarget};
  return description;
}

PoufModelMethod::PoufModelMethod(const MethodSetup& setup)
    : backbone_(setup.backbone),
      model_(setup.backbone->model->config()),
      objective_(setup),
      wise_ft_alpha_(setup.options.at("wise_ft_alpha").get<double>()) {
  {
    torch::NoGradGuard no_grad;
    const auto source = backbone_->model->named_parameters(true);
    for (auto& item : model_->named_parameters(true)) item.value().copy_(source[item.key()]);
    const auto source_buffers = backbone_->model->named_buffers(true);
    for (auto& item : model_->named_buffers(true)) item.value().copy_(source_buffers[item.key()]);
  }
  for (auto& parameter : model_->parameters(true)) parameter.set_requires_grad(true);
  model_->to(setup.device);
  model_->eval();
  std::vector<std::string> prompts;
  for (const auto& name : setup.class_names) prompts.push_back("a photo of a " + name);  // no period, as POUF
  std::tie(ids_, eot_) = backbone_->tokenize(prompts);
  ids_ = ids_.to(setup.device);
  eot_ = eot_.to(setup.device);
}

std::vector<torch::Tensor> PoufModelMethod::parameters() {
  return model_->parameters(true);
}

torch::Tensor PoufModelMethod::text_features() {
  if (frozen_text_features_.defined()) return frozen_text_features_;
  return normalize_rows(model_->encode_text(ids_, eot_).to(torch::kFloat32));
}

torch::Tensor PoufModelMethod::image_features(const torch::Tensor& images) {
  return model_->encode_image(images).features.to(torch::kFloat32);
}

torch::Tensor PoufModelMethod::logits(const MethodBatch& batch) {
  return predict(batch).logits;
}

LossOutput PoufModelMethod::loss(const MethodBatch& batch) {
  return objective_.loss(image_features(batch.images), text_features(), model_->logit_scale.exp());
}

MethodPrediction PoufModelMethod::predict(const MethodBatch& batch) {
  const auto features = normalize_rows(image_features(batch.images));
  return {model_->logit_scale.exp() * torch::matmul(features, text_features().t()), features.detach()};
}

void PoufModelMethod::begin_evaluation() {
  torch::NoGradGuard no_grad;
  frozen_text_features_ = normalize_rows(model_->encode_text(ids_, eot_).to(torch::kFloat32)).detach();
}

bool PoufModelMethod::end_training(const FeatureSet& /*validation*/, const LogCallback& log) {
  std::vector<std::pair<torch::Tensor, torch::Tensor>> pairs;
  const auto zero_shot = backbone_->model->named_parameters(true);
  for (const auto& item : model_->named_parameters(true)) pairs.emplace_back(item.value(), zero_shot[item.key()]);
  return interpolate_weights(pairs, wise_ft_alpha_, log);
}

torch::Tensor PoufModelMethod::class_prototypes() {
  torch::NoGradGuard no_grad;
  return text_features().detach();
}

TensorMap PoufModelMethod::state() const {
  TensorMap result;
  for (const auto& item : model_->named_parameters(true))
    result["model." + item.key()] = item.value().detach().to(torch::kCPU).clone();
  return result;
}

void PoufModelMethod::load_state(const TensorMap& state) {
  torch::NoGradGuard no_grad;
  for (auto& item : model_->named_parameters(true))
    item.value().copy_(state_tensor(state, "model." + item.key(), item.value().sizes().vec(), "pouf_model"));
}

nlohmann::json PoufModelMethod::export_metadata() const {
  std::int64_t count = 0;
  for (const auto& parameter : model_->parameters(true)) count += parameter.numel();
  return {{"tuned", "both CLIP encoders and the logit scale"},
          {"tuned_parameters", count},
          {"tensor_prefix", "model."},
          {"prototype_prompt", "a photo of a {class}"},
          {"wise_ft_alpha", wise_ft_alpha_},
          {"trained_on", "unlabeled target images"}};
}

}  // namespace promptune
