#pragma once

#include <chrono>
#include <string>

#include "core/util/duration_text.h"

namespace promptune::cli {

/// A progress line on stderr with elapsed time and ETA (remaining = elapsed / fraction x (1 - fraction)).
/// Redrawn in place on a terminal; elsewhere (logs, CI) printed at every 10 % so that output stays short.
class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  void update(long long done, long long total);
  /// Ends the line (call once when the work is done).
  void finish();

 private:
  std::string label_;
  std::chrono::steady_clock::time_point start_;
  bool terminal_;
  int last_decile_ = -1;
  double last_fraction_ = -1.0;
  bool drawn_ = false;
};

using promptune::format_duration;  // "1:05" or "1:02:03"

}  // namespace promptune::cli
