#include "app/cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace promptune::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), start_(std::chrono::steady_clock::now()), terminal_(::isatty(STDERR_FILENO) != 0) {}

void ProgressBar::update(long long done, long long total) {
  if (total <= 0) return;
  const double fraction = static_cast<double>(done) / static_cast<double>(total);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // An estimate from the first instant is noise ("0:00" at step 1), so it waits for a second of work.
  const bool known = done >= total || (fraction > 0 && elapsed >= 1.0);
  const std::string remaining = known ? format_duration(elapsed / fraction * (1.0 - fraction)) : "?";
  if (terminal_) {
    if (fraction - last_fraction_ < 0.001 && done != total) return;  // throttle: at most one redraw per 0.1 %
    last_fraction_ = fraction;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::fprintf(stderr, "\r%s [%.*s%*s] %lld/%lld %3.0f%%  %s < %s ", label_.c_str(), filled,
                 "##############################", kWidth - filled, "", done, total, 100.0 * fraction,
                 format_duration(elapsed).c_str(), remaining.c_str());
    drawn_ = true;
  } else {
    const int decile = static_cast<int>(fraction * 10);
    if (decile == last_decile_) return;
    last_decile_ = decile;
    std::fprintf(stderr, "%s: %lld/%lld (%.0f%%), elapsed %s, remaining %s\n", label_.c_str(), done, total,
                 100.0 * fraction, format_duration(elapsed).c_str(), remaining.c_str());
  }
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (terminal_ && drawn_) std::fprintf(stderr, "\n");
  drawn_ = false;
}

}  // namespace promptune::cli
