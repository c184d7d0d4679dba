#pragma once

#include "core/util/torch.h"

namespace promptune {

struct Projection2D {
  torch::Tensor points;             ///< [N, 2]
  double explained_variance = 0.0;  ///< fraction of the total variance the two axes keep
};

/// Principal-component projection of the rows of `points` [N, D] onto their first two axes, by power iteration
/// on the covariance (deterministic, no LAPACK). Axis signs are fixed (largest loading positive) so successive
/// snapshots of a run do not flip.
Projection2D project_pca(const torch::Tensor& points);

}  // namespace promptune
