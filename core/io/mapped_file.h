#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace promptune {

/// A read-only memory mapping of a whole file, unmapped on destruction. Large checkpoints are read through it so
/// that only the pages actually copied into tensors are touched.
class MappedFile {
 public:
  /// Throws Error naming the file when it does not exist, is not a regular file or cannot be mapped.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace promptune
