// The formulas behind POUF, ProReg, CLIP-Adapter, Tip-Adapter and WiSE-FT against values computed by hand (plain
// loops over doubles, written from METHODS-vision.md §7-9), and the optimiser pieces their recipes need.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/methods/clip_adapter.h"
#include "core/methods/pouf.h"
#include "core/methods/proreg.h"
#include "core/methods/tip_adapter.h"
#include "core/methods/vision_tuning.h"
#include "core/train/learning_rate.h"
#include "core/train/optimizer.h"

namespace promptune {
namespace {

using Matrix = std::vector<std::vector<double>>;

torch::Tensor tensor_of(const Matrix& rows) {
  std::vector<double> flat;
  for (const auto& row : rows) flat.insert(flat.end(), row.begin(), row.end());
  return torch::tensor(flat, torch::kFloat64).reshape({static_cast<long>(rows.size()), -1});
}

std::vector<double> softmax(const std::vector<double>& z) {
  double total = 0.0;
  std::vector<double> out;
  for (double v : z) total += std::exp(v);
  for (double v : z) out.push_back(std::exp(v) / total);
  return out;
}

TEST(PoufLosses, MatchTheSpecificationOnAHandComputedBatch) {
  const Matrix similarity{{0.9, 0.1}, {0.2, 0.7}, {0.4, 0.5}};  // B = 3 images, K = 2 prototypes
  const double scale = 10.0;
  const int images = 3, classes = 2;
  Matrix class_plan(images), batch_plan(images, std::vector<double>(classes));
  for (int i = 0; i < images; ++i) class_plan[i] = softmax({scale * similarity[i][0], scale * similarity[i][1]});
  for (int k = 0; k < classes; ++k) {
    const auto column = softmax({scale * similarity[0][k], scale * similarity[1][k], scale * similarity[2][k]});
    for (int i = 0; i < images; ++i) batch_plan[i][k] = column[i];
  }
  double forward = 0.0, backward = 0.0, entropy = 0.0;
  std::vector<double> marginal(classes, 0.0);
  for (int i = 0; i < images; ++i) {
    for (int k = 0; k < classes; ++k) {
      const double cost = 1.0 - similarity[i][k];
      forward += cost * class_plan[i][k] / images;
      backward += cost * batch_plan[i][k] / classes;
      entropy -= class_plan[i][k] * std::log(class_plan[i][k] + 1e-5) / images;
      marginal[k] += class_plan[i][k] / images;
    }
  }
  double marginal_entropy = 0.0;
  for (double q : marginal) marginal_entropy -= q * std::log(q + 1e-6);

  const auto losses = pouf_losses(tensor_of(similarity), torch::tensor(scale, torch::kFloat64));
  EXPECT_NEAR(losses.transport.item<double>(), forward + backward, 1e-12);
  EXPECT_NEAR(losses.information.item<double>(), entropy - marginal_entropy, 1e-12);
  EXPECT_NEAR(losses.logits[2][1].item<double>(), 5.0, 1e-12);
}

TEST(PoufLosses, BothPlansAndCostsCarryGradient) {
  auto similarity = torch::tensor({{0.3, 0.2}, {0.1, 0.6}}, torch::kFloat64).set_requires_grad(true);
  const auto losses = pouf_losses(similarity, torch::tensor(5.0, torch::kFloat64));
  losses.transport.backward();
  // With the plans detached the gradient would be -(p + pi/K)/... exactly; with them attached it differs.
  const auto plan_only =
      -(torch::softmax(5.0 * similarity.detach(), 1) / 2.0 + torch::softmax(5.0 * similarity.detach(), 0) / 2.0);
  EXPECT_FALSE(torch::allclose(similarity.grad(), plan_only, 1e-6, 1e-9));
}

TEST(ProRegLoss, AdaptiveAndFixedTradeOffsMatchTheOfficialFormulas) {
  const Matrix student{{2.0, 0.5, -1.0}, {0.1, 0.3, 0.2}};
  const Matrix teacher{{1.0, 3.0, 0.0}, {0.0, 4.0, 1.0}};
  const std::vector<long> labels{0, 1};
  const double temperature = 2.0, sharpen = 10.0;
  double adaptive = 0.0, fixed_ce = 0.0, fixed_kd = 0.0;
  std::vector<double> weights;
  for (int i = 0; i < 2; ++i) {
    const auto p = softmax(student[i]);
    const auto p0 = softmax(teacher[i]);
    const auto q = softmax({teacher[i][0] / temperature, teacher[i][1] / temperature, teacher[i][2] / temperature});
    const auto pt = softmax({student[i][0] / temperature, student[i][1] / temperature, student[i][2] / temperature});
    const double ce = -std::log(p[labels[i]]);
    double kd = 0.0;
    for (int k = 0; k < 3; ++k) kd -= temperature * temperature * q[k] * std::log(pt[k]);
    const double a = p[labels[i]], b = std::pow(p0[labels[i]], sharpen);
    const double w = b / (a + b + 1e-5);
    weights.push_back(w);
    adaptive += ((1.0 - w) * ce + 2.0 * w * kd) / 2.0;
    fixed_ce += ce / 2.0;
    fixed_kd += kd / 2.0;
  }
  const auto terms =
      proreg_terms(tensor_of(student), tensor_of(teacher), torch::tensor(labels, torch::kInt64), temperature, sharpen);
  EXPECT_NEAR(terms.weight[0].item<double>(), weights[0], 1e-12);
  EXPECT_NEAR(terms.weight[1].item<double>(), weights[1], 1e-12);
  // The zero-shot model is sure of sample 1's label, not of sample 0's: sample 1 leans on the prompt.
  EXPECT_LT(weights[0], 0.01);
  EXPECT_GT(weights[1], 0.5);
  EXPECT_NEAR(proreg_loss(terms, true, 2.0).item<double>(), adaptive, 1e-12);
  EXPECT_NEAR(proreg_loss(terms, false, 0.5).item<double>(), 0.5 * fixed_ce + 0.5 * fixed_kd, 1e-12);
}

TEST(ProRegLoss, TheTradeOffWeightIsNotDifferentiated) {
  auto student = torch::tensor({{1.0, 0.0}}, torch::kFloat64).set_requires_grad(true);
  const auto terms = proreg_terms(student, torch::tensor({{0.0, 1.0}}, torch::kFloat64),
                                  torch::tensor({0L}, torch::kInt64), 1.0, 10.0);
  EXPECT_FALSE(terms.weight.requires_grad());
}

TEST(ClipAdapter, BlendsTheBottleneckOutputResidually) {
  const Matrix features{{1.0, -2.0, 0.5, 3.0}};
  const Matrix down{{0.5, 0.0, 1.0, 0.0}, {0.0, -1.0, 0.0, 0.25}};   // W1 [E/2, E]
  const Matrix up{{1.0, 0.0}, {0.0, 1.0}, {-1.0, 1.0}, {0.5, 0.5}};  // W2 [E, E/2]
  std::vector<double> hidden(2), expected(4);
  for (int h = 0; h < 2; ++h) {
    double sum = 0.0;
    for (int e = 0; e < 4; ++e) sum += down[h][e] * features[0][e];
    hidden[h] = std::max(0.0, sum);
  }
  for (int e = 0; e < 4; ++e) {
    const double adapted = std::max(0.0, up[e][0] * hidden[0] + up[e][1] * hidden[1]);
    expected[e] = 0.2 * adapted + 0.8 * features[0][e];
  }
  const auto result = clip_adapter_features(tensor_of(features), tensor_of(down), tensor_of(up), 0.2);
  for (int e = 0; e < 4; ++e) EXPECT_NEAR(result[0][e].item<double>(), expected[e], 1e-12) << e;
}

TEST(TipAdapter, LogitsAddTheCacheAffinityToTheZeroShotScores) {
  const double s = std::sqrt(0.5);
  const Matrix features{{1.0, 0.0}, {s, s}};
  const Matrix classifier{{1.0, 0.0}, {0.0, 1.0}};
  const Matrix keys{{0.0, 1.0}, {1.0, 0.0}, {s, -s}};
  const Matrix values{{0.0, 1.0}, {1.0, 0.0}, {0.0, 1.0}};
  const double scale = 100.0, alpha = 1.5, beta = 4.0;
  const auto logits =
      tip_adapter_logits(tensor_of(features), tensor_of(classifier), torch::tensor(scale, torch::kFloat64),
                         tensor_of(keys), tensor_of(values), alpha, beta);
  for (int i = 0; i < 2; ++i) {
    for (int c = 0; c < 2; ++c) {
      double expected = scale * (features[i][0] * classifier[c][0] + features[i][1] * classifier[c][1]);
      for (int n = 0; n < 3; ++n) {
        const double affinity = features[i][0] * keys[n][0] + features[i][1] * keys[n][1];
        expected += alpha * std::exp(-beta * (1.0 - affinity)) * values[n][c];
      }
      EXPECT_NEAR(logits[i][c].item<double>(), expected, 1e-10) << i << "," << c;
    }
  }
}

TEST(TipAdapter, TheSearchFindsABlendThatLetsTheCacheOverruleAWrongZeroShotClassifier) {
  // The zero-shot classifier has classes 0 and 1 swapped; the cache has the right labels. With scale 1 a large
  // enough alpha lets the cache win, and the first blend of the official grid that does so is chosen.
  const Matrix features{{1.0, 0.0}, {0.0, 1.0}};
  const Matrix swapped{{0.0, 1.0}, {1.0, 0.0}};
  const Matrix identity{{1.0, 0.0}, {0.0, 1.0}};
  const auto labels = torch::tensor({0L, 1L}, torch::kInt64);
  const auto best =
      search_tip_blend(tensor_of(features), labels, tensor_of(swapped), torch::tensor(1.0, torch::kFloat64),
                       tensor_of(identity), tensor_of(identity), 3.0, 7.0);
  EXPECT_DOUBLE_EQ(best.accuracy, 1.0);
  // Cache evidence for the true class is alpha (affinity 1) against alpha * exp(-beta) for the other: it wins when
  // alpha (1 - exp(-beta)) > 1. The grid scans beta outermost from 0.1, alpha innermost.
  EXPECT_GT(best.alpha * (1.0 - std::exp(-best.beta)), 1.0);
  bool earlier_works = false;
  for (int i = 0; i < 200 && !earlier_works; ++i) {
    const double beta = 0.1 + i * (7.0 - 0.1) / 200.0;
    if (beta >= best.beta - 1e-12) break;
    for (int j = 0; j < 20; ++j)
      if ((0.1 + j * (3.0 - 0.1) / 20.0) * (1.0 - std::exp(-beta)) > 1.0) earlier_works = true;
  }
  EXPECT_FALSE(earlier_works);
}

TEST(WiseFt, InterpolatesEveryTensorBetweenZeroShotAndFineTuned) {
  auto tuned = torch::tensor({1.0, 2.0, -4.0});
  const auto zero_shot = torch::tensor({3.0, 2.0, 0.0});
  std::vector<std::string> lines;
  EXPECT_TRUE(interpolate_weights({{tuned, zero_shot}}, 0.25, [&](const std::string& line) { lines.push_back(line); }));
  EXPECT_TRUE(torch::allclose(tuned, torch::tensor({2.5, 2.0, -1.0})));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("0.75 x zero-shot"), std::string::npos);
  EXPECT_FALSE(interpolate_weights({{tuned, zero_shot}}, 1.0, {}));
  EXPECT_TRUE(torch::allclose(tuned, torch::tensor({2.5, 2.0, -1.0})));
}

TEST(AdaptationRecipes, NesterovSgdMatchesPyTorchAndGroupsScaleTheirRateAndDecay) {
  TrainingConfig training;
  training.optimizer = "sgd";
  training.momentum = 0.9;
  training.nesterov = true;
  training.weight_decay = 0.1;
  auto a = torch::tensor({1.0}, torch::kFloat64).set_requires_grad(true);
  auto b = torch::tensor({1.0}, torch::kFloat64).set_requires_grad(true);
  Optimizer optimizer({{"a", {a}, 1.0, std::nullopt}, {"b", {b}, 0.5, 0.0}}, training);
  // PyTorch SGD(nesterov): d = g + wd p; buf = d (first step), then 0.9 buf + d; step with d + 0.9 buf.
  double pa = 1.0, pb = 1.0, buf_a = 0.0, buf_b = 0.0;
  for (int step = 0; step < 2; ++step) {
    optimizer.zero_grad();
    (a * a * 3.0 + b * b * 3.0).sum().backward();  // gradient 6p
    optimizer.step(0.1);
    const double da = 6.0 * pa + 0.1 * pa, db = 6.0 * pb;
    buf_a = step == 0 ? da : 0.9 * buf_a + da;
    buf_b = step == 0 ? db : 0.9 * buf_b + db;
    pa -= 0.1 * (da + 0.9 * buf_a);
    pb -= 0.05 * (db + 0.9 * buf_b);
  }
  EXPECT_NEAR(a.item<double>(), pa, 1e-12);
  EXPECT_NEAR(b.item<double>(), pb, 1e-12);
}

TEST(AdaptationRecipes, InverseAndLinearSchedules) {
  TrainingConfig pouf;
  pouf.schedule = "inverse";
  pouf.learning_rate = 1e-3;
  pouf.warmup_epochs = 0;
  // Global step 2 * 500 + 10 = 1010: lr (1 + 2e-4 * 1010)^-0.75.
  EXPECT_NEAR(learning_rate_at(pouf, 2, 10, 500), 1e-3 * std::pow(1.202, -0.75), 1e-15);
  EXPECT_DOUBLE_EQ(learning_rate_at(pouf, 0, 0, 500), 1e-3);

  TrainingConfig proreg;
  proreg.schedule = "linear";
  proreg.warmup_type = "linear";
  proreg.schedule_unit = "step";
  proreg.epochs = 10;
  proreg.warmup_epochs = 1;
  proreg.learning_rate = 1e-5;
  EXPECT_NEAR(learning_rate_at(proreg, 0, 50, 100), 0.5e-5, 1e-18);  // half-way through warm-up
  EXPECT_NEAR(learning_rate_at(proreg, 1, 0, 100), 1e-5, 1e-18);     // peak
  EXPECT_NEAR(learning_rate_at(proreg, 5, 50, 100), 0.5e-5, 1e-18);  // half-way through the decay
  EXPECT_NEAR(learning_rate_at(proreg, 9, 99, 100), 1e-5 * 0.01 / 9.0, 1e-18);
}

}  // namespace
}  // namespace promptune
