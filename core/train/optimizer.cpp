#include "core/train/optimizer.h"

#include <cmath>

#include "core/util/error.h"

namespace promptune {

Optimizer::Optimizer(std::vector<torch::Tensor> parameters, const TrainingConfig& training)
    : Optimizer(std::vector<ParameterGroup>{{"all", std::move(parameters), 1.0, std::nullopt}}, training) {}

Optimizer::Optimizer(const std::vector<ParameterGroup>& groups, const TrainingConfig& training) : training_(training) {
  for (const auto& group : groups) {
    for (const auto& parameter : group.tensors) {
      parameters_.push_back(parameter);
      rate_scales_.push_back(group.learning_rate_scale);
      decays_.push_back(group.weight_decay.value_or(training.weight_decay));
      first_.push_back(torch::zeros_like(parameter));
      second_.push_back(training_.optimizer == "adamw" ? torch::zeros_like(parameter) : torch::Tensor());
    }
  }
}

void Optimizer::zero_grad() {
  for (auto& parameter : parameters_)
    if (parameter.grad().defined()) parameter.mutable_grad().zero_();
}

double Optimizer::gradient_norm() const {
  double squared = 0.0;
  for (const auto& parameter : parameters_)
    if (parameter.grad().defined()) squared += parameter.grad().to(torch::kFloat64).pow(2).sum().item<double>();
  return std::sqrt(squared);
}

double Optimizer::clip_gradients(double max_norm) {
  const double norm = gradient_norm();
  if (max_norm > 0.0 && norm > max_norm) {
    const double factor = max_norm / (norm + 1e-6);
    for (auto& parameter : parameters_)
      if (parameter.grad().defined()) parameter.mutable_grad().mul_(factor);
  }
  return norm;
}

void Optimizer::unscale(double factor) {
  if (factor == 1.0) return;
  for (auto& parameter : parameters_)
    if (parameter.grad().defined()) parameter.mutable_grad().div_(factor);
}

bool Optimizer::gradients_finite() const {
  for (const auto& parameter : parameters_)
    if (parameter.grad().defined() && !torch::isfinite(parameter.grad()).all().item<bool>()) return false;
  return true;
}

void Optimizer::step(double learning_rate) {
  torch::NoGradGuard no_grad;
  ++steps_;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    auto& parameter = parameters_[i];
    if (!parameter.grad().defined()) continue;
    const double decay = decays_[i];
    const double rate = learning_rate * rate_scales_[i];
    auto gradient = parameter.grad();
    if (training_.optimizer == "sgd") {
      if (decay != 0.0) gradient = gradient + decay * parameter;
      if (training_.momentum != 0.0) {
        // PyTorch starts the buffer at the first gradient rather than at zero.
        if (steps_ == 1)
          first_[i].copy_(gradient);
        else
          first_[i].mul_(training_.momentum).add_(gradient);
        gradient = training_.nesterov ? gradient + training_.momentum * first_[i] : first_[i];
      }
      parameter.add_(gradient, -rate);
    } else {
      parameter.mul_(1.0 - rate * decay);
      first_[i].mul_(training_.beta1).add_(gradient, 1.0 - training_.beta1);
      second_[i].mul_(training_.beta2).addcmul_(gradient, gradient, 1.0 - training_.beta2);
      const double correction1 = 1.0 - std::pow(training_.beta1, static_cast<double>(steps_));
      const double correction2 = 1.0 - std::pow(training_.beta2, static_cast<double>(steps_));
      const auto denominator = (second_[i] / correction2).sqrt_().add_(training_.adam_epsilon);
      parameter.addcdiv_(first_[i], denominator, -rate / correction1);
    }
  }
}

TensorMap Optimizer::state() const {
  TensorMap state{{"step", torch::tensor(static_cast<std::int64_t>(steps_))}};
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    state[std::to_string(i) + ".first"] = first_[i].detach().to(torch::kCPU).clone();
    if (second_[i].defined()) state[std::to_string(i) + ".second"] = second_[i].detach().to(torch::kCPU).clone();
  }
  return state;
}

void Optimizer::load_state(const TensorMap& state) {
  auto take = [&](const std::string& name, torch::Tensor& into) {
    const auto found = state.find(name);
    if (found == state.end() || found->second.sizes() != into.sizes())
      throw Error("checkpoint: optimiser state '" + name + "' is missing or has the wrong shape");
    into.copy_(found->second);
  };
  torch::NoGradGuard no_grad;
  const auto step = state.find("step");
  if (step == state.end()) throw Error("checkpoint: optimiser state has no step count");
  steps_ = step->second.item<std::int64_t>();
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    take(std::to_string(i) + ".first", first_[i]);
    if (second_[i].defined()) take(std::to_string(i) + ".second", second_[i]);
  }
}

LossScaler::LossScaler(bool enabled, double initial_scale, int growth_interval)
    : enabled_(enabled), scale_(initial_scale), growth_interval_(growth_interval) {}

bool LossScaler::unscale_and_check(Optimizer& optimizer) {
  if (!enabled_) return true;
  optimizer.unscale(scale_);
  if (!optimizer.gradients_finite()) {
    scale_ = std::max(1.0, scale_ / 2.0);
    clean_steps_ = 0;
    return false;
  }
  if (++clean_steps_ >= growth_interval_) {
    scale_ *= 2.0;
    clean_steps_ = 0;
  }
  return true;
}

}  // namespace promptune
