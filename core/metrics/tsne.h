#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace promptune {

/// Parameters of t-SNE (van der Maaten & Hinton 2008), with the defaults of scikit-learn. Shown to the user before
/// the computation starts, because it takes seconds where PCA takes nothing.
struct TsneOptions {
  double perplexity = 30.0;          ///< effective neighbours per point; must stay below (points - 1) / 3
  int iterations = 1000;             ///< gradient steps in all
  double learning_rate = 0.0;        ///< 0: "auto", max(points / exaggeration / 4, 50) as scikit-learn
  double early_exaggeration = 12.0;  ///< P is multiplied by this for the first `exaggeration_iterations`
  int exaggeration_iterations = 250;
  std::uint64_t seed = 1;  ///< initial layout
};

/// The largest point count exact t-SNE is offered for: its cost grows with the square of the points.
constexpr int kTsneMaxPoints = 5000;

struct TsneEmbedding {
  std::vector<float> xy;  ///< two floats per point, centred
  double kl_divergence = 0.0;
  int iterations_run = 0;
  bool cancelled = false;
};

/// Called every few iterations with (iteration, total); returning false cancels (the layout so far is returned).
using TsneProgress = std::function<bool(int iteration, int total)>;

/// The options checked against `points`; returns an empty string when they can be used, else what to change.
std::string check_tsne_options(const TsneOptions& options, int points);

/// Exact t-SNE of `count` rows of `dimensions` floats (row-major) to 2-D. Torch-free: it runs on a GUI worker.
/// Throws Error when check_tsne_options() objects.
TsneEmbedding compute_tsne(const std::vector<float>& rows, int count, int dimensions, const TsneOptions& options,
                           const TsneProgress& progress = {});

}  // namespace promptune
