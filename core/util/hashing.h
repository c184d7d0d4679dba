#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace promptune {

/// Incremental SHA-256 (FIPS 180-4). Used for weights hashes that identify a backbone in exported prompt files.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  /// Lower-case hex digest; the object must not be updated afterwards.
  std::string hex_digest();

 private:
  void transform(const std::uint8_t* block);
  std::uint32_t state_[8];
  std::uint8_t buffer_[64];
  std::uint64_t length_ = 0;
  std::size_t buffered_ = 0;
};

std::string sha256_hex(std::string_view data);
/// SHA-256 of a whole file, read in chunks. Throws Error naming the file when it cannot be read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace promptune
