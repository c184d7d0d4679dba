// The reduced demo workspace builds in seconds, everything in it loads through the normal loaders, and the
// pre-trained CLIP classifies the source renders zero-shot above chance.

#include <gtest/gtest.h>

#include <set>

#include "core/demo/demo_workspace.h"
#include "core/methods/zero_shot_evaluation.h"
#include "core/models/masked_lm_backbone.h"
#include "core/train/runner.h"
#include "tests/support/errors.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

TEST(DemoWorkspace, ReducedWorkspaceBuildsLoadsAndWorksZeroShot) {
  testing::TemporaryFolder folder;
  DemoOptions options;
  options.reduced = true;
  std::set<std::string> phases;
  const auto workspace = create_demo_workspace(folder / "demo", options, [&](const DemoProgress& progress) {
    phases.insert(progress.phase);
    return true;
  });
  EXPECT_EQ(phases,
            (std::set<std::string>{"rendering images", "pre-training CLIP", "writing text", "pre-training BERT"}));
  EXPECT_FALSE(std::filesystem::exists(folder / "demo.partial"));
  ASSERT_EQ(workspace.sessions.size(), 12u);
  for (const auto& session : workspace.sessions) EXPECT_NO_THROW(SessionConfig::load(session)) << session;
  EXPECT_TRUE(MaskedLmBackbone::load(folder / "demo/bert")->warnings.empty());

  ZeroShotRequest request;
  request.backbone = folder / "demo/clip";
  request.images = folder / "demo/shapes";
  request.domain = "clean";
  request.use_cache = false;
  const double clean = run_zero_shot_evaluation(request).report.top1;
  std::printf("reduced demo zero-shot clean %.3f\n", clean);
  EXPECT_GT(clean, 0.3) << "chance is 0.1";

  RunRequest run;
  run.config = SessionConfig::load(folder / "demo/sessions/zero_shot.promptune.json");
  run.config.cache_folder = (folder / "cache").string();
  RunControl control;
  const auto outcome = run_session(
      run, [](const RunEvent&) {}, control);
  EXPECT_TRUE(outcome.succeeded) << outcome.error;

  EXPECT_NE(testing::error_of([&] { create_demo_workspace(folder / "demo", options); }).find("already exists"),
            std::string::npos);
  EXPECT_NE(testing::error_of([&] {
              create_demo_workspace(folder / "stopped", options, [](const DemoProgress& p) { return p.done < 5; });
            }).find("cancelled"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(folder / "stopped"));
  EXPECT_FALSE(std::filesystem::exists(folder / "stopped.partial"));
}

}  // namespace
}  // namespace promptune
