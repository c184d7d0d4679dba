#include "core/methods/vision_tuning.h"

#include <cmath>
#include <cstdio>

#include "core/methods/zero_shot.h"
#include "core/util/error.h"

namespace promptune {

ClassifierHead::ClassifierHead(const MethodSetup& setup, const std::string& kind) : kind_(kind) {
  torch::NoGradGuard no_grad;
  ClipBackbone& backbone = *setup.backbone;
  logit_scale_ = backbone.model->logit_scale_value().detach().to(setup.device);
  const auto classes = static_cast<std::int64_t>(setup.class_names.size());
  if (kind == "zero_shot") {
    prototypes_ = build_zero_shot_classifier(backbone, setup.class_names, setup.templates).prototypes.to(setup.device);
  } else if (kind == "coop") {
    prompts_.emplace(backbone, setup.class_names, 4, "a photo of a", ClassPosition::End);
    prompts_->to(setup.device);
    context_ = prompts_->initial_context().clone().to(setup.device, torch::kFloat32).set_requires_grad(true);
  } else if (kind == "linear") {
    const auto width = backbone.model->config().vision.width;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(setup.seed + 1);
    // kaiming_normal_(mode="fan_out") of a [K, D] weight: std = sqrt(2 / K).
    weight_ = at::normal(0.0, std::sqrt(2.0 / static_cast<double>(classes)), {classes, width}, generator);
    weight_ = weight_.to(setup.device).set_requires_grad(true);
    bias_ = torch::full({classes}, -std::log((1.0 - 0.01) / 0.01), torch::TensorOptions(setup.device))
                .set_requires_grad(true);
  } else {
    throw Error("method.options.head: must be one of zero_shot, coop, linear, got \"" + kind + "\"");
  }
}

std::vector<torch::Tensor> ClassifierHead::parameters() const {
  if (kind_ == "coop") return {context_};
  if (kind_ == "linear") return {weight_, bias_};
  return {};
}

torch::Tensor ClassifierHead::text_features() {
  if (kind_ == "zero_shot") return prototypes_;
  if (frozen_text_features_.defined()) return frozen_text_features_;
  return normalize_rows(prompts_->encode(context_));
}

torch::Tensor ClassifierHead::logits(const VisionOutput& output) {
  if (kind_ == "linear") return torch::nn::functional::linear(output.cls.to(torch::kFloat32), weight_, bias_);
  const auto features = normalize_rows(output.features.to(torch::kFloat32));
  return logit_scale_ * torch::matmul(features, text_features().t());
}

torch::Tensor ClassifierHead::embedding_features(const VisionOutput& output) const {
  return normalize_rows((kind_ == "linear" ? output.cls : output.features).detach().to(torch::kFloat32));
}

torch::Tensor ClassifierHead::class_prototypes() {
  torch::NoGradGuard no_grad;
  if (kind_ == "linear") return normalize_rows(weight_.detach());
  return text_features().detach();
}

void ClassifierHead::begin_evaluation() {
  if (kind_ != "coop") return;
  torch::NoGradGuard no_grad;
  frozen_text_features_ = normalize_rows(prompts_->encode(context_)).detach();
}

TensorMap ClassifierHead::state() const {
  const auto copy = [](const torch::Tensor& t) { return t.detach().to(torch::kCPU).clone(); };
  if (kind_ == "zero_shot") return {{"prototypes", copy(prototypes_)}};
  if (kind_ == "coop") return {{"ctx", copy(context_)}};
  return {{"weight", copy(weight_)}, {"bias", copy(bias_)}};
}

void ClassifierHead::load_state(const TensorMap& state, const std::string& method) {
  torch::NoGradGuard no_grad;
  const auto load = [&](torch::Tensor& target, const std::string& name) {
    target.copy_(state_tensor(state, "head." + name, target.sizes().vec(), method));
  };
  if (kind_ == "zero_shot") load(prototypes_, "prototypes");
  if (kind_ == "coop") load(context_, "ctx");
  if (kind_ == "linear") {
    load(weight_, "weight");
    load(bias_, "bias");
  }
}

std::vector<MethodOption> vision_tuning_options() {
  return {{"head",
           OptionType::Choice,
           "zero_shot",
           "classifier: CLIP's zero-shot text prototypes (frozen), the text classifier with a CoOp context tuned "
           "alongside, or VPT's linear head on the CLS token",
           0,
           0,
           {"zero_shot", "coop", "linear"}},
          {"nmi_normalization",
           OptionType::Choice,
           "geometric",
           "normalisation of the prompt/patch mutual information curves: I/sqrt(H(P)H(X)) or 2I/(H(P)+H(X))",
           0,
           0,
           {"geometric", "arithmetic"}}};
}

VisionTuningMethod::VisionTuningMethod(const MethodSetup& setup)
    : backbone_(setup.backbone),
      device_(setup.device),
      head_(setup, setup.options.at("head").get<std::string>()),
      nmi_normalization_(parse_nmi_normalization(setup.options.at("nmi_normalization").get<std::string>())) {}

std::vector<torch::Tensor> VisionTuningMethod::parameters() {
  auto result = encoder_parameters();
  for (const auto& parameter : head_.parameters()) result.push_back(parameter);
  return result;
}

torch::Tensor VisionTuningMethod::logits(const MethodBatch& batch) {
  return head_.logits(encode(batch.images, false, false));
}

LossOutput VisionTuningMethod::loss(const MethodBatch& batch) {
  LossOutput output;
  output.logits = head_.logits(encode(batch.images, true, false));
  output.loss = classification_loss(output.logits, batch.labels);
  return output;
}

MethodPrediction VisionTuningMethod::predict(const MethodBatch& batch) {
  const auto output = encode(batch.images, false, false);
  return {head_.logits(output), head_.embedding_features(output)};
}

std::map<std::string, double> VisionTuningMethod::diagnostics(const MethodBatch& batch) {
  torch::NoGradGuard no_grad;
  const auto output = encode(batch.images, false, true);
  const auto values =
      prompt_patch_nmi_per_layer(tower(), output, backbone_->model->config().vision.heads, nmi_normalization_);
  std::map<std::string, double> result;
  if (values.empty()) return result;
  const std::string prefix = std::string("nmi_") + nmi_normalization_name(nmi_normalization_) + "/";
  double sum = 0.0;
  for (std::size_t layer = 0; layer < values.size(); ++layer) {
    char name[32];
    std::snprintf(name, sizeof(name), "layer_%02zu", layer + 1);
    result[prefix + name] = values[layer];
    sum += values[layer];
  }
  result[prefix + "mean"] = sum / static_cast<double>(values.size());
  return result;
}

TensorMap VisionTuningMethod::state() const {
  TensorMap result = encoder_state();
  for (const auto& [name, tensor] : head_.state()) result["head." + name] = tensor;
  return result;
}

void VisionTuningMethod::load_state(const TensorMap& state) {
  load_encoder_state(state);
  head_.load_state(state, description().name);
}

nlohmann::json VisionTuningMethod::export_metadata() const {
  auto metadata = encoder_metadata();
  metadata["head"] = head_.kind();
  if (head_.kind() == "coop") metadata["head_context_tensor"] = "head.ctx";
  return metadata;
}

MethodOption wise_ft_option() {
  return {"wise_ft_alpha",
          OptionType::Number,
          1.0,
          "WiSE-FT: after training, blend the tuned weights with the zero-shot ones, (1 - a) zero-shot + a tuned; "
          "1 keeps the tuned weights, 0.5 is WiSE-FT's usual choice for robustness to distribution shift",
          0.0,
          1.0,
          {}};
}

bool interpolate_weights(const std::vector<std::pair<torch::Tensor, torch::Tensor>>& tuned_and_zero_shot, double alpha,
                         const LogCallback& log) {
  if (alpha >= 1.0) return false;
  torch::NoGradGuard no_grad;
  std::int64_t count = 0;
  for (const auto& [tuned, zero_shot] : tuned_and_zero_shot) {
    tuned.mul_(alpha).add_(zero_shot.to(tuned.device(), tuned.scalar_type()), 1.0 - alpha);
    count += tuned.numel();
  }
  if (log) {
    char text[160];
    std::snprintf(text, sizeof(text), "WiSE-FT: %lld tuned weights blended as %.2f x zero-shot + %.2f x fine-tuned",
                  static_cast<long long>(count), 1.0 - alpha, alpha);
    log(text);
  }
  return true;
}

TunedTowerMethod::TunedTowerMethod(const MethodSetup& setup, const std::function<bool(const std::string&)>& trainable)
    : VisionTuningMethod(setup),
      tower_(trainable_vision_copy(*setup.backbone, setup.device, trainable)),
      wise_ft_alpha_(setup.options.value("wise_ft_alpha", 1.0)) {}

bool TunedTowerMethod::end_training(const FeatureSet& /*validation*/, const LogCallback& log) {
  return interpolate_weights(tuned_and_zero_shot(*tower_, *backbone_), wise_ft_alpha_, log);
}

std::function<bool(const std::string&)> last_vision_blocks(const ClipBackbone& backbone, int k) {
  const int layers = backbone.model->config().vision.layers;
  if (k > layers)
    throw Error("method.options.k: this image encoder has " + std::to_string(layers) +
                " blocks, got k = " + std::to_string(k));
  const int first = layers - k;
  return [first](const std::string& name) {
    if (name.rfind("ln_post.", 0) == 0 || name == "proj") return true;
    const std::string prefix = "transformer.resblocks.";
    return name.rfind(prefix, 0) == 0 && std::stoi(name.substr(prefix.size())) >= first;
  };
}

std::vector<std::pair<torch::Tensor, torch::Tensor>> tuned_and_zero_shot(const VisionTransformerImpl& tower,
                                                                         const ClipBackbone& backbone) {
  std::vector<std::pair<torch::Tensor, torch::Tensor>> pairs;
  const auto zero_shot = backbone.model->visual->named_parameters(true);
  for (const auto& item : tower.named_parameters(true))
    if (item.value().requires_grad()) pairs.emplace_back(item.value(), zero_shot[item.key()]);
  return pairs;
}

VisionOutput TunedTowerMethod::encode(const torch::Tensor& images, bool /*training*/, bool capture) {
  VisualPrompts none;
  none.capture_tokens = capture;
  return tower_->forward(images, none);
}

std::vector<torch::Tensor> TunedTowerMethod::encoder_parameters() const {
  std::vector<torch::Tensor> result;
  for (const auto& parameter : tower_->parameters(true))
    if (parameter.requires_grad()) result.push_back(parameter);
  return result;
}

TensorMap TunedTowerMethod::encoder_state() const {
  return trainable_tower_state(*tower_);
}

void TunedTowerMethod::load_encoder_state(const TensorMap& state) {
  load_trainable_tower_state(*tower_, state, description().name);
}

nlohmann::json TunedTowerMethod::tuned_summary() const {
  std::int64_t count = 0;
  for (const auto& parameter : encoder_parameters()) count += parameter.numel();
  return {{"tuned_parameters", count}, {"tensor_prefix", "visual."}};
}

VisionTransformer trainable_vision_copy(ClipBackbone& backbone, const torch::Device& device,
                                        const std::function<bool(const std::string&)>& trainable) {
  VisionTransformer copy(backbone.model->config());
  torch::NoGradGuard no_grad;
  const auto source = backbone.model->visual->named_parameters(true);
  for (auto& item : copy->named_parameters(true)) {
    item.value().copy_(source[item.key()]);
    item.value().set_requires_grad(trainable(item.key()));
  }
  copy->to(device);
  copy->eval();
  return copy;
}

TensorMap trainable_tower_state(const VisionTransformerImpl& tower) {
  TensorMap result;
  for (const auto& item : tower.named_parameters(true))
    if (item.value().requires_grad()) result["visual." + item.key()] = item.value().detach().to(torch::kCPU).clone();
  return result;
}

void load_trainable_tower_state(VisionTransformerImpl& tower, const TensorMap& state, const std::string& method) {
  torch::NoGradGuard no_grad;
  for (auto& item : tower.named_parameters(true)) {
    if (!item.value().requires_grad()) continue;
    item.value().copy_(state_tensor(state, "visual." + item.key(), item.value().sizes().vec(), method));
  }
}

}  // namespace promptune
