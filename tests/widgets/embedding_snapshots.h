#pragma once

#include <cmath>
#include <memory>
#include <random>
#include <string>

#include "core/train/run_events.h"

namespace promptune {

/// A snapshot as the engine sends it: `classes` prototypes on a circle and `features` points around them (labels
/// in class order, the first `unlabeled` of them without a label), the projected points equal to the first two
/// coordinates of `dimensions`-D unit-free vectors.
inline std::shared_ptr<EmbeddingSnapshotEvent> synthetic_snapshot(int classes, int features, int dimensions = 8,
                                                                  int unlabeled = 0, long long step = 1,
                                                                  std::uint64_t seed = 1) {
  auto snapshot = std::make_shared<EmbeddingSnapshotEvent>();
  snapshot->step = step;
  snapshot->feature_source = "target";
  snapshot->explained_variance = 0.5;
  snapshot->dimensions = dimensions;
  std::mt19937_64 random(seed);
  std::normal_distribution<float> noise(0.0f, 0.08f);
  auto add_vector = [&](float x, float y) {
    snapshot->vectors.push_back(x);
    snapshot->vectors.push_back(y);
    for (int d = 2; d < dimensions; ++d) snapshot->vectors.push_back(noise(random));
  };
  for (int c = 0; c < classes; ++c) {
    snapshot->class_names.push_back("class " + std::to_string(c));
    const float angle = 6.2831853f * static_cast<float>(c) / static_cast<float>(classes);
    snapshot->prototypes.push_back({std::cos(angle), std::sin(angle)});
    add_vector(std::cos(angle), std::sin(angle));
  }
  for (int i = 0; i < features; ++i) {
    const int label = i * classes / features;
    const auto& centre = snapshot->prototypes[static_cast<std::size_t>(label)];
    const Point2 point{centre.x * 0.8f + noise(random), centre.y * 0.8f + noise(random)};
    snapshot->features.push_back(point);
    add_vector(point.x, point.y);
    snapshot->feature_labels.push_back(i < unlabeled ? -1 : label);
    snapshot->predicted.push_back(label);
    snapshot->feature_items.push_back("/nonexistent/image_" + std::to_string(i) + ".png");
    snapshot->feature_domains.push_back(-1);
  }
  return snapshot;
}

}  // namespace promptune
