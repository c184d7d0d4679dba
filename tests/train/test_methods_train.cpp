// Each method trains for real on generated data with a learnable shift between classes and prompts (images
// aligned to a hidden context, see tiny_session.h) and beats the zero-shot prompts there. The tiny random text
// encoder barely moves under plain SGD at CoOp's rate of 0.002, so these runs use AdamW.
#include <gtest/gtest.h>

#include "core/methods/method_registry.h"
#include "tests/support/tiny_session.h"

namespace promptune {
namespace {

using testing::summary_accuracy;
using testing::TinyWorkspace;

const nlohmann::json kAdamW{{"optimizer", "adamw"}, {"weight_decay", 0.0}, {"learning_rate", 0.01}, {"epochs", 30}};

nlohmann::json adamw(int batch_size) {
  nlohmann::json training = kAdamW;
  training["batch_size"] = batch_size;
  return training;
}

class MethodTraining : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { workspace_ = new TinyWorkspace(); }
  static void TearDownTestSuite() { delete workspace_; }
  static TinyWorkspace* workspace_;

  static void expect_beats_zero_shot(const RunOutcome& outcome, double margin) {
    ASSERT_TRUE(outcome.succeeded) << outcome.error;
    const double zero_shot = summary_accuracy(outcome, "validation", false);
    const double tuned = summary_accuracy(outcome, "validation", true);
    EXPECT_GE(zero_shot, 0.0);
    EXPECT_GT(tuned, zero_shot + margin) << "zero-shot " << zero_shot << ", tuned " << tuned;
  }
};
TinyWorkspace* MethodTraining::workspace_ = nullptr;

TEST_F(MethodTraining, CoOpBeatsZeroShot) {
  expect_beats_zero_shot(workspace_->run(workspace_->session("coop", {{"n_ctx", 4}}, adamw(16))), 0.5);
}

TEST_F(MethodTraining, CoOpWithTheClassNameInTheMiddleBeatsZeroShot) {
  expect_beats_zero_shot(
      workspace_->run(workspace_->session("coop", {{"n_ctx", 4}, {"class_position", "middle"}}, adamw(16))), 0.25);
}

TEST_F(MethodTraining, ClassSpecificCoOpBeatsZeroShot) {
  expect_beats_zero_shot(
      workspace_->run(workspace_->session("coop", {{"n_ctx", 4}, {"class_specific", true}}, adamw(16))), 0.2);
}

TEST_F(MethodTraining, CoCoOpBeatsZeroShot) {
  expect_beats_zero_shot(
      workspace_->run(workspace_->session("cocoop", {{"init", ""}, {"n_ctx", 4}, {"meta_hidden", 4}}, adamw(4))), 0.5);
}

TEST_F(MethodTraining, LinearProbeBeatsZeroShot) {
  expect_beats_zero_shot(workspace_->run(workspace_->session("linear_probe")), 0.5);
}

TEST_F(MethodTraining, ZeroShotMethodReportsTheBaselineUnchanged) {
  const auto outcome = workspace_->run(workspace_->session("zero_shot"));
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  EXPECT_DOUBLE_EQ(summary_accuracy(outcome, "validation", true), summary_accuracy(outcome, "validation", false));
}

TEST_F(MethodTraining, CoCoOpWithASilentMetaNetIsCoOp) {
  auto backbone = ClipBackbone::load(workspace_->folder() / "clip");
  MethodSetup setup;
  setup.backbone = backbone.get();
  setup.class_names = TinyWorkspace::classes();
  setup.options = {{"n_ctx", 4}};
  auto coop = create_method("coop", setup);
  setup.options = {{"n_ctx", 4}, {"init", ""}};
  auto cocoop = create_method("cocoop", setup);
  auto state = cocoop->state();
  state["ctx"] = coop->state().at("ctx");
  for (auto& [name, tensor] : state)
    if (name.rfind("meta_net.", 0) == 0) tensor = torch::zeros_like(tensor);
  cocoop->load_state(state);
  torch::NoGradGuard no_grad;
  MethodBatch batch;
  batch.features = torch::randn({5, 16});
  EXPECT_TRUE(torch::allclose(coop->logits(batch), cocoop->logits(batch), 1e-4, 1e-4));
}

TEST_F(MethodTraining, LinearProbeSearchesCOnValidationData) {
  std::vector<RunEvent> events;
  const auto outcome = workspace_->run(workspace_->session("linear_probe"), &events);
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  bool reported = false;
  for (const auto& event : events)
    if (const auto* log = std::get_if<LogEvent>(&event))
      reported = reported || log->message.find("chosen on 48 validation images") != std::string::npos;
  EXPECT_TRUE(reported);
}

}  // namespace
}  // namespace promptune
