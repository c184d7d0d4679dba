#pragma once

#include <algorithm>
#include <functional>
#include <vector>

#include "core/train/step_clock.h"

namespace promptune {

/// Progress of a pre-training loop (CLIP or masked LM), reported after every step.
struct PretrainingProgress {
  long long step = 0, total_steps = 0;
  int epoch = 0;          ///< 0-based
  double loss = 0.0;      ///< running mean over the epoch so far
  double accuracy = 0.0;  ///< what the objective predicts, right so far this epoch (masked tokens; in-batch captions)
  double elapsed_seconds = 0.0, remaining_seconds = 0.0;
};

/// Called after every step; returning false stops after that step (the result says cancelled).
using PretrainingCallback = std::function<bool(const PretrainingProgress&)>;

/// What every pre-training returns besides its model.
struct PretrainingHistory {
  std::vector<double> epoch_losses, epoch_accuracies;
  long long steps = 0;
  bool cancelled = false;
};

/// The running means of one epoch, turned into step reports and, at the end, into the history.
class EpochTally {
 public:
  void add(double loss, double correct, double predicted) {
    loss_sum_ += loss;
    ++batches_;
    correct_ += correct;
    predicted_ += predicted;
  }
  double loss() const { return loss_sum_ / static_cast<double>(std::max(1LL, batches_)); }
  double accuracy() const { return predicted_ > 0.0 ? correct_ / predicted_ : 0.0; }

  /// Reports step `step` (0-based) to `callback`; false when the callback asks to stop.
  bool report(const PretrainingCallback& callback, const StepClock& clock, long long step, long long total_steps,
              int epoch) const {
    if (!callback) return true;
    PretrainingProgress progress;
    progress.step = step + 1;
    progress.total_steps = total_steps;
    progress.epoch = epoch;
    progress.loss = loss();
    progress.accuracy = accuracy();
    progress.elapsed_seconds = clock.elapsed_seconds();
    progress.remaining_seconds = clock.remaining_seconds(progress.step, total_steps);
    return callback(progress);
  }
  void close(PretrainingHistory& history) const {
    history.epoch_losses.push_back(loss());
    history.epoch_accuracies.push_back(accuracy());
  }

 private:
  double loss_sum_ = 0.0, correct_ = 0.0, predicted_ = 0.0;
  long long batches_ = 0;
};

}  // namespace promptune
