#include "core/metrics/projection.h"

namespace promptune {

Projection2D project_pca(const torch::Tensor& points) {
  torch::NoGradGuard no_grad;
  const auto x = points.to(torch::kCPU, torch::kFloat64);
  const std::int64_t n = x.size(0), d = x.size(1);
  Projection2D result;
  if (n == 0) {
    result.points = torch::zeros({0, 2});
    return result;
  }
  const auto centered = x - x.mean(0, true);
  auto covariance = torch::matmul(centered.t(), centered) / std::max<std::int64_t>(1, n - 1);
  const double total = covariance.trace().item<double>();
  std::vector<torch::Tensor> axes;
  double kept = 0.0;
  for (int component = 0; component < 2 && component < d; ++component) {
    // A fixed start that is not orthogonal to any axis in practice.
    auto vector = torch::linspace(1.0, 2.0, d, torch::kFloat64);
    vector /= vector.norm();
    for (int iteration = 0; iteration < 200; ++iteration) {
      auto next = torch::mv(covariance, vector);
      const double norm = next.norm().item<double>();
      if (norm < 1e-30) break;
      next /= norm;
      const bool converged = (next - vector).abs().max().item<double>() < 1e-10;
      vector = next;
      if (converged) break;
    }
    if (vector[vector.abs().argmax()].item<double>() < 0) vector = -vector;
    const double eigenvalue = torch::dot(vector, torch::mv(covariance, vector)).item<double>();
    kept += eigenvalue;
    covariance = covariance - eigenvalue * torch::outer(vector, vector);
    axes.push_back(vector);
  }
  while (axes.size() < 2) axes.push_back(torch::zeros({d}, torch::kFloat64));
  result.points = torch::matmul(centered, torch::stack(axes, 1)).to(torch::kFloat32);
  result.explained_variance = total > 0.0 ? kept / total : 0.0;
  return result;
}

}  // namespace promptune
