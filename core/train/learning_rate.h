#pragma once

#include "core/train/session_config.h"

namespace promptune {

/// The learning rate of `epoch` (0-based) and `step_in_epoch` under `training`'s schedule. With the default
/// epoch unit this is Dassl's ConstantWarmupScheduler around a per-epoch cosine (METHODS-vision.md §10.1):
/// warm-up epochs use the constant warm-up rate, then lr0 * (1 + cos(pi * (e - warmup) / epochs)) / 2.
/// With the step unit the cosine advances every step instead. With `warmup_type` linear the rate rises from 0 during
/// warm-up and the cosine (or the linear decay of `schedule` linear) spans the remaining epochs (VPT per epoch, SPT
/// per step, ProReg per step). The inverse schedule ignores warm-up: lr * (1 + gamma * t)^(-power) at global step t.
double learning_rate_at(const TrainingConfig& training, int epoch, int step_in_epoch, int steps_per_epoch);

}  // namespace promptune
