#pragma once

#include <chrono>

namespace promptune {

/// Wall time since construction, and the time the remaining steps will take at the pace so far (the ETA of every
/// progress report).
class StepClock {
 public:
  StepClock() : start_(std::chrono::steady_clock::now()) {}
  double elapsed_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  /// -1 while nothing is done yet.
  double remaining_seconds(long long done, long long total) const {
    return done > 0 ? elapsed_seconds() / static_cast<double>(done) * static_cast<double>(total - done) : -1.0;
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace promptune
