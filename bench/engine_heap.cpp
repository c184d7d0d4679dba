// The engine alone over many runs: the same CoOp session on a generated tiny CLIP run N times in one process (no
// Qt), printing the heap in use (mallinfo2) after each run. Separates the engine from the GUI in the soak's memory
// figures (docs/RELIABILITY.md). Usage: engine_heap [RUNS (default 40)]
#include <malloc.h>

#include <cstdio>
#include <string>

#include "bench/bench_support.h"
#include "tests/support/tiny_session.h"

int main(int argc, char** argv) {
  promptune::bench::start_like_the_application(argv);
  const int runs = argc > 1 ? std::stoi(argv[1]) : 40;
  promptune::testing::TinyWorkspace workspace;
  const auto document = workspace.session("coop", {{"n_ctx", 4}}, {{"epochs", 3}});
  double first = 0, last = 0;
  for (int run = 1; run <= runs; ++run) {
    const auto outcome = workspace.run(document);
    if (!outcome.succeeded) {
      std::fprintf(stderr, "engine_heap: run %d failed: %s\n", run, outcome.error.c_str());
      return 1;
    }
    const struct mallinfo2 heap = mallinfo2();
    last = static_cast<double>(heap.uordblks + heap.hblkhd) / (1024.0 * 1024.0);
    if (run == 1) first = last;
    std::printf("run %d: %.2f MiB heap in use\n", run, last);
  }
  std::printf("heap in use after run 1: %.2f MiB, after run %d: %.2f MiB, %.1f KiB per run\n", first, runs, last,
              runs > 1 ? (last - first) * 1024.0 / (runs - 1) : 0.0);
  return 0;
}
