#include "core/train/learning_rate.h"

#include <cmath>

namespace promptune {

double learning_rate_at(const TrainingConfig& training, int epoch, int step_in_epoch, int steps_per_epoch) {
  if (epoch < training.warmup_epochs) return training.warmup_learning_rate;
  if (training.schedule == "constant") return training.learning_rate;
  double progress = static_cast<double>(epoch - training.warmup_epochs);
  if (training.schedule_unit == "step" && steps_per_epoch > 0)
    progress += static_cast<double>(step_in_epoch) / static_cast<double>(steps_per_epoch);
  // Dassl divides by MAX_EPOCH, not by the epochs after warm-up, so the rate never reaches zero.
  return training.learning_rate * 0.5 * (1.0 + std::cos(M_PI * progress / static_cast<double>(training.epochs)));
}

}  // namespace promptune
