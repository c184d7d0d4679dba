#include <iomanip>
#include <iostream>
#include <sstream>

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "core/demo/demo_comparison.h"
#include "core/demo/demo_workspace.h"
#include "core/io/atomic_file.h"

namespace promptune::cli {
namespace {

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

int create_workspace(const Arguments& arguments) {
  const auto& words = arguments.positional();
  if (words.size() > 2) throw UsageError("expected `demo create [DIR]`");
  const std::filesystem::path folder = words.size() == 2 ? words[1] : "promptune-demo";
  DemoOptions options;
  options.reduced = arguments.has("small");
  options.seed = static_cast<std::uint64_t>(arguments.integer("seed", 0));

  std::string phase;
  std::unique_ptr<ProgressBar> bar;
  const auto workspace = create_demo_workspace(folder, options, [&](const DemoProgress& progress) {
    if (progress.phase != phase) {
      if (bar) bar->finish();
      phase = progress.phase;
      bar = std::make_unique<ProgressBar>(phase);
    }
    bar->update(progress.done, progress.total);
    return true;
  });
  if (bar) bar->finish();
  std::cout << "demo workspace: " << workspace.folder.string() << "\nsessions:\n";
  for (const auto& session : workspace.sessions) std::cout << "  " << session.string() << '\n';
  std::cout << "run one with: promptune-cli run " << workspace.sessions.front().string() << '\n';
  return 0;
}

int compare_methods(const Arguments& arguments) {
  const auto& words = arguments.positional();
  if (words.size() > 2) throw UsageError("expected `demo compare [DIR]`");
  const std::filesystem::path folder = words.size() == 2 ? words[1] : "promptune-demo";
  DemoComparisonOptions options;
  if (const auto value = arguments.value("methods")) options.image_methods = comma_list(*value);
  if (const auto value = arguments.value("domains")) options.domains = comma_list(*value);
  if (const auto value = arguments.value("text-methods")) options.text_methods = comma_list(*value);
  options.shots = arguments.integer("shots", options.shots);
  options.seed = static_cast<std::uint64_t>(arguments.integer("seed", static_cast<int>(options.seed)));
  options.device = arguments.value("device").value_or(options.device);
  if (const auto value = arguments.value("runs")) options.output = *value;

  ProgressBar bar("comparison runs");
  const auto comparison = compare_demo_methods(folder, options, [&](const DemoComparisonProgress& progress) {
    if (const auto* cell = progress.finished) {
      std::cerr << "\n[" << progress.run << '/' << progress.runs << "] " << cell->method << " on " << cell->domain
                << ": ";
      if (!cell->error.empty())
        std::cerr << "failed: " << cell->error;
      else
        std::cerr << std::fixed << std::setprecision(1) << (cell->zero_shot_accuracy * 100.0) << " % -> "
                  << (cell->tuned_accuracy * 100.0) << " % (" << format_duration(cell->seconds) << ")";
      std::cerr << '\n';
      bar.update(progress.run, progress.runs);
    }
    return true;
  });
  bar.finish();
  const std::string table = demo_comparison_markdown(comparison);
  std::cout << table;
  if (const auto file = arguments.value("markdown")) {
    write_file_atomically(*file, table);
    std::cout << "written to " << *file << '\n';
  }
  return 0;
}

int run_demo(const std::vector<std::string>& argv) {
  const Arguments arguments(argv, {"seed", "methods", "domains", "text-methods", "shots", "device", "runs", "markdown"},
                            {"small"});
  const auto& words = arguments.positional();
  if (!words.empty() && words[0] == "create") return create_workspace(arguments);
  if (!words.empty() && words[0] == "compare") return compare_methods(arguments);
  throw UsageError("expected `demo create [DIR]` or `demo compare [DIR]`");
}

}  // namespace

Command demo_command() {
  return {"demo",
          "create the demo workspace (rendered images, a tiny CLIP and BERT we pre-train, sessions) and compare "
          "the methods on it",
          "promptune-cli demo create [DIR] [--small] [--seed S]\n"
          "  DIR      a new folder (default promptune-demo)\n"
          "  --small  a seconds-sized workspace for smoke tests (fewer images, shorter pre-training)\n"
          "  --seed   the same seed gives the same workspace (default 0)\n"
          "promptune-cli demo compare [DIR] [--methods LIST] [--domains LIST] [--text-methods LIST] [--shots K]\n"
          "                           [--seed S] [--device D] [--runs FOLDER] [--markdown FILE]\n"
          "  runs every image method on every domain of the workspace (K labeled images per class of the domain, or\n"
          "  its unlabeled images for label-free methods; half of the domain held out and scored) and the text\n"
          "  methods' sessions, and prints the method x domain table (Markdown)\n"
          "  --methods       image methods, comma-separated (default: zero_shot, linear_probe, coop, cocoop,\n"
          "                  vpt_shallow, spt_shallow, proreg, pouf_prompt; empty: none)\n"
          "  --domains       default clean,textured,sketch,noisy\n"
          "  --text-methods  default mlm_zero_shot,lm_bff,prompt_tuning,pouf_mlm\n"
          "  --shots         labeled images per class (default 16)   --seed  runs' seed (default 1)\n"
          "  --runs          run folders (default DIR/runs/comparison)   --markdown  also write the table there\n",
          run_demo};
}

}  // namespace promptune::cli
