#pragma once

#include <string>
#include <vector>

namespace promptune {

/// "a, b, c": lists of allowed values and names in error messages.
inline std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : separator) + item;
  return joined;
}

}  // namespace promptune
