#pragma once

// Shared by the libFuzzer harnesses: inputs become files (the parsers read files, as users give them), several
// files travel in one input separated by kPartSeparator, and only promptune::Error may leave a parser. Anything
// else (a crash, a sanitizer report, another exception type, an allocation past -malloc_limit_mb, a hang past
// -timeout) is a finding: abort() makes libFuzzer keep the input.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "core/util/error.h"

namespace promptune::fuzz {

/// Separates the files of one input; the seed corpora are written with it.
inline constexpr std::string_view kPartSeparator = "\n=====promptune-part=====\n";

/// The first `count` parts of an input (missing parts are empty, extra separators stay in the last part).
inline std::vector<std::string> split_parts(const std::uint8_t* data, std::size_t size, std::size_t count) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  while (parts.size() + 1 < count) {
    const auto at = rest.find(kPartSeparator);
    if (at == std::string_view::npos) break;
    parts.emplace_back(rest.substr(0, at));
    rest.remove_prefix(at + kPartSeparator.size());
  }
  parts.emplace_back(rest);
  parts.resize(count);
  return parts;
}

/// One folder per fuzzing process, on tmpfs when there is one; files are rewritten for every input.
inline const std::filesystem::path& scratch_folder() {
  static const std::filesystem::path folder = [] {
    const std::filesystem::path base =
        std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    auto path = base / ("promptune-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  return folder;
}

inline std::filesystem::path write_scratch_file(const std::string& name, std::string_view content) {
  const auto path = scratch_folder() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(content.data(), static_cast<std::streamsize>(content.size()));
  return path;
}

inline void remove_scratch_file(const std::string& name) {
  std::error_code ignored;
  std::filesystem::remove(scratch_folder() / name, ignored);
}

/// Runs `parse`; a promptune::Error is the expected way to refuse bad input, everything else is reported.
template <typename Parse>
void expect_only_user_errors(const char* what, Parse&& parse) {
  try {
    parse();
  } catch (const Error&) {
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: a %s escaped instead of promptune::Error: %s\n", what, typeid(error).name(),
                 error.what());
    std::abort();
  }
}

}  // namespace promptune::fuzz
