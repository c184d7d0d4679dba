#pragma once

#include <cstdlib>
#include <filesystem>
#include <optional>

namespace promptune::testing {

/// The reference-data folder from PROMPTUNE_REFDATA, or nullopt when unset or missing.
inline std::optional<std::filesystem::path> refdata_folder() {
  const char* value = std::getenv("PROMPTUNE_REFDATA");
  if (!value || !*value) return std::nullopt;
  std::filesystem::path folder(value);
  if (!std::filesystem::is_directory(folder)) return std::nullopt;
  return folder;
}

}  // namespace promptune::testing

/// Skips the current test, saying why, unless PROMPTUNE_REFDATA points at a folder holding `relative`.
#define PROMPTUNE_REQUIRE_REFDATA(variable, relative)                                                   \
  const auto variable##_root = ::promptune::testing::refdata_folder();                                  \
  if (!variable##_root) GTEST_SKIP() << "PROMPTUNE_REFDATA is unset (CI sets it to ../shared/refdata)"; \
  const std::filesystem::path variable = *variable##_root / (relative);                                 \
  if (!std::filesystem::exists(variable)) GTEST_SKIP() << "reference data " << variable << " is missing"
