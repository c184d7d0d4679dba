#pragma once

#include <functional>
#include <string>

#include "core/util/error.h"

namespace promptune::testing {

/// The message of the promptune::Error that `action` throws, or "no error".
inline std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace promptune::testing
