#include "core/metrics/tsne.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "core/util/error.h"

namespace promptune {
namespace {

std::vector<double> squared_distances(const std::vector<float>& rows, int count, int dimensions) {
  std::vector<double> distances(static_cast<std::size_t>(count) * count, 0.0);
  for (int i = 0; i < count; ++i) {
    const float* a = rows.data() + static_cast<std::size_t>(i) * dimensions;
    for (int j = i + 1; j < count; ++j) {
      const float* b = rows.data() + static_cast<std::size_t>(j) * dimensions;
      double sum = 0.0;
      for (int d = 0; d < dimensions; ++d) {
        const double difference = static_cast<double>(a[d]) - b[d];
        sum += difference * difference;
      }
      distances[static_cast<std::size_t>(i) * count + j] = sum;
      distances[static_cast<std::size_t>(j) * count + i] = sum;
    }
  }
  return distances;
}

/// Conditional probabilities p(j|i) with each row's Gaussian width found by bisection so that the row's entropy
/// is log(perplexity), then symmetrised: P = (P + P^T) / 2n.
std::vector<double> joint_probabilities(const std::vector<double>& distances, int count, double perplexity) {
  const double target_entropy = std::log(perplexity);
  std::vector<double> conditional(distances.size(), 0.0);
  for (int i = 0; i < count; ++i) {
    const double* row = distances.data() + static_cast<std::size_t>(i) * count;
    double* out = conditional.data() + static_cast<std::size_t>(i) * count;
    double beta = 1.0, low = 0.0, high = std::numeric_limits<double>::infinity();
    for (int attempt = 0; attempt < 100; ++attempt) {
      double sum = 0.0, weighted = 0.0;
      for (int j = 0; j < count; ++j) {
        out[j] = j == i ? 0.0 : std::exp(-row[j] * beta);
        sum += out[j];
        weighted += row[j] * out[j];
      }
      sum = std::max(sum, 1e-300);
      const double entropy = std::log(sum) + beta * weighted / sum;
      for (int j = 0; j < count; ++j) out[j] /= sum;
      const double error = entropy - target_entropy;
      if (std::abs(error) < 1e-5) break;
      if (error > 0.0) {  // too flat: narrow the Gaussian
        low = beta;
        beta = std::isinf(high) ? beta * 2.0 : (beta + high) / 2.0;
      } else {
        high = beta;
        beta = (beta + low) / 2.0;
      }
    }
  }
  std::vector<double> joint(distances.size());
  const double scale = 1.0 / (2.0 * count);
  for (int i = 0; i < count; ++i)
    for (int j = 0; j < count; ++j) {
      const auto ij = static_cast<std::size_t>(i) * count + j, ji = static_cast<std::size_t>(j) * count + i;
      joint[ij] = std::max((conditional[ij] + conditional[ji]) * scale, 1e-12);
    }
  return joint;
}

}  // namespace

std::string check_tsne_options(const TsneOptions& options, int points) {
  if (points < 4) return "t-SNE needs at least 4 points; this view has " + std::to_string(points);
  if (points > kTsneMaxPoints)
    return "t-SNE is offered up to " + std::to_string(kTsneMaxPoints) + " points (its cost grows with their square); " +
           "this view has " + std::to_string(points) + ": lower the embedding samples of the session";
  const double largest = (points - 1) / 3.0;
  if (!(options.perplexity >= 1.0) || options.perplexity > largest)
    return "perplexity must be from 1 to " + std::to_string(static_cast<int>(largest)) + " for " +
           std::to_string(points) + " points (about a third of them at most)";
  if (options.iterations < 50 || options.iterations > 100000) return "iterations must be from 50 to 100000";
  if (options.learning_rate < 0.0) return "learning rate must be positive, or 0 for automatic";
  if (options.early_exaggeration < 1.0) return "early exaggeration must be at least 1";
  if (options.exaggeration_iterations < 0 || options.exaggeration_iterations > options.iterations)
    return "exaggeration iterations must be from 0 to the iterations";
  return {};
}

TsneEmbedding compute_tsne(const std::vector<float>& rows, int count, int dimensions, const TsneOptions& options,
                           const TsneProgress& progress) {
  if (const auto problem = check_tsne_options(options, count); !problem.empty()) throw Error(problem);
  if (dimensions <= 0 || rows.size() != static_cast<std::size_t>(count) * dimensions)
    throw Error("t-SNE: expected " + std::to_string(count) + " rows of " + std::to_string(dimensions) +
                " values, got " + std::to_string(rows.size()) + " values");
  const auto n = static_cast<std::size_t>(count);
  const auto joint = joint_probabilities(squared_distances(rows, count, dimensions), count, options.perplexity);
  const double learning_rate =
      options.learning_rate > 0.0 ? options.learning_rate : std::max(count / options.early_exaggeration / 4.0, 50.0);

  std::mt19937_64 random(options.seed);
  std::normal_distribution<double> normal(0.0, 1e-4);
  std::vector<double> y(2 * n), update(2 * n, 0.0), gains(2 * n, 1.0), gradient(2 * n), kernel(n * n);
  for (double& value : y) value = normal(random);

  TsneEmbedding result;
  double normaliser = 1.0;
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    const bool exaggerating = iteration < options.exaggeration_iterations;
    const double exaggeration = exaggerating ? options.early_exaggeration : 1.0;
    const double momentum = exaggerating ? 0.5 : 0.8;
    // Student-t kernel (1 + |yi - yj|^2)^-1 and its sum Z.
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      kernel[i * n + i] = 0.0;
      for (std::size_t j = i + 1; j < n; ++j) {
        const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
        const double value = 1.0 / (1.0 + dx * dx + dy * dy);
        kernel[i * n + j] = kernel[j * n + i] = value;
        sum += 2.0 * value;
      }
    }
    normaliser = std::max(sum, 1e-300);
    for (std::size_t i = 0; i < n; ++i) {
      double gx = 0.0, gy = 0.0;
      for (std::size_t j = 0; j < n; ++j) {
        const double q = kernel[i * n + j];
        const double strength = (exaggeration * joint[i * n + j] - q / normaliser) * q;
        gx += strength * (y[2 * i] - y[2 * j]);
        gy += strength * (y[2 * i + 1] - y[2 * j + 1]);
      }
      gradient[2 * i] = 4.0 * gx;
      gradient[2 * i + 1] = 4.0 * gy;
    }
    // Delta-bar-delta gains, as the reference implementation.
    double mean_x = 0.0, mean_y = 0.0;
    for (std::size_t k = 0; k < 2 * n; ++k) {
      const bool same_direction = (gradient[k] > 0.0) == (update[k] > 0.0);
      gains[k] = std::max(same_direction ? gains[k] * 0.8 : gains[k] + 0.2, 0.01);
      update[k] = momentum * update[k] - learning_rate * gains[k] * gradient[k];
      y[k] += update[k];
      (k % 2 == 0 ? mean_x : mean_y) += y[k];
    }
    mean_x /= count;
    mean_y /= count;
    for (std::size_t i = 0; i < n; ++i) {
      y[2 * i] -= mean_x;
      y[2 * i + 1] -= mean_y;
    }
    result.iterations_run = iteration + 1;
    if (progress && (iteration % 10 == 9 || iteration + 1 == options.iterations) &&
        !progress(iteration + 1, options.iterations)) {
      result.cancelled = true;
      break;
    }
  }
  double divergence = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (i != j)
        divergence += joint[i * n + j] * std::log(joint[i * n + j] / std::max(kernel[i * n + j] / normaliser, 1e-300));
  result.kl_divergence = divergence;
  result.xy.assign(y.begin(), y.end());
  return result;
}

}  // namespace promptune
