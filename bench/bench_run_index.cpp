// The runs table's listing of an output folder that holds many long runs (the soak's after half an hour: 32 runs of
// ~19,000 metric lines). Prints the time of: every line through the JSON parser (how the table read runs before the
// index), the index's first listing, and its listing after the newest run logged 1,000 more lines (what the table
// does when a run starts or stops). Usage: bench_run_index [RUNS (default 32)] [LINES_PER_RUN (default 19000)]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/train/run_folder.h"
#include "core/train/run_index.h"
#include "tests/support/temporary_folder.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Training lines as CoOp logs them (loss and learning rate every step), an accuracy every 500 steps.
void log_steps(promptune::RunFolder& run, long long first, long long count) {
  for (long long step = first; step < first + count; ++step) {
    run.append_metric({"train/loss", 1.0 / static_cast<double>(step + 1), step, 1});
    if (step % 500 == 0)
      run.append_metric({"validation/accuracy", 0.5, step, 1});
    else
      run.append_metric({"train/learning_rate", 0.002, step, 1});
  }
}

/// Every line of every run's metrics through the JSON parser: the work the table did before the index.
long long parse_every_line(const fs::path& output) {
  long long parsed = 0;
  for (const auto& session : fs::directory_iterator(output))
    for (const auto& run : fs::directory_iterator(session.path())) {
      std::ifstream in(run.path() / "metrics.jsonl");
      std::string line;
      while (std::getline(in, line)) parsed += !nlohmann::json::parse(line, nullptr, false).is_discarded();
    }
  return parsed;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::stoi(argv[1]) : 32;
  const long long lines = argc > 2 ? std::stoll(argv[2]) : 19000;
  promptune::testing::TemporaryFolder output;
  std::vector<promptune::RunFolder> folders;
  for (int i = 0; i < runs; ++i) {
    folders.push_back(promptune::RunFolder::create(output.path(), "coop"));
    folders.back().write_json("config.json", {{"method", {{"name", "coop"}}}});
    log_steps(folders.back(), 1, lines / 2);
  }
  auto start = Clock::now();
  const long long parsed = parse_every_line(output.path());
  const double every_line = milliseconds_since(start);

  promptune::RunIndex index;
  const auto list_all = [&] {
    const auto begin = Clock::now();
    index.list(output.path());
    return milliseconds_since(begin);
  };
  const double first_listing = list_all();
  log_steps(folders.back(), lines / 2 + 1, 500);  // two lines a step
  const double next_listing = list_all();

  std::printf("| runs table listing, %d runs of %lld metric lines | ms |\n|---|---|\n", runs, parsed / runs);
  std::printf("| every line through the JSON parser (before the index) | %.0f |\n", every_line);
  std::printf(
      "| the index's first listing (accuracy and NMI lines parsed, the others scanned for their step) | %.0f |\n",
      first_listing);
  std::printf("| the index's next listing, after the newest run logged 1,000 more lines | %.1f |\n", next_listing);
  return 0;
}
