#include "core/train/learning_rate.h"

#include <cmath>

namespace promptune {

double learning_rate_at(const TrainingConfig& training, int epoch, int step_in_epoch, int steps_per_epoch) {
  if (training.schedule == "inverse") {
    // DANN's and POUF's LambdaLR, stepped every iteration from the first; no warm-up.
    const double step = static_cast<double>(epoch) * steps_per_epoch + step_in_epoch;
    return training.learning_rate * std::pow(1.0 + training.inverse_gamma * step, -training.inverse_power);
  }
  double position = static_cast<double>(epoch);
  if (training.schedule_unit == "step" && steps_per_epoch > 0)
    position += static_cast<double>(step_in_epoch) / static_cast<double>(steps_per_epoch);
  const double warmup = static_cast<double>(training.warmup_epochs);
  if (training.warmup_type == "linear") {
    // VPT's WarmupCosineSchedule and SPT's (MAE) schedule: from 0 up to the rate, then a half cosine to 0 over the
    // epochs after warm-up. Per epoch (VPT) the first epoch trains at rate 0, as the official code does.
    if (position < warmup) return training.learning_rate * position / warmup;
    if (training.schedule == "constant") return training.learning_rate;
    const double span = std::max(1.0, static_cast<double>(training.epochs) - warmup);
    // HF's get_linear_schedule_with_warmup (polynomial decay of power 1), as ProReg steps it.
    if (training.schedule == "linear") return training.learning_rate * std::max(0.0, 1.0 - (position - warmup) / span);
    return training.learning_rate * 0.5 * (1.0 + std::cos(M_PI * (position - warmup) / span));
  }
  if (epoch < training.warmup_epochs) return training.warmup_learning_rate;
  if (training.schedule == "constant") return training.learning_rate;
  if (training.schedule == "linear") {
    const double span = std::max(1.0, static_cast<double>(training.epochs) - warmup);
    return training.learning_rate * std::max(0.0, 1.0 - (position - warmup) / span);
  }
  // Dassl divides by MAX_EPOCH, not by the epochs after warm-up, so the rate never reaches zero.
  return training.learning_rate * 0.5 *
         (1.0 + std::cos(M_PI * (position - warmup) / static_cast<double>(training.epochs)));
}

}  // namespace promptune
