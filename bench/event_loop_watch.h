#pragma once

// Gaps between the turns of the Qt event loop, seen by a 1 ms timer: what a user feels as a frozen window. Shared by
// bench_gui (one training run) and soak_gui (a long session of runs).

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>

namespace promptune::bench {

/// A histogram of gaps in 0.1 ms bins up to 10 s, allocated once: the soak counts a gap a millisecond for hours, and
/// a list of every gap grew by tens of MiB per hour - the soak's own growth then read as the application's.
struct LoopGaps {
  static constexpr double kBinMilliseconds = 0.1;
  static constexpr std::size_t kBins = 100000;  ///< the last bin holds every gap of 10 s or more

  std::unique_ptr<std::array<std::int64_t, kBins>> bins = std::make_unique<std::array<std::int64_t, kBins>>();
  std::int64_t count = 0;
  double longest_gap = 0;     ///< milliseconds
  double longest_gap_at = 0;  ///< seconds since the watch began

  void add(double milliseconds, double at_seconds) {
    const auto bin = static_cast<std::size_t>(std::max(0.0, milliseconds) / kBinMilliseconds);
    ++(*bins)[std::min(bin, kBins - 1)];
    ++count;
    if (milliseconds > longest_gap) longest_gap = milliseconds, longest_gap_at = at_seconds;
  }
  double longest() const { return longest_gap; }
  double longest_at() const { return longest_gap_at; }
  /// Gaps longer than `milliseconds`, to the bin's resolution.
  std::int64_t longer_than(double milliseconds) const {
    std::int64_t longer = 0;
    for (auto bin = static_cast<std::size_t>(milliseconds / kBinMilliseconds) + 1; bin < kBins; ++bin)
      longer += (*bins)[bin];
    return longer;
  }
  /// The gap below which a fraction `p` of the gaps lie: the upper edge of its bin (the longest gap for p = 1).
  double percentile(double p) const {
    if (count == 0) return 0;
    const auto rank = static_cast<std::int64_t>(p * static_cast<double>(count - 1));
    std::int64_t seen = 0;
    for (std::size_t bin = 0; bin < kBins; ++bin) {
      seen += (*bins)[bin];
      if (seen > rank) return std::min(longest_gap, static_cast<double>(bin + 1) * kBinMilliseconds);
    }
    return longest_gap;
  }
  void append(const LoopGaps& other, double offset_seconds) {
    for (std::size_t bin = 0; bin < kBins; ++bin) (*bins)[bin] += (*other.bins)[bin];
    count += other.count;
    if (other.longest_gap > longest_gap)
      longest_gap = other.longest_gap, longest_gap_at = other.longest_gap_at + offset_seconds;
  }
};

/// Turns the event loop for `seconds` (or until `keep_going` says stop) and records the gaps.
inline LoopGaps watch_event_loop(double seconds, const std::function<bool()>& keep_going) {
  LoopGaps result;
  QElapsedTimer clock, total;
  QTimer ticker;
  ticker.setInterval(1);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    result.add(clock.nsecsElapsed() / 1e6, total.nsecsElapsed() / 1e9);
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
