#pragma once

#include <string>
#include <vector>

#include "core/models/clip_backbone.h"

namespace promptune {

/// CLIP's zero-shot head: one unit-length prototype per class, the renormalised mean of the normalised text
/// features of every template filled with the class name ("normalise, average, renormalise").
struct ZeroShotClassifier {
  torch::Tensor prototypes;   ///< [K, E], unit rows
  torch::Tensor logit_scale;  ///< scalar exp(logit_scale) of the backbone (100 for OpenAI checkpoints)

  /// Logits [B, K] = scale * normalise(features) . prototypes^T.
  torch::Tensor logits(const torch::Tensor& image_features) const;
};

/// Encodes class names x templates without gradient, in chunks so that large ensembles fit in memory.
ZeroShotClassifier build_zero_shot_classifier(ClipBackbone& backbone, const std::vector<std::string>& class_names,
                                              const std::vector<std::string>& templates);

}  // namespace promptune
