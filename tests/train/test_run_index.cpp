// The runs table's index: each listing reads only the metric lines added since the last one, and gives what a
// fresh read of every file gives, also when a resume rewrites metrics.jsonl or a line is still being written.
#include <gtest/gtest.h>

#include <fstream>

#include "core/train/run_folder.h"
#include "core/train/run_index.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

void expect_same_listing(const std::vector<RunRecord>& expected, const std::vector<RunRecord>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(expected[i].folder, actual[i].folder);
    EXPECT_EQ(expected[i].steps, actual[i].steps);
    EXPECT_EQ(expected[i].best_accuracy, actual[i].best_accuracy);
    EXPECT_EQ(expected[i].accuracy_split, actual[i].accuracy_split);
    EXPECT_EQ(expected[i].nmi, actual[i].nmi);
  }
}

TEST(RunIndex, ReadsTheNewMetricLinesAndStartsOverWhenAResumeRewritesTheFile) {
  testing::TemporaryFolder output;
  auto run = RunFolder::create(output.path(), "session");
  run.write_json("config.json", {{"method", {{"name", "vpt_deep"}}}});
  run.write_state("running");
  for (long long step = 1; step <= 4; ++step) run.append_metric({"train/loss", 1.0 / step, step, 1});
  run.append_metric({"validation/accuracy", 0.5, 4, 1});
  run.append_metric({"diagnostics/nmi_prompt_patch/mean", 0.2, 4, 1});

  RunIndex index;
  auto listed = index.list(output.path());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].steps, 4);
  EXPECT_EQ(listed[0].best_accuracy, 0.5);
  EXPECT_EQ(listed[0].accuracy_split, "validation");
  EXPECT_EQ(listed[0].nmi, 0.2);

  // Training goes on; a line is half written when the table lists again, and finished before the next listing.
  for (long long step = 5; step <= 8; ++step) run.append_metric({"train/loss", 1.0 / step, step, 2});
  run.append_metric({"validation/accuracy", 0.75, 8, 2});
  std::ofstream(run.path() / "metrics.jsonl", std::ios::app) << R"({"epoch":2,"name":"diagnostics/nmi_prompt_pa)";
  listed = index.list(output.path());
  EXPECT_EQ(listed[0].steps, 8);
  EXPECT_EQ(listed[0].best_accuracy, 0.75);
  EXPECT_EQ(listed[0].nmi, 0.2) << "the unfinished line is not read yet";
  std::ofstream(run.path() / "metrics.jsonl", std::ios::app) << R"(tch/mean","step":9,"value":0.4})" << '\n';
  listed = index.list(output.path());
  EXPECT_EQ(listed[0].nmi, 0.4);
  EXPECT_EQ(listed[0].steps, 9);
  expect_same_listing(list_runs(output.path()), listed);

  // A resume from the first checkpoint keeps the first five lines (a new file); its run then logs less than before.
  RunFolder::open(run.path()).truncate_metrics_to(5);
  listed = index.list(output.path());
  EXPECT_EQ(listed[0].steps, 4);
  EXPECT_EQ(listed[0].best_accuracy, 0.5);
  EXPECT_EQ(listed[0].nmi, -1.0);
  expect_same_listing(list_runs(output.path()), listed);

  // Another run appears; a deleted one disappears.
  auto second = RunFolder::create(output.path(), "other");
  second.write_json("config.json", {{"method", {{"name", "coop"}}}});
  second.append_metric({"target/accuracy", 0.9, 12, 3});
  listed = index.list(output.path());
  ASSERT_EQ(listed.size(), 2u);
  expect_same_listing(list_runs(output.path()), listed);
  delete_run(second.path());
  expect_same_listing(list_runs(output.path()), index.list(output.path()));
}

}  // namespace
}  // namespace promptune
