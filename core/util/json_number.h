#pragma once

#include <climits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/util/error.h"

namespace promptune {

/// `value` when it is a JSON integer within [minimum, maximum]; nullopt for anything else. nlohmann's get<int>()
/// would convert a float such as 1e82 with undefined behaviour and narrow a large integer silently (both found by
/// the fuzzers), so user files go through this.
inline std::optional<long long> json_integer_in(const nlohmann::json& value, long long minimum, long long maximum) {
  if (value.is_number_unsigned()) {
    const auto number = value.get<unsigned long long>();
    if (maximum < 0 || number > static_cast<unsigned long long>(maximum)) return std::nullopt;
    return static_cast<long long>(number) >= minimum ? std::optional<long long>(static_cast<long long>(number))
                                                     : std::nullopt;
  }
  if (!value.is_number_integer()) return std::nullopt;
  const auto number = value.get<long long>();
  if (number < minimum || number > maximum) return std::nullopt;
  return number;
}

/// `object[key]` as an int in [minimum, maximum], `fallback` when the key is absent or null. Throws Error naming
/// `where`.`key`, the range and what was found.
inline int json_int_field(const nlohmann::json& object, const char* key, int fallback, const std::string& where,
                          int minimum = 0, int maximum = INT_MAX) {
  if (!object.is_object() || !object.contains(key) || object[key].is_null()) return fallback;
  const auto number = json_integer_in(object[key], minimum, maximum);
  if (!number)
    throw Error(where + "." + key + " must be an integer from " + std::to_string(minimum) + " to " +
                std::to_string(maximum) + ", got " + object[key].dump().substr(0, 40));
  return static_cast<int>(*number);
}

}  // namespace promptune
