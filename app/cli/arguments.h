#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace promptune::cli {

/// A command-line mistake the user can fix; main prints it with the command's usage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parsed `--name value`, `--name=value`, `--flag` and positional arguments of one sub-command.
/// Options are declared up front so that a typo is reported instead of silently ignored.
class Arguments {
 public:
  /// `value_options` take a value, `flags` do not. Throws UsageError on unknown or malformed options.
  Arguments(const std::vector<std::string>& argv, const std::vector<std::string>& value_options,
            const std::vector<std::string>& flags);

  bool has(const std::string& name) const;
  std::optional<std::string> value(const std::string& name) const;
  /// The value of a required option; throws UsageError naming it when absent.
  std::string required(const std::string& name) const;
  int integer(const std::string& name, int fallback) const;
  double number(const std::string& name, double fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> flags_set_;
  std::vector<std::string> positional_;
};

}  // namespace promptune::cli
