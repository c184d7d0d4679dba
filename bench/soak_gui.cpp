// Long-run soak: the window open (under Xvfb in scripts/soak.sh) while one session is started, paused, resumed and
// stopped again and again for --minutes. Between cycles, with no run active, it samples resident memory and the
// thread count; throughout, it watches the event loop. Prints a Markdown report (memory slope, threads, longest
// UI gaps, failed cycles) and writes every sample to --csv. Asserts nothing: the numbers go into RELIABILITY.md.
// Usage: soak_gui [--minutes M] [--cycles N] [--cycle-seconds S] [--csv FILE] [--clear-log] [--no-teardown]
// --clear-log empties the application log after every cycle: with it, the log's own growth (up to its 20,000
// lines) is taken out of the memory figures. --no-teardown ends the process right after the last idle sample, so a
// heap profiler lists what was live then as "leaked" (docs/RELIABILITY.md: two runs of different lengths, diffed).
#include <malloc.h>

#include <QApplication>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "bench/event_loop_watch.h"
#include "core/system/system_info.h"
#include "tests/support/tiny_session.h"
#include "widgets/application_log.h"
#include "widgets/main_window.h"
#include "widgets/session_controller.h"

namespace {

using promptune::SessionController;
using State = SessionController::State;
using promptune::bench::LoopGaps;
using promptune::bench::watch_event_loop;

/// A line of /proc/self/status in MiB: VmRSS (all resident memory), RssAnon (the heap, stacks and other private
/// memory), RssFile (mapped files: libraries, memory-mapped weights and caches).
double resident_mib(const std::string& field = "VmRSS:") {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == field) {
      double kib = 0;
      status >> kib;
      return kib / 1024.0;
    }
    status.ignore(1 << 16, '\n');
  }
  return 0;
}

int thread_count() {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++count;
  return count;
}

struct IdleSample {
  int cycle = 0;
  double minutes = 0;
  double rss_mib = 0;
  double heap_in_use_mib = 0;  ///< malloc'd and not freed (mallinfo2): grows with a leak, not with fragmentation
  int threads = 0;
  double anonymous_mib = 0, file_mib = 0;
  double malloc_held_mib = 0;  ///< what malloc holds from the system (mallinfo2 arena + mmapped), in use or free
};

/// Least-squares slope of `memory` (MiB) over time, in MiB per hour.
double slope_mib_per_hour(const std::vector<IdleSample>& samples, double IdleSample::*memory) {
  if (samples.size() < 2) return 0;
  double mean_t = 0, mean_m = 0;
  for (const auto& s : samples) mean_t += s.minutes / samples.size(), mean_m += s.*memory / samples.size();
  double covariance = 0, variance = 0;
  for (const auto& s : samples) {
    covariance += (s.minutes - mean_t) * (s.*memory - mean_m);
    variance += (s.minutes - mean_t) * (s.minutes - mean_t);
  }
  return variance > 0 ? 60.0 * covariance / variance : 0;
}

}  // namespace

int main(int argc, char** argv) {
  promptune::bench::start_like_the_application(argv);
  double minutes = 30, cycle_seconds = 60;
  std::string csv_file = "soak.csv";
  bool clear_log = false, teardown = true;
  int most_cycles = std::numeric_limits<int>::max();
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--clear-log") clear_log = true;
    if (std::string(argv[i]) == "--no-teardown") teardown = false;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--minutes") minutes = std::stod(argv[i + 1]);
    if (option == "--cycle-seconds") cycle_seconds = std::stod(argv[i + 1]);
    if (option == "--cycles") most_cycles = std::stoi(argv[i + 1]);
    if (option == "--csv") csv_file = argv[i + 1];
  }
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication application(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("PromptuneSoak"));  // keeps the user's layout untouched
  promptune::configure_threads();

  promptune::testing::TinyWorkspace workspace;
  promptune::MainWindow window;
  window.resize(1280, 800);
  window.show();
  watch_event_loop(1.5, [] { return true; });  // the first frames are start-up
  auto& controller = *window.session_controller();
  auto document = workspace.session("coop", nlohmann::json::object(), {{"epochs", 100000}});
  if (!controller.set_session(promptune::SessionConfig::from_json(document), QString())) {
    std::fprintf(stderr, "soak_gui: the session was refused: %s\n", qPrintable(controller.last_error()));
    return 1;
  }

  std::ofstream csv(csv_file);
  csv << "cycle,minutes,rss_mib,heap_in_use_mib,threads,rss_anon_mib,rss_file_mib,malloc_held_mib\n";
  LoopGaps gaps;
  QElapsedTimer clock;
  clock.start();
  const auto elapsed_minutes = [&] { return clock.elapsed() / 60000.0; };
  const auto watch = [&](double seconds, const std::function<bool()>& keep_going) {
    gaps.append(watch_event_loop(seconds, keep_going), clock.elapsed() / 1000.0);
  };
  const auto wait_for = [&](std::initializer_list<State> states) {
    const auto reached = [&] { return std::find(states.begin(), states.end(), controller.state()) != states.end(); };
    watch(120, [&] { return !reached(); });
    return reached();
  };
  const double running = cycle_seconds * 0.35, paused = cycle_seconds * 0.1, idle = cycle_seconds * 0.1;
  std::vector<IdleSample> samples;
  int cycles = 0, failed_cycles = 0;
  std::string first_failure;
  const double rss_at_start = resident_mib();
  const int threads_at_start = thread_count();
  while (elapsed_minutes() < minutes && cycles < most_cycles) {
    ++cycles;
    bool ok = controller.start() && wait_for({State::Running});
    if (ok) watch(running, [&] { return controller.state() == State::Running; });
    if (ok) controller.pause();
    ok = ok && wait_for({State::Paused});
    if (ok) watch(paused, [] { return true; });
    if (ok) controller.resume();
    ok = ok && wait_for({State::Running});
    if (ok) watch(running, [&] { return controller.state() == State::Running; });
    controller.stop();
    ok = wait_for({State::Finished, State::Failed, State::Ready}) && ok && controller.state() != State::Failed;
    if (!ok) {
      ++failed_cycles;
      if (first_failure.empty())
        first_failure = "cycle " + std::to_string(cycles) + ": " + controller.last_error().toStdString();
    }
    if (clear_log) promptune::ApplicationLog::instance().clear();
    watch(idle, [] { return true; });
    const struct mallinfo2 heap = mallinfo2();
    IdleSample sample{cycles,
                      elapsed_minutes(),
                      resident_mib(),
                      static_cast<double>(heap.uordblks + heap.hblkhd) / (1024.0 * 1024.0),
                      thread_count(),
                      resident_mib("RssAnon:"),
                      resident_mib("RssFile:"),
                      static_cast<double>(heap.arena + heap.hblkhd) / (1024.0 * 1024.0)};
    samples.push_back(sample);
    csv << sample.cycle << ',' << sample.minutes << ',' << sample.rss_mib << ',' << sample.heap_in_use_mib << ','
        << sample.threads << ',' << sample.anonymous_mib << ',' << sample.file_mib << ',' << sample.malloc_held_mib
        << '\n'
        << std::flush;
    std::fprintf(stderr, "soak: cycle %d at %.1f min: %.0f MiB resident, %d threads\n", cycles, elapsed_minutes(),
                 samples.back().rss_mib, samples.back().threads);
  }

  // The first cycles fill caches that are meant to stay (allocator pools, fonts, the feature cache, GL state).
  const std::vector<IdleSample> settled(samples.begin() + std::min<std::size_t>(samples.size() - 1, 2), samples.end());
  int most_threads = 0;
  for (const auto& sample : samples) most_threads = std::max(most_threads, sample.threads);
  std::printf("Soak: %.1f minutes, %d start/pause/resume/stop cycles of %.0f s, platform %s, %d cores%s\n\n",
              elapsed_minutes(), cycles, cycle_seconds, qPrintable(QGuiApplication::platformName()),
              promptune::available_cores(), clear_log ? ", log cleared after every cycle" : "");
  std::printf("| measure | value |\n|---|---|\n");
  std::printf(
      "| resident memory: at start / after cycle 1 / after cycle 3 / at the end | %.0f / %.0f / %.0f / %.0f MiB |\n",
      rss_at_start, samples.front().rss_mib, settled.front().rss_mib, samples.back().rss_mib);
  std::printf("| resident memory slope from cycle 3 on (idle samples, least squares) | %+.1f MiB/hour |\n",
              slope_mib_per_hour(settled, &IdleSample::rss_mib));
  std::printf("| heap in use (mallinfo2): after cycle 3 / at the end, slope | %.0f / %.0f MiB, %+.1f MiB/hour |\n",
              settled.front().heap_in_use_mib, samples.back().heap_in_use_mib,
              slope_mib_per_hour(settled, &IdleSample::heap_in_use_mib));
  // Caches that are meant to stay (fonts, style pixmaps, the log up to its cap) fill during the first minutes.
  const std::vector<IdleSample> second_half(samples.begin() + static_cast<std::ptrdiff_t>(samples.size() / 2),
                                            samples.end());
  std::printf("| slopes over the second half (from cycle %d): resident / heap in use | %+.1f / %+.1f MiB/hour |\n",
              second_half.front().cycle, slope_mib_per_hour(second_half, &IdleSample::rss_mib),
              slope_mib_per_hour(second_half, &IdleSample::heap_in_use_mib));
  std::printf(
      "| resident memory, anonymous / mapped files: after cycle 3 / at the end | %.0f / %.0f MiB, %.0f / %.0f MiB |\n",
      settled.front().anonymous_mib, settled.front().file_mib, samples.back().anonymous_mib, samples.back().file_mib);
  std::printf("| threads: at start / after cycle 1 / at the end / most between cycles | %d / %d / %d / %d |\n",
              threads_at_start, samples.front().threads, samples.back().threads, most_threads);
  std::printf("| event loop gaps: median / p99 / p99.9 / longest | %.1f / %.1f / %.1f / %.1f ms |\n",
              gaps.percentile(0.5), gaps.percentile(0.99), gaps.percentile(0.999), gaps.longest());
  std::printf("| event loop gaps over 50 ms / over 250 ms | %lld / %lld (of %lld) |\n",
              static_cast<long long>(gaps.longer_than(50)), static_cast<long long>(gaps.longer_than(250)),
              static_cast<long long>(gaps.count));
  std::printf("| failed cycles | %d%s%s |\n", failed_cycles, first_failure.empty() ? "" : ": ", first_failure.c_str());
  if (!teardown) {
    std::fflush(nullptr);
    std::_Exit(failed_cycles == 0 ? 0 : 1);
  }
  return failed_cycles == 0 ? 0 : 1;
}
