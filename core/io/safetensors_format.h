#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace promptune {

/// Element types Promptune reads from safetensors files.
enum class SafetensorsDtype { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

/// One tensor entry of a safetensors header; offsets are relative to the start of the data block.
struct SafetensorsEntry {
  std::string name;
  SafetensorsDtype dtype = SafetensorsDtype::F32;
  std::vector<std::int64_t> shape;
  std::uint64_t begin = 0;  ///< first byte, relative to the data block
  std::uint64_t end = 0;    ///< one past the last byte
};

/// A validated safetensors header.
struct SafetensorsHeader {
  std::vector<SafetensorsEntry> entries;        ///< sorted by `begin`
  std::map<std::string, std::string> metadata;  ///< the `__metadata__` object (string values only)
  std::uint64_t data_offset = 0;                ///< 8 + header length
};

/// Largest header the reference implementation accepts.
inline constexpr std::uint64_t kMaximumSafetensorsHeader = 100'000'000;

/// Parses and validates the header the way the reference reader does: length bound, UTF-8 JSON object, known
/// dtypes, non-negative shapes, byte sizes matching the shapes, tensors contiguous from 0 without overlap or gap,
/// the data block ending exactly at the end of the file, no duplicate names. Throws Error starting with `source`.
SafetensorsHeader parse_safetensors_header(const std::uint8_t* file, std::uint64_t file_size,
                                           const std::string& source);

std::size_t safetensors_element_size(SafetensorsDtype dtype);
const char* safetensors_dtype_name(SafetensorsDtype dtype);

}  // namespace promptune
