#include "core/io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "core/io/fault_injection.h"
#include "core/util/error.h"

namespace promptune {
namespace {

void sync_path(const std::filesystem::path& path, bool directory) {
  const int descriptor = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_WRONLY) | O_CLOEXEC);
  if (descriptor < 0) return;
  ::fsync(descriptor);
  ::close(descriptor);
}

/// A crash in the middle of writing, for the reliability tests: half the bytes on disk, then SIGKILL.
[[noreturn]] void kill_halfway(const std::filesystem::path& temporary) {
  std::error_code error;
  const auto size = std::filesystem::file_size(temporary, error);
  if (!error) std::filesystem::resize_file(temporary, size / 2, error);
  ::kill(::getpid(), SIGKILL);
  std::abort();
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  const std::filesystem::path folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw file_error(path, "cannot create its folder: " + error.message());
  std::random_device random;
  const std::filesystem::path temporary =
      folder / ("." + path.filename().string() + ".tmp-" + std::to_string(random()));
  try {
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      if (!out) throw file_error(path, std::string("cannot be written: ") + std::strerror(errno));
      write(out);
      out.flush();
      const WriteFault fault = write_fault_for(path);
      if (fault == WriteFault::KillHalfway) kill_halfway(temporary);
      if (fault == WriteFault::DiskFull) {
        out.setstate(std::ios::badbit);
        errno = ENOSPC;
      }
      if (!out) throw file_error(path, std::string("writing failed: ") + std::strerror(errno) + " (is the disk full?)");
    }
    sync_path(temporary, false);
    std::filesystem::rename(temporary, path, error);
    if (error) throw file_error(path, "cannot replace the file: " + error.message());
    sync_path(folder, true);
  } catch (...) {
    std::filesystem::remove(temporary, error);
    throw;
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  write_file_atomically(
      path, [content](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); });
}

nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw file_error(path, std::filesystem::exists(path) ? "cannot be read" : "does not exist");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw file_error(path, std::string("is not valid JSON: ") + error.what());
  }
}

}  // namespace promptune
