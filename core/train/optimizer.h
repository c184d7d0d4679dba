#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/io/tensor_archive.h"
#include "core/train/session_config.h"

namespace promptune {

/// Tensors the optimiser treats alike: their rate is the schedule's times `learning_rate_scale` (ProReg trains its
/// head at 100x the encoder's rate, POUF's logit scale moves 200x slower than its context), and their weight decay
/// is the session's unless `weight_decay` says otherwise (ProReg decays no bias).
struct ParameterGroup {
  std::string name;
  std::vector<torch::Tensor> tensors;
  double learning_rate_scale = 1.0;
  std::optional<double> weight_decay;
};

/// SGD (PyTorch semantics: L2 weight decay added to the gradient, momentum buffer starting at the first gradient,
/// no dampening, optional Nesterov) and AdamW (decoupled decay), with state that checkpoints save and restore
/// exactly.
class Optimizer {
 public:
  Optimizer(std::vector<torch::Tensor> parameters, const TrainingConfig& training);
  Optimizer(const std::vector<ParameterGroup>& groups, const TrainingConfig& training);

  void zero_grad();
  /// Global L2 norm of all gradients.
  double gradient_norm() const;
  /// Scales gradients down so their global norm is at most `max_norm`; returns the norm before clipping.
  double clip_gradients(double max_norm);
  /// Divides every gradient by `factor` (loss-scale removal).
  void unscale(double factor);
  bool gradients_finite() const;
  void step(double learning_rate);

  /// Buffers by name ("0.momentum", "1.exp_avg", "step").
  TensorMap state() const;
  void load_state(const TensorMap& state);
  long long steps() const { return steps_; }

 private:
  std::vector<torch::Tensor> parameters_;
  std::vector<double> rate_scales_, decays_;  ///< per tensor
  TrainingConfig training_;
  std::vector<torch::Tensor> first_, second_;  ///< momentum (SGD) or Adam moments
  long long steps_ = 0;
};

/// Dynamic loss scaling for fp16 backward passes, which LibTorch's C++ API lacks a GradScaler for
/// (METHODS-vision.md §11.1): scale the loss, skip steps whose gradients overflow and halve the scale, double it
/// after `growth_interval` clean steps. Disabled it scales by 1 and never skips.
class LossScaler {
 public:
  explicit LossScaler(bool enabled, double initial_scale = 65536.0, int growth_interval = 2000);
  double scale() const { return enabled_ ? scale_ : 1.0; }
  /// After backward on loss * scale(): unscales the gradients and returns whether the step may be taken.
  bool unscale_and_check(Optimizer& optimizer);
  bool enabled() const { return enabled_; }
  void set_scale(double scale) { scale_ = scale; }

 private:
  bool enabled_;
  double scale_;
  int growth_interval_;
  int clean_steps_ = 0;
};

}  // namespace promptune
