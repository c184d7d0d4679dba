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

inline bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

inline bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace promptune
