#include "core/methods/method_description.h"

#include <cmath>
#include <sstream>

#include "core/util/error.h"
#include "core/util/join.h"

namespace promptune {
namespace {

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

nlohmann::json checked_value(const MethodOption& option, const nlohmann::json& value, const std::string& field) {
  const std::string range = number_text(option.minimum) + " to " + number_text(option.maximum);
  switch (option.type) {
    case OptionType::Integer: {
      const bool integral = value.is_number_integer() ||
                            (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>());
      if (!integral || value.get<double>() < option.minimum || value.get<double>() > option.maximum)
        throw Error(field + ": must be an integer from " + range + ", got " + value.dump());
      return value.get<std::int64_t>();
    }
    case OptionType::Number:
      if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < option.minimum ||
          value.get<double>() > option.maximum)
        throw Error(field + ": must be a number from " + range + ", got " + value.dump());
      return value.get<double>();
    case OptionType::Boolean:
      if (!value.is_boolean()) throw Error(field + ": must be true or false, got " + value.dump());
      return value;
    case OptionType::Text:
      if (!value.is_string()) throw Error(field + ": must be a string, got " + value.dump());
      return value;
    case OptionType::Choice:
      if (value.is_string()) {
        for (const auto& choice : option.choices)
          if (choice == value.get<std::string>()) return value;
      }
      throw Error(field + ": must be one of " + join(option.choices) + ", got " + value.dump());
  }
  return value;
}

}  // namespace

const MethodDescription& find_method_description(const std::string& name) {
  std::vector<std::string> known;
  for (const auto& method : method_catalog()) {
    if (method.name == name) return method;
    known.push_back(method.name);
  }
  throw Error("method.name: unknown method '" + name + "' (known methods: " + join(known) + ")");
}

nlohmann::json validate_method_options(const MethodDescription& method, const nlohmann::json& options) {
  const std::string prefix = "method.options";
  if (!options.is_null() && !options.is_object()) throw Error(prefix + ": must be an object of option values");
  nlohmann::json checked = nlohmann::json::object();
  std::vector<std::string> known;
  for (const auto& option : method.options) known.push_back(option.name);
  if (options.is_object()) {
    for (const auto& [key, value] : options.items()) {
      bool found = false;
      for (const auto& option : method.options) {
        if (option.name != key) continue;
        checked[key] = checked_value(option, value, prefix + "." + key);
        found = true;
      }
      if (!found)
        throw Error(prefix + "." + key + ": " + method.name + " has no such option" +
                    (known.empty() ? " (it takes none)" : " (options: " + join(known) + ")"));
    }
  }
  for (const auto& option : method.options)
    if (!checked.contains(option.name)) checked[option.name] = option.default_value;
  return checked;
}

}  // namespace promptune
