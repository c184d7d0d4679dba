#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace promptune {

/// Which runs the demo's method x domain table holds. Image methods adapt to each domain from `shots` labeled
/// images per class (label-free methods from the domain's unlabeled images) and are scored on held-out images of
/// that domain; text methods run their session as shipped (source register -> target register).
struct DemoComparisonOptions {
  std::vector<std::string> image_methods = {"zero_shot",   "linear_probe", "coop",   "cocoop",
                                            "vpt_shallow", "spt_shallow",  "proreg", "pouf_prompt"};
  std::vector<std::string> domains = {"clean", "textured", "sketch", "noisy"};
  std::vector<std::string> text_methods = {"mlm_zero_shot", "lm_bff", "prompt_tuning", "pouf_mlm"};
  int shots = 16;
  double held_out_fraction = 0.5;  ///< of each domain's images, never trained on, scored
  std::uint64_t seed = 1;          ///< training and data split of every run
  std::string device = "cpu";
  std::filesystem::path output;  ///< run folders; empty: <workspace>/runs/comparison
};

struct DemoComparisonCell {
  std::string method, domain;  ///< domain "target register" for text methods
  int samples = 0;             ///< scored examples
  double zero_shot_accuracy = -1.0, tuned_accuracy = -1.0;
  double seconds = 0.0;
  std::string error;  ///< the run failed; the table says so and goes on
};

struct DemoComparison {
  DemoComparisonOptions options;
  std::vector<DemoComparisonCell> cells;  ///< image methods by domain, then text methods
};

struct DemoComparisonProgress {
  std::string method, domain;
  int run = 0, runs = 0;  ///< 1-based index of the current run
  std::string phase;      ///< the run's phase ("training", ...)
  long long done = 0, total = 0;
  double elapsed_seconds = 0.0;                  ///< since the comparison started
  const DemoComparisonCell* finished = nullptr;  ///< set once, when the run has ended
};
/// Returning false cancels the current run and stops the comparison.
using DemoComparisonCallback = std::function<bool(const DemoComparisonProgress&)>;

/// Runs every method of `options` on the demo workspace in `workspace` (made by create_demo_workspace), each from its
/// session file in <workspace>/sessions with the data replaced as described above. Throws Error when the workspace
/// or a session file is missing, or when cancelled.
DemoComparison compare_demo_methods(const std::filesystem::path& workspace, const DemoComparisonOptions& options = {},
                                    const DemoComparisonCallback& progress = {});

/// The comparison as Markdown: one table of image methods (rows) by domain (columns), each cell "tuned (change vs
/// zero-shot)", and one of the text methods; followed by the seed, shots and time taken.
std::string demo_comparison_markdown(const DemoComparison& comparison);

}  // namespace promptune
