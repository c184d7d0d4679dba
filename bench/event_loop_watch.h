#pragma once

// Gaps between the turns of the Qt event loop, seen by a 1 ms timer: what a user feels as a frozen window. Shared by
// bench_gui (one training run) and soak_gui (a long session of runs).

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <functional>
#include <vector>

namespace promptune::bench {

struct LoopGaps {
  std::vector<double> gaps;  ///< milliseconds between consecutive timer ticks
  std::vector<double> at;    ///< seconds since the watch began, per gap
  double longest() const { return gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end()); }
  double longest_at() const { return gaps.empty() ? 0 : at[std::max_element(gaps.begin(), gaps.end()) - gaps.begin()]; }
  int longer_than(double milliseconds) const {
    return static_cast<int>(std::count_if(gaps.begin(), gaps.end(), [&](double gap) { return gap > milliseconds; }));
  }
  double percentile(double p) const {
    if (gaps.empty()) return 0;
    auto sorted = gaps;
    std::sort(sorted.begin(), sorted.end());
    return sorted[static_cast<std::size_t>(p * (sorted.size() - 1))];
  }
  void append(const LoopGaps& other, double offset_seconds) {
    gaps.insert(gaps.end(), other.gaps.begin(), other.gaps.end());
    for (double second : other.at) at.push_back(second + offset_seconds);
  }
};

/// Turns the event loop for `seconds` (or until `keep_going` says stop) and records the gaps.
inline LoopGaps watch_event_loop(double seconds, const std::function<bool()>& keep_going) {
  LoopGaps result;
  QElapsedTimer clock, total;
  QTimer ticker;
  ticker.setInterval(1);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    result.gaps.push_back(clock.nsecsElapsed() / 1e6);
    result.at.push_back(total.nsecsElapsed() / 1e9);
    clock.restart();
  });
  clock.start();
  total.start();
  ticker.start();
  while (total.elapsed() < seconds * 1000 && keep_going())
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
  ticker.stop();
  return result;
}

}  // namespace promptune::bench
