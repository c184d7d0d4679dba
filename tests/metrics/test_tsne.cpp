#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/metrics/tsne.h"
#include "core/util/error.h"

namespace promptune {
namespace {

struct Clusters {
  std::vector<float> rows;
  std::vector<int> labels;
  int count = 0, dimensions = 0;
};

/// `clusters` Gaussian blobs in `dimensions`-D, far apart relative to their spread.
Clusters gaussian_clusters(int clusters, int per_cluster, int dimensions, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  Clusters data;
  data.dimensions = dimensions;
  for (int c = 0; c < clusters; ++c) {
    std::vector<float> centre(dimensions);
    for (float& value : centre) value = 6.0f * normal(random);
    for (int k = 0; k < per_cluster; ++k) {
      for (int d = 0; d < dimensions; ++d) data.rows.push_back(centre[d] + normal(random));
      data.labels.push_back(c);
      ++data.count;
    }
  }
  return data;
}

/// Fraction of points whose nearest other point in the 2-D layout has the same label.
double nearest_neighbour_agreement(const std::vector<float>& xy, const std::vector<int>& labels) {
  int agree = 0;
  const int n = static_cast<int>(labels.size());
  for (int i = 0; i < n; ++i) {
    int best = -1;
    double best_distance = 1e300;
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      const double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
      if (dx * dx + dy * dy < best_distance) best_distance = dx * dx + dy * dy, best = j;
    }
    agree += labels[best] == labels[i];
  }
  return static_cast<double>(agree) / n;
}

TEST(Tsne, SeparatesClustersDeterministicallyAndReportsProgress) {
  const auto data = gaussian_clusters(4, 40, 32, 7);
  TsneOptions options;
  options.perplexity = 20;
  options.iterations = 500;
  int calls = 0, last = 0;
  const auto embedding = compute_tsne(data.rows, data.count, data.dimensions, options, [&](int done, int total) {
    ++calls;
    EXPECT_EQ(total, 500);
    EXPECT_GT(done, last);
    last = done;
    return true;
  });
  ASSERT_EQ(embedding.xy.size(), static_cast<std::size_t>(2 * data.count));
  EXPECT_FALSE(embedding.cancelled);
  EXPECT_EQ(embedding.iterations_run, 500);
  EXPECT_EQ(calls, 50);
  EXPECT_GT(nearest_neighbour_agreement(embedding.xy, data.labels), 0.97);
  EXPECT_GT(embedding.kl_divergence, 0.0);
  EXPECT_LT(embedding.kl_divergence, 2.0);
  double mean_x = 0.0;
  for (int i = 0; i < data.count; ++i) mean_x += embedding.xy[2 * i];
  EXPECT_NEAR(mean_x / data.count, 0.0, 1e-6);

  const auto again = compute_tsne(data.rows, data.count, data.dimensions, options);
  EXPECT_EQ(again.xy, embedding.xy);
  options.seed = 2;
  EXPECT_NE(compute_tsne(data.rows, data.count, data.dimensions, options).xy, embedding.xy);
}

TEST(Tsne, BeatsARandomLayoutOnlyBecauseOfTheData) {
  // Labels that do not follow the geometry must not come out separated: the agreement above is earned.
  auto data = gaussian_clusters(1, 120, 16, 3);
  for (int i = 0; i < data.count; ++i) data.labels[i] = i % 4;
  TsneOptions options;
  options.iterations = 300;
  const auto embedding = compute_tsne(data.rows, data.count, data.dimensions, options);
  EXPECT_LT(nearest_neighbour_agreement(embedding.xy, data.labels), 0.5);
}

TEST(Tsne, CancelsAndRefusesUnusableOptions) {
  const auto data = gaussian_clusters(2, 20, 8, 1);
  TsneOptions options;
  options.perplexity = 5;
  const auto cancelled =
      compute_tsne(data.rows, data.count, data.dimensions, options, [](int done, int) { return done < 30; });
  EXPECT_TRUE(cancelled.cancelled);
  EXPECT_EQ(cancelled.iterations_run, 30);
  EXPECT_EQ(cancelled.xy.size(), static_cast<std::size_t>(2 * data.count));

  options.perplexity = 30;  // 40 points allow at most 13
  EXPECT_NE(check_tsne_options(options, data.count).find("perplexity must be from 1 to 13"), std::string::npos)
      << check_tsne_options(options, data.count);
  EXPECT_THROW(compute_tsne(data.rows, data.count, data.dimensions, options), Error);
  options.perplexity = 5;
  EXPECT_EQ(check_tsne_options(options, data.count), "");
  EXPECT_NE(check_tsne_options(options, 3).find("at least 4"), std::string::npos);
  EXPECT_NE(check_tsne_options(options, kTsneMaxPoints + 1).find("embedding samples"), std::string::npos);
  options.iterations = 10;
  EXPECT_NE(check_tsne_options(options, data.count).find("iterations"), std::string::npos);
  options.iterations = 1000;
  EXPECT_THROW(compute_tsne(data.rows, data.count, data.dimensions + 1, options), Error);
}

}  // namespace
}  // namespace promptune
