#include <iostream>

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "core/demo/demo_workspace.h"

namespace promptune::cli {
namespace {

int run_demo(const std::vector<std::string>& argv) {
  const Arguments arguments(argv, {"seed"}, {"small"});
  const auto& words = arguments.positional();
  if (words.empty() || words[0] != "create" || words.size() > 2) throw UsageError("expected `demo create [DIR]`");
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

}  // namespace

Command demo_command() {
  return {"demo", "create the demo workspace: rendered images, a tiny CLIP and BERT we pre-train, sessions",
          "promptune-cli demo create [DIR] [--small] [--seed S]\n"
          "  DIR      a new folder (default promptune-demo)\n"
          "  --small  a seconds-sized workspace for smoke tests (fewer images, shorter pre-training)\n"
          "  --seed   the same seed gives the same workspace (default 0)\n",
          run_demo};
}

}  // namespace promptune::cli
