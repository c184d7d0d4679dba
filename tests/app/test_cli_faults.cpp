// Faults a long session meets: the process killed (kill -9) while a checkpoint, the prompt file or a feature-cache
// shard is being written, a full disk, and a backbone replaced under a run. Each runs the real promptune-cli;
// PROMPTUNE_FAULT (core/io/fault_injection.h) picks the write that is interrupted. What must hold: no damaged file
// at a final path, a run folder that resumes, and the result of an uninterrupted run (CPU, same seed).
#include <gtest/gtest.h>

#include <fstream>

#include "core/export/prompt_file.h"
#include "core/io/tensor_archive.h"
#include "core/train/run_folder.h"
#include "tests/app/cli_runner.h"
#include "tests/support/tiny_session.h"

namespace promptune {
namespace {

namespace fs = std::filesystem;
using testing::CliResult;
using testing::TinyWorkspace;

std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

bool killed_by_signal(const CliResult& result) {
  return result.exit_code == -1 || result.exit_code == 128 + 9;  // the shell execs the program or reports 137
}

class CliFaults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { workspace_ = new TinyWorkspace(); }
  static void TearDownTestSuite() { delete workspace_; }
  static TinyWorkspace* workspace_;

  /// 6 epochs of 4 steps: checkpoints at steps 4, 8, 12, ... (the newest two kept).
  static fs::path write_session(const std::string& name, const fs::path& backbone = {},
                                const std::string& cache = "off") {
    auto session = workspace_->session(
        "coop", {{"n_ctx", 4}}, {{"optimizer", "sgd"}, {"learning_rate", 0.5}, {"epochs", 6}, {"batch_size", 16}});
    session["name"] = name;
    session["output"] = (workspace_->folder() / ("runs-" + name)).string();
    session["cache_folder"] = cache;
    if (!backbone.empty()) session["backbone"]["path"] = backbone.string();
    const auto file = workspace_->folder() / (name + ".promptune.json");
    std::ofstream(file) << session.dump(2);
    return file;
  }

  static CliResult run(const fs::path& session, const std::string& fault = "") {
    const std::string environment = fault.empty() ? "" : "PROMPTUNE_FAULT=" + fault + " ";
    return testing::run_shell(environment + "'" + PROMPTUNE_CLI_PATH + "' run " + quoted(session));
  }
  static CliResult resume(const fs::path& run_folder) { return testing::run_cli("run --resume " + quoted(run_folder)); }

  /// The one run folder under runs-NAME.
  static fs::path run_folder(const std::string& name) {
    for (const auto& entry : fs::recursive_directory_iterator(workspace_->folder() / ("runs-" + name)))
      if (entry.is_regular_file() && entry.path().filename() == "config.json") return entry.path().parent_path();
    return {};
  }

  static std::vector<fs::path> leftovers(const fs::path& folder) {
    std::vector<fs::path> temporary;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
      if (entry.path().filename().string().find(".tmp-") != std::string::npos) temporary.push_back(entry.path());
    return temporary;
  }

  /// Every file at a final path in a run folder is complete: safetensors parse, JSON parses.
  static void expect_every_final_file_whole(const fs::path& folder) {
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
      const auto name = entry.path().filename().string();
      if (!entry.is_regular_file() || name.find(".tmp-") != std::string::npos) continue;
      if (entry.path().extension() == ".safetensors") {
        EXPECT_NO_THROW(load_safetensors(entry.path())) << name;
      }
      if (entry.path().extension() == ".json") {
        EXPECT_NO_THROW(RunFolder::open(folder).read_json(name)) << name;
      }
    }
  }

  /// The uninterrupted result every interrupted run must reach: the learned context and every metric.
  static void expect_same_result(const fs::path& expected_folder, const fs::path& actual_folder) {
    const auto prompt_of = [](const fs::path& folder) {
      for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().string().find(".prompt.safetensors") != std::string::npos) return load_prompt_file(entry);
      ADD_FAILURE() << "no prompt file in " << folder;
      return PromptFile{};
    };
    const auto expected = prompt_of(expected_folder), actual = prompt_of(actual_folder);
    ASSERT_TRUE(actual.tensors.count("ctx"));
    EXPECT_TRUE(torch::equal(expected.tensors.at("ctx"), actual.tensors.at("ctx")));
    EXPECT_EQ(expected.metadata["metrics"], actual.metadata["metrics"]);
    const auto metrics = [](const fs::path& folder) {
      std::vector<std::pair<std::string, double>> values;
      for (const auto& metric : RunFolder::open(folder).read_metrics())
        values.emplace_back(metric.name + "@" + std::to_string(metric.step), metric.value);
      return values;
    };
    EXPECT_EQ(metrics(expected_folder), metrics(actual_folder));
  }

  static void expect_resume_reaches_the_uninterrupted_result(const fs::path& folder) {
    const auto resumed = resume(folder);
    ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
    expect_same_result(uninterrupted(), folder);
  }

  static const fs::path& uninterrupted() {
    static const fs::path folder = [] {
      const auto result = run(write_session("whole"));
      EXPECT_EQ(result.exit_code, 0) << result.output;
      return run_folder("whole");
    }();
    return folder;
  }
};
TinyWorkspace* CliFaults::workspace_ = nullptr;

TEST_F(CliFaults, KilledWhileWritingACheckpointResumesToTheUninterruptedResult) {
  const auto killed = run(write_session("killed-checkpoint"), "kill-during-write:step-:3");
  ASSERT_TRUE(killed_by_signal(killed)) << killed.exit_code << "\n" << killed.output;
  const auto folder = run_folder("killed-checkpoint");
  auto run_folder_now = RunFolder::open(folder);
  EXPECT_EQ(run_folder_now.state(), "running");  // nobody could record the end
  std::vector<std::string> names;
  for (const auto& file : run_folder_now.checkpoints()) names.push_back(file.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"step-00000004.safetensors", "step-00000008.safetensors"}));
  EXPECT_EQ(leftovers(folder).size(), 1u) << "the half-written checkpoint stays a temporary file";
  expect_every_final_file_whole(folder);

  const auto resumed = resume(folder);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resumed from step-00000008.safetensors"), std::string::npos) << resumed.output;
  EXPECT_TRUE(leftovers(folder).empty()) << "resume clears what the killed run left half-written";
  expect_same_result(uninterrupted(), folder);
}

TEST_F(CliFaults, KilledWhileExportingThePromptFileResumesToTheUninterruptedResult) {
  const auto killed = run(write_session("killed-export"), "kill-during-write:.prompt.safetensors");
  ASSERT_TRUE(killed_by_signal(killed)) << killed.exit_code << "\n" << killed.output;
  const auto folder = run_folder("killed-export");
  EXPECT_FALSE(fs::exists(folder / "killed-export.prompt.safetensors")) << "no half prompt file at the final path";
  expect_every_final_file_whole(folder);
  expect_resume_reaches_the_uninterrupted_result(folder);
}

TEST_F(CliFaults, KilledWhileWritingTheFeatureCacheLeavesAUsableCache) {
  const auto cache = workspace_->folder() / "cache";
  const auto killed = run(write_session("killed-cache", {}, cache.string()), "kill-during-write:shard-");
  ASSERT_TRUE(killed_by_signal(killed)) << killed.exit_code << "\n" << killed.output;
  for (const auto& entry : fs::recursive_directory_iterator(cache)) {
    if (entry.path().extension() == ".safetensors") {
      EXPECT_NO_THROW(load_safetensors(entry.path()));
    }
  }
  // A fresh run with the same cache starts over and reaches the uninterrupted result; the one after it reads the
  // features the second run cached.
  fs::remove_all(workspace_->folder() / "runs-killed-cache");
  const auto second = run(write_session("killed-cache", {}, cache.string()));
  ASSERT_EQ(second.exit_code, 0) << second.output;
  expect_same_result(uninterrupted(), run_folder("killed-cache"));
  fs::remove_all(workspace_->folder() / "runs-killed-cache");
  const auto third = testing::run_shell("'" + std::string(PROMPTUNE_CLI_PATH) + "' run --json " +
                                        quoted(write_session("killed-cache", {}, cache.string())));
  ASSERT_EQ(third.exit_code, 0) << third.output;
  EXPECT_NE(third.output.find("from the feature cache"), std::string::npos) << third.output.substr(0, 3000);
  expect_same_result(uninterrupted(), run_folder("killed-cache"));
}

TEST_F(CliFaults, AFullDiskFailsTheRunClearlyAndKeepsTheLastGoodCheckpoint) {
  const auto failed = run(write_session("disk-full"), "fail-write:step-:2");
  EXPECT_EQ(failed.exit_code, 1) << failed.output;
  EXPECT_NE(failed.output.find("step-00000008.safetensors: writing failed: No space left on device (is the disk "
                               "full?)"),
            std::string::npos)
      << failed.output;
  EXPECT_NE(failed.output.find("resume"), std::string::npos) << "says how to continue\n" << failed.output;
  const auto folder = run_folder("disk-full");
  auto record = RunFolder::open(folder);
  EXPECT_EQ(record.state(), "failed");
  ASSERT_EQ(record.checkpoints().size(), 1u);
  EXPECT_EQ(record.checkpoints().front().filename(), "step-00000004.safetensors");
  EXPECT_TRUE(leftovers(folder).empty()) << "a failed write removes its temporary file";
  expect_every_final_file_whole(folder);
  // Space freed: the run resumes from step 4 and ends where an uninterrupted one does.
  expect_resume_reaches_the_uninterrupted_result(folder);
}

// A CUDA out-of-memory error needs a GPU to happen for real; the injected one is the exception LibTorch's CUDA
// allocator throws (c10::OutOfMemoryError), raised at the start of step 7.
TEST_F(CliFaults, RunningOutOfMemorySaysWhatToChangeAndResumesToTheUninterruptedResult) {
  const auto failed = run(write_session("out-of-memory"), "out-of-memory-at-step:7");
  ASSERT_EQ(failed.exit_code, 1) << failed.output;
  for (const std::string expected :
       {"out of memory on cpu after training step 6 (batch size 16, precision fp32): LibTorch: out of memory. Tried "
        "to allocate 2.00 GiB",
        "The last checkpoint, step-00000004.safetensors, is kept; resuming continues from it.",
        "start a new run with a smaller training.batch_size", "resume with: promptune-cli run --resume"})
    EXPECT_NE(failed.output.find(expected), std::string::npos) << expected << "\n" << failed.output;
  const auto folder = run_folder("out-of-memory");
  auto record = RunFolder::open(folder);
  EXPECT_EQ(record.state(), "failed");
  EXPECT_NE(record.read_json("run.json").value("message", "").find("out of memory"), std::string::npos);
  ASSERT_EQ(record.checkpoints().size(), 1u);
  EXPECT_EQ(record.checkpoints().front().filename(), "step-00000004.safetensors");
  EXPECT_TRUE(leftovers(folder).empty());
  expect_every_final_file_whole(folder);
  expect_resume_reaches_the_uninterrupted_result(folder);
}

TEST_F(CliFaults, ResumingRefusesABackboneWhoseWeightsChanged) {
  const auto backbone = workspace_->folder() / "clip-copy";
  fs::copy(workspace_->folder() / "clip", backbone, fs::copy_options::recursive);
  const auto failed = run(write_session("replaced", backbone), "fail-write:step-:2");
  ASSERT_EQ(failed.exit_code, 1) << failed.output;
  const auto folder = run_folder("replaced");
  const auto original = backbone / "model.safetensors", kept = workspace_->folder() / "model.original";
  fs::copy_file(original, kept);
  TensorFile weights = load_safetensors(original);
  for (auto& [name, tensor] : weights.tensors)
    if (tensor.is_floating_point()) tensor.add_(0.01);
  save_safetensors(original, weights.tensors, weights.metadata);

  const auto refused = resume(folder);
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("has changed since this run started"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("Put the original weights back, or start a new run"), std::string::npos);
  EXPECT_EQ(RunFolder::open(folder).checkpoints().size(), 1u) << "the refusal keeps the checkpoint";

  fs::copy_file(kept, original, fs::copy_options::overwrite_existing);
  expect_resume_reaches_the_uninterrupted_result(folder);
}

}  // namespace
}  // namespace promptune
