// Session files, the learning-rate schedule and the optimisers.
#include <gtest/gtest.h>

#include <cmath>

#include "core/train/learning_rate.h"
#include "core/train/optimizer.h"
#include "core/train/session_config.h"
#include "tests/support/errors.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

using testing::error_of;

nlohmann::json minimal() {
  return {{"backbone", {{"path", "clip"}}}, {"data", {{"train", {{"path", "images"}}}}}};
}

TEST(SessionConfig, FillsTheMethodsOfficialRecipeAndRoundTrips) {
  auto document = minimal();
  document["method"] = {{"name", "coop"}};
  const auto config = SessionConfig::from_json(document, "/base");
  EXPECT_EQ(config.backbone, "/base/clip");
  EXPECT_EQ(config.training.optimizer, "sgd");
  EXPECT_DOUBLE_EQ(config.training.learning_rate, 0.002);
  EXPECT_EQ(config.training.batch_size, 32);
  EXPECT_EQ(config.method_options["n_ctx"], 16);
  EXPECT_EQ(config.method_options["class_position"], "end");
  const auto again = SessionConfig::from_json(config.to_json());
  EXPECT_EQ(again.to_json(), config.to_json());
}

TEST(SessionConfig, NumbersBeyondADoubleOrALongAreRefusedByName) {
  // Found by the session-file fuzzer: "15e51510" overflows while parsing; 2^64-1 is no seed.
  testing::TemporaryFolder folder;
  const auto file = folder.write("huge.promptune.json", R"({"name": "x", "seed": 15e51510})");
  EXPECT_NE(error_of([&] { SessionConfig::load(file); }).find("huge.promptune.json: is not valid JSON"),
            std::string::npos);
  auto document = minimal();
  document["seed"] = 18446744073709551615ULL;
  EXPECT_NE(error_of([&] { SessionConfig::from_json(document); }).find("seed: must be an integer from"),
            std::string::npos);
}

TEST(SessionConfig, ErrorsNameTheFieldAndTheAllowedValues) {
  auto with = [](const std::function<void(nlohmann::json&)>& change) {
    auto document = minimal();
    change(document);
    return error_of([&] { SessionConfig::from_json(document); });
  };
  EXPECT_EQ(with([](auto& d) {
              d["training"] = {{"optimizer", "adam"}};
            }),
            "training.optimizer: must be one of sgd, adamw, got \"adam\"");
  EXPECT_EQ(with([](auto& d) {
              d["method"] = {{"name", "coop"}, {"options", {{"n_ctx", 0}}}};
            }),
            "method.options.n_ctx: must be an integer from 1 to 64, got 0");
  EXPECT_EQ(with([](auto& d) {
              d["method"] = {{"name", "coop"}, {"options", {{"class_position", "left"}}}};
            }),
            "method.options.class_position: must be one of end, middle, front, got \"left\"");
  EXPECT_NE(with([](auto& d) {
              d["method"] = {{"name", "coop"}, {"options", {{"nctx", 4}}}};
            }).find("method.options.nctx: coop has no such option (options: n_ctx, init"),
            std::string::npos);
  EXPECT_NE(with([](auto& d) {
              d["method"] = {{"name", "coopp"}};
            }).find("unknown method 'coopp' (known methods: "),
            std::string::npos);
  EXPECT_NE(with([](auto& d) { d["epochs"] = 3; }).find("epochs: unknown field (a session may have: "),
            std::string::npos);
  EXPECT_EQ(with([](auto& d) { d.erase("backbone"); }), "backbone: is required (a CLIP model folder or weight file)");
  EXPECT_NE(with([](auto& d) { d["version"] = 99; }).find("written by a newer Promptune"), std::string::npos);
  EXPECT_EQ(with([](auto& d) {
              d["training"] = {{"learning_rate", -1}};
            }),
            "training.learning_rate: must be a number from 0 to 100, got -1");
  EXPECT_EQ(with([](auto& d) {
              d["training"] = {{"warmup_type", "ramp"}};
            }),
            "training.warmup_type: must be one of constant, linear, got \"ramp\"");
  EXPECT_EQ(with([](auto& d) { d["device"] = "gpu"; }), "device: must be one of auto, cpu, cuda, cuda:N, got \"gpu\"");
  EXPECT_EQ(with([](auto& d) { d["data"].erase("train"); }), "data: needs data.train or data.target");
}

TEST(LearningRate, FollowsDasslsConstantWarmupThenPerEpochCosine) {
  TrainingConfig training;
  training.epochs = 5;
  training.learning_rate = 0.002;
  const std::vector<double> expected{1e-5, 0.002, 0.002 * 0.5 * (1 + std::cos(M_PI / 5)),
                                     0.002 * 0.5 * (1 + std::cos(2 * M_PI / 5)),
                                     0.002 * 0.5 * (1 + std::cos(3 * M_PI / 5))};
  for (int epoch = 0; epoch < 5; ++epoch) {
    EXPECT_DOUBLE_EQ(learning_rate_at(training, epoch, 0, 10), expected[static_cast<std::size_t>(epoch)]);
    EXPECT_DOUBLE_EQ(learning_rate_at(training, epoch, 7, 10), expected[static_cast<std::size_t>(epoch)]);
  }
  training.schedule_unit = "step";
  EXPECT_LT(learning_rate_at(training, 2, 5, 10), learning_rate_at(training, 2, 0, 10));
}

TEST(LearningRate, LinearWarmupFromZeroThenCosineOverTheRemainingEpochsAsVptAndSpt) {
  TrainingConfig training;
  training.epochs = 12;
  training.warmup_epochs = 2;
  training.warmup_type = "linear";
  training.learning_rate = 0.1;
  // VPT steps its WarmupCosineSchedule per epoch: epoch 0 trains at rate 0.
  EXPECT_DOUBLE_EQ(learning_rate_at(training, 0, 5, 10), 0.0);
  EXPECT_DOUBLE_EQ(learning_rate_at(training, 1, 0, 10), 0.05);
  EXPECT_DOUBLE_EQ(learning_rate_at(training, 2, 0, 10), 0.1);
  EXPECT_DOUBLE_EQ(learning_rate_at(training, 7, 0, 10), 0.1 * 0.5 * (1 + std::cos(M_PI * 5 / 10)));
  // SPT updates every iteration with the fractional epoch.
  training.schedule_unit = "step";
  EXPECT_DOUBLE_EQ(learning_rate_at(training, 0, 5, 10), 0.1 * 0.5 / 2);
  EXPECT_DOUBLE_EQ(learning_rate_at(training, 11, 5, 10), 0.1 * 0.5 * (1 + std::cos(M_PI * 9.5 / 10)));
}

/// Runs `steps` optimiser steps on a fixed quadratic with ours and with LibTorch's reference implementation.
template <typename Reference>
void expect_same_trajectory(const TrainingConfig& training, Reference make_reference) {
  torch::manual_seed(3);
  const auto start = torch::randn({4, 3});
  const auto target = torch::randn({4, 3});
  auto ours = start.clone().set_requires_grad(true);
  auto theirs = start.clone().set_requires_grad(true);
  Optimizer optimizer({ours}, training);
  auto reference = make_reference(theirs);
  for (int step = 0; step < 6; ++step) {
    optimizer.zero_grad();
    (ours - target).pow(3).abs().sum().backward();
    optimizer.step(training.learning_rate);
    reference.zero_grad();
    (theirs - target).pow(3).abs().sum().backward();
    reference.step();
  }
  EXPECT_TRUE(torch::allclose(ours, theirs, 1e-6, 1e-6)) << ours << theirs;
}

TEST(Optimizer, SgdMatchesLibTorch) {
  TrainingConfig training;
  training.learning_rate = 0.01;
  expect_same_trajectory(training, [&](torch::Tensor& p) {
    return torch::optim::SGD({p}, torch::optim::SGDOptions(0.01).momentum(0.9).weight_decay(5e-4));
  });
}

TEST(Optimizer, AdamWMatchesLibTorch) {
  TrainingConfig training;
  training.optimizer = "adamw";
  training.learning_rate = 0.01;
  training.weight_decay = 0.01;
  expect_same_trajectory(training, [&](torch::Tensor& p) {
    return torch::optim::AdamW({p}, torch::optim::AdamWOptions(0.01).weight_decay(0.01));
  });
}

TEST(Optimizer, StateRestoresExactly) {
  TrainingConfig training;
  auto a = torch::ones({3}).set_requires_grad(true);
  Optimizer first({a}, training);
  a.mutable_grad() = torch::full({3}, 0.5);
  first.step(0.1);
  auto b = a.detach().clone().set_requires_grad(true);
  Optimizer second({b}, training);
  second.load_state(first.state());
  a.mutable_grad() = torch::full({3}, 0.25);
  b.mutable_grad() = torch::full({3}, 0.25);
  first.step(0.1);
  second.step(0.1);
  EXPECT_TRUE(torch::equal(a, b));
}

TEST(LossScaler, SkipsOverflowingStepsAndAdaptsTheScale) {
  TrainingConfig training;
  auto p = torch::ones({2}).set_requires_grad(true);
  Optimizer optimizer({p}, training);
  LossScaler scaler(true, 1024.0, 2);
  p.mutable_grad() = torch::tensor({std::numeric_limits<float>::infinity(), 1.0f});
  EXPECT_FALSE(scaler.unscale_and_check(optimizer));
  EXPECT_DOUBLE_EQ(scaler.scale(), 512.0);
  p.mutable_grad() = torch::tensor({512.0f, 1024.0f});
  EXPECT_TRUE(scaler.unscale_and_check(optimizer));
  EXPECT_TRUE(torch::allclose(p.grad(), torch::tensor({1.0f, 2.0f})));
  p.mutable_grad() = torch::tensor({1.0f, 1.0f});
  EXPECT_TRUE(scaler.unscale_and_check(optimizer));
  EXPECT_DOUBLE_EQ(scaler.scale(), 1024.0);  // doubled after 2 clean steps
  EXPECT_DOUBLE_EQ(LossScaler(false).scale(), 1.0);
}

}  // namespace
}  // namespace promptune
