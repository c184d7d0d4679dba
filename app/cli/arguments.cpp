#include "app/cli/arguments.h"

#include <algorithm>

namespace promptune::cli {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

Arguments::Arguments(const std::vector<std::string>& argv, const std::vector<std::string>& value_options,
                     const std::vector<std::string>& flags) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (word.rfind("--", 0) != 0 || word == "--") {
      positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> inline_value;
    if (const auto equals = name.find('='); equals != std::string::npos) {
      inline_value = name.substr(equals + 1);
      name = name.substr(0, equals);
    }
    if (contains(flags, name)) {
      if (inline_value) throw UsageError("option --" + name + " takes no value");
      flags_set_.push_back(name);
    } else if (contains(value_options, name)) {
      if (inline_value) {
        values_[name] = *inline_value;
      } else if (i + 1 < argv.size()) {
        values_[name] = argv[++i];
      } else {
        throw UsageError("option --" + name + " needs a value");
      }
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
}

bool Arguments::has(const std::string& name) const {
  return contains(flags_set_, name) || values_.count(name) > 0;
}

std::optional<std::string> Arguments::value(const std::string& name) const {
  const auto found = values_.find(name);
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

std::string Arguments::required(const std::string& name) const {
  const auto found = value(name);
  if (!found) throw UsageError("missing required option --" + name);
  return *found;
}

int Arguments::integer(const std::string& name, int fallback) const {
  const auto found = value(name);
  if (!found) return fallback;
  try {
    std::size_t used = 0;
    const int parsed = std::stoi(*found, &used);
    if (used != found->size()) throw std::invalid_argument(*found);
    return parsed;
  } catch (const std::exception&) {
    throw UsageError("option --" + name + " expects an integer, got '" + *found + "'");
  }
}

double Arguments::number(const std::string& name, double fallback) const {
  const auto found = value(name);
  if (!found) return fallback;
  try {
    std::size_t used = 0;
    const double parsed = std::stod(*found, &used);
    if (used != found->size()) throw std::invalid_argument(*found);
    return parsed;
  } catch (const std::exception&) {
    throw UsageError("option --" + name + " expects a number, got '" + *found + "'");
  }
}

}  // namespace promptune::cli
