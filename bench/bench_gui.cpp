// How the window holds up: the longest stall of the UI event loop while a session trains at full speed, and the
// time to redraw the curves with 100,000 points. Prints a Markdown table; asserts nothing.
// Usage: bench_gui [--seconds S] [--points N]. Offscreen by default; under `xvfb-run` with QT_QPA_PLATFORM=xcb the
// window (and the OpenGL embedding viewer) is drawn for real.
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "bench/event_loop_watch.h"
#include "core/system/system_info.h"
#include "qcustomplot.h"
#include "tests/support/tiny_session.h"
#include "widgets/curves_panel.h"
#include "widgets/main_window.h"
#include "widgets/session_controller.h"

namespace {

using promptune::bench::median;
using promptune::bench::watch_event_loop;

double milliseconds_of(const std::function<void()>& work) {
  QElapsedTimer clock;
  clock.start();
  work();
  return clock.nsecsElapsed() / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  promptune::bench::start_like_the_application(argv);
  double seconds = 20;
  int points = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--seconds") seconds = std::stod(argv[i + 1]);
    if (option == "--points") points = std::stoi(argv[i + 1]);
  }
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication application(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("PromptuneBench"));  // keeps the user's layout untouched
  const int threads = promptune::configure_threads();
  std::printf("Platform: %s, %d LibTorch threads, %d cores\n\n", qPrintable(QGuiApplication::platformName()), threads,
              promptune::available_cores());
  std::printf("| what | median | worst |\n|---|---|---|\n");

  {
    promptune::CurvesPanel panel;
    panel.resize(900, 600);
    panel.show();
    for (int i = 0; i < points; ++i) {
      panel.add_point(QStringLiteral("train/loss"), i, 2.0 * std::exp(-i / 20000.0) + 0.1 * std::sin(i * 0.37),
                      1 + i / 1000);
      if (i % 100 == 0)
        panel.add_point(QStringLiteral("validation/accuracy"), i, 1.0 - std::exp(-i / 30000.0), 1 + i / 1000);
    }
    QCoreApplication::processEvents();
    std::vector<double> redraw, smoothing;
    for (int repeat = 0; repeat < 10; ++repeat) {
      redraw.push_back(milliseconds_of([&] { panel.plot()->replot(QCustomPlot::rpImmediateRefresh); }));
      smoothing.push_back(milliseconds_of([&] {
        panel.set_smoothing(repeat % 2 ? 0.6 : 0.9);  // re-smooths every series, then redraws
        panel.plot()->replot(QCustomPlot::rpImmediateRefresh);
      }));
    }
    std::printf("| curves: redraw, %d points | %.1f ms | %.1f ms |\n", points, median(redraw),
                *std::max_element(redraw.begin(), redraw.end()));
    std::printf("| curves: change the smoothing and redraw, %d points | %.1f ms | %.1f ms |\n", points,
                median(smoothing), *std::max_element(smoothing.begin(), smoothing.end()));
  }

  const auto idle = watch_event_loop(2, [] { return true; });
  std::printf("| event loop idle: gap between turns (1 ms timer) | %.1f ms | %.1f ms |\n", idle.percentile(0.5),
              idle.longest());

  promptune::testing::TinyWorkspace workspace;
  promptune::MainWindow window;
  window.resize(1280, 800);
  window.show();
  // The window's first frames (and, under Xvfb, the software renderer's first composition) are start-up, not
  // training: they are over before the watch begins.
  for (QElapsedTimer settle; !settle.isValid() || settle.elapsed() < 1500;) {
    if (!settle.isValid()) settle.start();
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  }
  auto& controller = *window.session_controller();
  auto document = workspace.session("coop", nlohmann::json::object(), {{"epochs", 100000}});
  if (!controller.set_session(promptune::SessionConfig::from_json(document), QString())) {
    std::fprintf(stderr, "bench_gui: the session was refused: %s\n", qPrintable(controller.last_error()));
    return 1;
  }
  int metrics = 0, snapshots = 0;
  QObject::connect(&controller, &promptune::SessionController::metric, [&metrics] { ++metrics; });
  QObject::connect(&controller, &promptune::SessionController::embedding, [&snapshots] { ++snapshots; });
  if (!controller.start()) {
    std::fprintf(stderr, "bench_gui: the session did not start: %s\n", qPrintable(controller.last_error()));
    return 1;
  }
  using State = promptune::SessionController::State;
  const auto training = watch_event_loop(seconds, [&] { return controller.state() == State::Running; });
  controller.stop();
  while (controller.state() == State::Running || controller.state() == State::Stopping)
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
  std::printf(
      "| event loop while CoOp trains at full speed (%.0f s, %d metric points, %d embedding snapshots) | "
      "%.1f ms (p99 %.1f ms; %lld gaps over 50 ms) | %.1f ms (at %.2f s) |\n",
      seconds, metrics, snapshots, training.percentile(0.5), training.percentile(0.99),
      static_cast<long long>(training.longer_than(50)), training.longest(), training.longest_at());
  return 0;
}
