#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string_view>

namespace promptune {

/// Writes a file so that `path` holds either its previous content or the complete new one, never a partial file:
/// the content goes to a temporary file beside it, is flushed to disk (fsync), then renamed over `path`.
/// `write` fills the stream; any exception or write failure removes the temporary file and throws Error naming
/// `path` (for example when the disk is full).
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Parses a JSON file; throws Error naming the file when it cannot be read or is not valid JSON.
nlohmann::json read_json_file(const std::filesystem::path& path);

}  // namespace promptune
