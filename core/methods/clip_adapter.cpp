#include "core/methods/clip_adapter.h"

#include <cmath>

#include "core/methods/context_prompts.h"
#include "core/methods/zero_shot.h"
#include "core/util/error.h"

namespace promptune {

torch::Tensor clip_adapter_features(const torch::Tensor& features, const torch::Tensor& down, const torch::Tensor& up,
                                    double ratio) {
  namespace F = torch::nn::functional;
  const auto adapted = torch::relu(F::linear(torch::relu(F::linear(features, down)), up));
  return ratio * adapted + (1.0 - ratio) * features;
}

const MethodDescription& ClipAdapterMethod::method_description() {
  static const MethodDescription description{
      "clip_adapter",
      "CLIP-Adapter",
      "Learns a small residual MLP on the frozen image features, scored against the zero-shot text classifier.",
      true,
      {{"residual_ratio",
        OptionType::Number,
        0.2,
        "share of the adapted feature in the blend with the original (0.2 in the released code; the paper tunes it "
        "per dataset)",
        0.0,
        1.0,
        {}},
       {"reduction", OptionType::Integer, 4, "bottleneck: the hidden layer has E / reduction units", 1, 256, {}}},
      // The released code trains with CoOp's Dassl trainer and configs.
      dassl_prompt_recipe(50, 32)};
  return description;
}

ClipAdapterMethod::ClipAdapterMethod(const MethodSetup& setup)
    : ratio_(setup.options.at("residual_ratio").get<double>()), reduction_(setup.options.at("reduction").get<int>()) {
  torch::NoGradGuard no_grad;
  ClipBackbone& backbone = *setup.backbone;
  prototypes_ = build_zero_shot_classifier(backbone, setup.class_names, setup.templates).prototypes.to(setup.device);
  scale_ = backbone.model->logit_scale_value().detach().to(setup.device);
  const std::int64_t width = prototypes_.size(1);
  const std::int64_t hidden = std::max<std::int64_t>(1, width / reduction_);
  // PyTorch's nn.Linear initialisation (kaiming_uniform with a = sqrt(5)): U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  auto generator = at::make_generator<at::CPUGeneratorImpl>(setup.seed);
  const double down_bound = 1.0 / std::sqrt(static_cast<double>(width));
  const double up_bound = 1.0 / std::sqrt(static_cast<double>(hidden));
  down_ = (at::rand({hidden, width}, generator) * 2.0 - 1.0) * down_bound;
  up_ = (at::rand({width, hidden}, generator) * 2.0 - 1.0) * up_bound;
  down_ = down_.to(setup.device).set_requires_grad(true);
  up_ = up_.to(setup.device).set_requires_grad(true);
}

torch::Tensor ClipAdapterMethod::adapted(const torch::Tensor& features) const {
  return normalize_rows(clip_adapter_features(features.to(torch::kFloat32), down_, up_, ratio_));
}

torch::Tensor ClipAdapterMethod::logits(const MethodBatch& batch) {
  return scale_ * torch::matmul(adapted(batch.features), prototypes_.t());
}

MethodPrediction ClipAdapterMethod::predict(const MethodBatch& batch) {
  const auto features = adapted(batch.features);
  return {scale_ * torch::matmul(features, prototypes_.t()), features.detach()};
}

TensorMap ClipAdapterMethod::state() const {
  return {{"adapter.down", down_.detach().to(torch::kCPU).clone()},
          {"adapter.up", up_.detach().to(torch::kCPU).clone()},
          {"prototypes", prototypes_.detach().to(torch::kCPU).clone()}};
}

void ClipAdapterMethod::load_state(const TensorMap& state) {
  const auto down = state_tensor(state, "adapter.down", down_.sizes().vec(), "clip_adapter");
  const auto up = state_tensor(state, "adapter.up", up_.sizes().vec(), "clip_adapter");
  const auto prototypes = state_tensor(state, "prototypes", prototypes_.sizes().vec(), "clip_adapter");
  torch::NoGradGuard no_grad;
  down_.copy_(down);
  up_.copy_(up);
  prototypes_.copy_(prototypes);
}

nlohmann::json ClipAdapterMethod::export_metadata() const {
  return {{"residual_ratio", ratio_}, {"reduction", reduction_}, {"hidden", down_.size(0)}};
}

}  // namespace promptune
