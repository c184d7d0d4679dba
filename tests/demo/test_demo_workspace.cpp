// The reduced demo workspace builds in seconds, everything in it loads through the normal loaders, and the
// pre-trained CLIP classifies the source renders zero-shot above chance; the method x domain comparison runs on it.

#include <gtest/gtest.h>

#include <set>

#include "core/demo/demo_comparison.h"
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
  EXPECT_EQ(phases, (std::set<std::string>{"rendering images", "rendering pre-training images", "pre-training CLIP",
                                           "writing text", "pre-training BERT"}));
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

  DemoComparisonOptions compared;
  compared.image_methods = {"zero_shot", "linear_probe"};
  compared.domains = {"clean", "noisy"};
  compared.text_methods = {"mlm_zero_shot"};
  compared.output = folder / "comparison";
  int finished = 0;
  const auto comparison = compare_demo_methods(folder / "demo", compared, [&](const DemoComparisonProgress& progress) {
    EXPECT_EQ(progress.runs, 5);
    finished += progress.finished != nullptr;
    return true;
  });
  EXPECT_EQ(finished, 5);
  ASSERT_EQ(comparison.cells.size(), 5u);
  for (const auto& cell : comparison.cells) {
    EXPECT_TRUE(cell.error.empty()) << cell.method << " on " << cell.domain << ": " << cell.error;
    EXPECT_GT(cell.samples, 0);
    std::printf("%s on %s: %.3f -> %.3f\n", cell.method.c_str(), cell.domain.c_str(), cell.zero_shot_accuracy,
                cell.tuned_accuracy);
  }
  EXPECT_DOUBLE_EQ(comparison.cells[0].tuned_accuracy, comparison.cells[0].zero_shot_accuracy)
      << "zero-shot trains nothing";
  EXPECT_EQ(comparison.cells[4].domain, "target register");
  // The held-out half of a domain is scored, the same images for every method.
  EXPECT_EQ(comparison.cells[1].samples, comparison.cells[3].samples);
  EXPECT_DOUBLE_EQ(comparison.cells[1].zero_shot_accuracy, comparison.cells[3].zero_shot_accuracy);
  EXPECT_GT(comparison.cells[3].tuned_accuracy, comparison.cells[3].zero_shot_accuracy)
      << "a linear probe on labeled noisy renders beats zero-shot there";
  const auto table = demo_comparison_markdown(comparison);
  EXPECT_NE(table.find("| image method | clean | noisy |"), std::string::npos) << table;
  EXPECT_NE(table.find("| linear_probe | "), std::string::npos) << table;
  EXPECT_NE(table.find("| mlm_zero_shot | "), std::string::npos) << table;
  EXPECT_NE(table.find("seed 1"), std::string::npos) << table;
  EXPECT_NE(testing::error_of([&] {
              compare_demo_methods(folder / "demo", compared, [](const DemoComparisonProgress&) { return false; });
            }).find("cancelled"),
            std::string::npos);
  EXPECT_NE(testing::error_of([&] { compare_demo_methods(folder / "nothing", compared); }).find("not a demo workspace"),
            std::string::npos);

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
