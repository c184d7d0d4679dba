#pragma once

#include <cstdio>
#include <string>

namespace promptune {

/// "1:05" or "1:02:03": how the CLI's progress lines and the GUI's run panel say elapsed and remaining time.
inline std::string format_duration(double seconds) {
  const long total = static_cast<long>(seconds + 0.5);
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof(text), "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60, total % 60);
  else
    std::snprintf(text, sizeof(text), "%ld:%02ld", total / 60, total % 60);
  return text;
}

}  // namespace promptune
