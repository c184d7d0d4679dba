// The runner's promises: exact resume, consistent cancel, pause, NaN guard, events, run folder contents.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "core/export/prompt_file.h"
#include "core/train/run_folder.h"
#include "promptune/version.h"
#include "tests/support/errors.h"
#include "tests/support/tiny_session.h"

namespace promptune {
namespace {

using testing::TinyWorkspace;

class Runner : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { workspace_ = new TinyWorkspace(); }
  static void TearDownTestSuite() { delete workspace_; }
  static TinyWorkspace* workspace_;

  static nlohmann::json coop_session(const std::string& name) {
    auto session = workspace_->session(
        "coop", {{"n_ctx", 4}}, {{"optimizer", "sgd"}, {"learning_rate", 0.5}, {"epochs", 6}, {"batch_size", 16}});
    session["name"] = name;
    session["data"]["target"] = session["data"]["validation"];
    return session;
  }

  /// Runs `session`, cancelling once `cancel_at_step` training steps are done (never when 0).
  static RunOutcome run_until(const nlohmann::json& session, long long cancel_at_step,
                              std::vector<RunEvent>* events = nullptr, const std::filesystem::path& resume = {}) {
    RunControl control;
    RunRequest request{SessionConfig::from_json(session), resume};
    return run_session(
        request,
        [&](const RunEvent& event) {
          if (events) events->push_back(event);
          const auto* progress = std::get_if<ProgressEvent>(&event);
          if (cancel_at_step > 0 && progress && progress->phase == "training" && progress->done == cancel_at_step)
            control.request_cancel();
        },
        control);
  }
};
TinyWorkspace* Runner::workspace_ = nullptr;

TEST_F(Runner, ResumingACancelledRunGivesTheUninterruptedResult) {
  const auto whole = run_until(coop_session("whole"), 0);
  ASSERT_TRUE(whole.succeeded) << whole.error;
  const auto interrupted = run_until(coop_session("interrupted"), 10);  // mid-epoch: 4 steps per epoch
  ASSERT_TRUE(interrupted.succeeded) << interrupted.error;
  ASSERT_TRUE(interrupted.cancelled);
  const auto resumed = run_until(coop_session("ignored"), 0, nullptr, interrupted.run_folder);
  ASSERT_TRUE(resumed.succeeded) << resumed.error;
  EXPECT_FALSE(resumed.cancelled);
  EXPECT_EQ(resumed.run_folder, interrupted.run_folder);

  const auto expected = load_prompt_file(whole.prompt_file);
  const auto actual = load_prompt_file(resumed.prompt_file);
  EXPECT_TRUE(torch::equal(expected.tensors.at("ctx"), actual.tensors.at("ctx")));
  EXPECT_EQ(expected.metadata["metrics"], actual.metadata["metrics"]);

  auto metrics = [](const std::filesystem::path& folder) {
    std::vector<std::pair<std::string, double>> values;
    for (const auto& metric : RunFolder::open(folder).read_metrics())
      values.emplace_back(metric.name + "@" + std::to_string(metric.step), metric.value);
    return values;
  };
  const auto expected_metrics = metrics(whole.run_folder);
  const auto actual_metrics = metrics(resumed.run_folder);
  ASSERT_EQ(expected_metrics.size(), actual_metrics.size());
  for (std::size_t i = 0; i < expected_metrics.size(); ++i) {
    EXPECT_EQ(expected_metrics[i].first, actual_metrics[i].first);
    EXPECT_EQ(expected_metrics[i].second, actual_metrics[i].second) << expected_metrics[i].first;
  }
}

TEST_F(Runner, CancelLeavesAConsistentRunFolder) {
  const auto outcome = run_until(coop_session("cancelled"), 5);
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  ASSERT_TRUE(outcome.cancelled);
  auto folder = RunFolder::open(outcome.run_folder);
  EXPECT_EQ(folder.state(), "cancelled");
  EXPECT_NO_THROW(SessionConfig::from_json(folder.read_json("config.json")));
  EXPECT_EQ(folder.read_json("data.json")["train"].size(), 64u);
  ASSERT_EQ(folder.checkpoints().size(), 2u);  // epoch 1 (step 4) and the cancel at step 5
  EXPECT_EQ(folder.checkpoints().back().filename(), "step-00000005.safetensors");
  long long last_step = 0;
  for (const auto& metric : folder.read_metrics()) last_step = std::max(last_step, metric.step);
  EXPECT_EQ(last_step, 5);
  const auto prompt = load_prompt_file(outcome.prompt_file);
  EXPECT_EQ(prompt.metadata["status"], "cancelled");
  EXPECT_EQ(prompt.metadata["steps"], 5);
  // The version of the program that wrote it comes from the one place it is defined (project() in CMake).
  EXPECT_EQ(prompt.metadata["application"], std::string("Promptune ") + kVersion);
}

TEST_F(Runner, ResumingAFinishedRunIsRefused) {
  const auto outcome = run_until(coop_session("finished"), 0);
  ASSERT_TRUE(outcome.succeeded);
  const auto again = run_until(coop_session("finished"), 0, nullptr, outcome.run_folder);
  EXPECT_FALSE(again.succeeded);
  EXPECT_NE(again.error.find("already finished"), std::string::npos) << again.error;
}

TEST_F(Runner, EmitsProgressWithEtaMetricsAndEmbeddingSnapshots) {
  std::vector<RunEvent> events;
  auto session = coop_session("events");
  session["text"] = {{"template", "{sentence} It was [MASK] ."}};  // for masked LMs: said, not silently ignored
  const auto outcome = run_until(session, 0, &events);
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  int snapshots = 0, training_progress = 0, finished = 0;
  bool eta_known = false, text_block_warned = false;
  std::set<std::string> names;
  for (const auto& event : events) {
    if (const auto* snapshot = std::get_if<EmbeddingSnapshotEvent>(&event)) {
      ++snapshots;
      EXPECT_EQ(snapshot->prototypes.size(), 4u);
      EXPECT_EQ(snapshot->features.size(), 48u);
      EXPECT_EQ(snapshot->feature_source, "target");
      EXPECT_EQ(snapshot->feature_labels.size(), snapshot->predicted.size());
      EXPECT_GT(snapshot->explained_variance, 0.0);
      ASSERT_EQ(snapshot->feature_items.size(), 48u);
      EXPECT_TRUE(std::filesystem::exists(snapshot->feature_items.front())) << snapshot->feature_items.front();
      EXPECT_EQ(snapshot->feature_domains, std::vector<int>(48, -1));
      ASSERT_GT(snapshot->dimensions, 0);
      ASSERT_EQ(snapshot->vectors.size(), static_cast<std::size_t>(52 * snapshot->dimensions));
      double norm = 0.0;  // rows are unit vectors in the shared space
      for (int i = 0; i < snapshot->dimensions; ++i) norm += snapshot->vectors[i] * snapshot->vectors[i];
      EXPECT_NEAR(norm, 1.0, 1e-4);
    }
    if (const auto* progress = std::get_if<ProgressEvent>(&event)) {
      if (progress->phase == "training") {
        ++training_progress;
        eta_known = eta_known || progress->eta_seconds >= 0.0;
      }
    }
    if (const auto* metric = std::get_if<MetricEvent>(&event)) names.insert(metric->name);
    if (const auto* line = std::get_if<LogEvent>(&event))
      text_block_warned =
          text_block_warned || line->message.find("\"text\" block is for masked-LM") != std::string::npos;
    if (std::holds_alternative<FinishedEvent>(event)) ++finished;
  }
  EXPECT_TRUE(text_block_warned);
  EXPECT_FALSE(names.count("validation/macro_f1")) << "text runs only";
  EXPECT_EQ(snapshots, 6);  // one per epoch
  EXPECT_EQ(training_progress, 24);
  EXPECT_TRUE(eta_known);
  EXPECT_EQ(finished, 1);
  for (const char* name : {"train/loss", "train/learning_rate", "validation/accuracy", "target/accuracy",
                           "validation/accuracy/cat", "zero_shot/target/accuracy", "train/running_accuracy"})
    EXPECT_TRUE(names.count(name)) << name;
}

TEST_F(Runner, PausesAndResumesAtStepBoundaries) {
  std::atomic<int> paused{0};
  BackgroundRun run(RunRequest{SessionConfig::from_json(coop_session("paused")), {}}, [&](const RunEvent& event) {
    if (const auto* progress = std::get_if<ProgressEvent>(&event))
      if (progress->phase == "paused") ++paused;
  });
  run.control().request_pause();
  while (paused == 0 && !run.finished()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(run.finished());
  run.control().request_resume();
  const auto& outcome = run.wait();
  EXPECT_TRUE(outcome.succeeded) << outcome.error;
  EXPECT_FALSE(outcome.cancelled);
  EXPECT_EQ(paused, 1);
}

TEST_F(Runner, StopsWithAClearMessageWhenTheLossBecomesNaN) {
  // A backbone whose image projection holds NaN, as a broken conversion would produce.
  auto backbone = ClipBackbone::load(workspace_->folder() / "clip");
  backbone->model->visual->proj.detach().fill_(std::nan(""));
  const auto broken = workspace_->folder() / "nan-clip";
  backbone->save_huggingface(
      broken, {workspace_->folder() / "clip/tokenizer/vocab.json", workspace_->folder() / "clip/tokenizer/merges.txt"});
  auto session = coop_session("diverging");
  session["backbone"]["path"] = broken.string();
  std::vector<RunEvent> events;
  const auto outcome = run_until(session, 0, &events);
  ASSERT_FALSE(outcome.succeeded);
  EXPECT_NE(outcome.error.find("the loss became"), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("Lower the learning rate"), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("No checkpoint was written yet"), std::string::npos) << outcome.error;
  ASSERT_TRUE(std::holds_alternative<FailedEvent>(events.back()));
  EXPECT_EQ(RunFolder::open(outcome.run_folder).state(), "failed");
}

TEST_F(Runner, ReportsAMissingBackboneAsAFailureNotACrash) {
  auto session = coop_session("missing");
  session["backbone"]["path"] = (workspace_->folder() / "no-such-model").string();
  const auto outcome = run_until(session, 0);
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_NE(outcome.error.find("no-such-model"), std::string::npos) << outcome.error;
}

TEST_F(Runner, AugmentedTrainingReencodesImagesAndStillLearns) {
  auto session = workspace_->session("coop", {{"n_ctx", 4}},
                                     {{"optimizer", "adamw"},
                                      {"weight_decay", 0.0},
                                      {"learning_rate", 0.01},
                                      {"epochs", 10},
                                      {"batch_size", 16},
                                      {"augmentation", "coop"}});
  std::vector<RunEvent> events;
  const auto outcome = run_until(session, 0, &events);
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  bool said = false;
  for (const auto& event : events)
    if (const auto* log = std::get_if<LogEvent>(&event))
      said = said || log->message.find("augmented images re-encoded every step") != std::string::npos;
  EXPECT_TRUE(said);
  EXPECT_GT(testing::summary_accuracy(outcome, "validation", true),
            testing::summary_accuracy(outcome, "validation", false));
}

TEST_F(Runner, ImagesThatVanishDuringTrainingStopTheRunWithACheckpointToResumeFrom) {
  // VPT reads the images at every step. Its training images are copied so that they can vanish and come back.
  const auto images = workspace_->folder() / "vanishing";
  std::filesystem::copy(workspace_->folder() / "train", images, std::filesystem::copy_options::recursive);
  auto session =
      workspace_->session("vpt_shallow", {{"n_tokens", 4}},
                          {{"optimizer", "sgd"}, {"learning_rate", 0.01}, {"epochs", 3}, {"batch_size", 16}});
  session["name"] = "vanishing";
  session["data"]["train"]["path"] = images.string();
  const auto moved = workspace_->folder() / "vanishing-moved";
  RunControl control;
  const auto outcome = run_session(
      {SessionConfig::from_json(session), {}},
      [&](const RunEvent& event) {
        const auto* progress = std::get_if<ProgressEvent>(&event);
        if (progress && progress->phase == "training" && progress->done == 5 && !std::filesystem::exists(moved))
          std::filesystem::rename(images, moved);
      },
      control);
  ASSERT_FALSE(outcome.succeeded);
  EXPECT_NE(outcome.error.find("data.train changed during training"), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("can no longer be read"), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("put the files back and resume"), std::string::npos) << outcome.error;
  auto folder = RunFolder::open(outcome.run_folder);
  EXPECT_EQ(folder.state(), "failed");
  ASSERT_FALSE(folder.checkpoints().empty());
  const long long stopped_at = std::stoll(folder.checkpoints().back().filename().string().substr(5, 8));
  EXPECT_GE(stopped_at, 5) << "the checkpoint is where the run stopped, not the last epoch boundary";

  // The files are back: the run resumes from that step and finishes.
  std::filesystem::rename(moved, images);
  RunControl resume_control;
  const auto resumed = run_session({SessionConfig::from_json(session), outcome.run_folder}, {}, resume_control);
  ASSERT_TRUE(resumed.succeeded) << resumed.error;
  EXPECT_EQ(load_prompt_file(resumed.prompt_file).metadata["steps"], 12);
}
}  // namespace
}  // namespace promptune
