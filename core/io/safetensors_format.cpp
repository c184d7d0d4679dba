#include "core/io/safetensors_format.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/text/unicode.h"
#include "core/util/error.h"

namespace promptune {
namespace {

struct DtypeName {
  const char* name;
  SafetensorsDtype dtype;
  std::size_t size;
};

constexpr DtypeName kDtypes[] = {{"F64", SafetensorsDtype::F64, 8}, {"F32", SafetensorsDtype::F32, 4},
                                 {"F16", SafetensorsDtype::F16, 2}, {"BF16", SafetensorsDtype::BF16, 2},
                                 {"I64", SafetensorsDtype::I64, 8}, {"I32", SafetensorsDtype::I32, 4},
                                 {"I16", SafetensorsDtype::I16, 2}, {"I8", SafetensorsDtype::I8, 1},
                                 {"U8", SafetensorsDtype::U8, 1},   {"BOOL", SafetensorsDtype::BOOL, 1}};

Error header_error(const std::string& source, const std::string& message) {
  return Error(source + ": invalid safetensors file: " + message);
}

std::uint64_t read_length(const std::uint8_t* file) {
  std::uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | file[i];  // little-endian on every platform
  return length;
}

SafetensorsEntry parse_entry(const std::string& name, const nlohmann::json& value, const std::string& source) {
  const std::string where = "tensor '" + name + "'";
  if (!value.is_object()) throw header_error(source, where + " is not a JSON object");
  SafetensorsEntry entry;
  entry.name = name;
  const auto dtype = value.find("dtype");
  if (dtype == value.end() || !dtype->is_string()) throw header_error(source, where + " has no dtype string");
  const std::string dtype_name = dtype->get<std::string>();
  const auto known =
      std::find_if(std::begin(kDtypes), std::end(kDtypes), [&](const DtypeName& d) { return dtype_name == d.name; });
  if (known == std::end(kDtypes)) {
    throw header_error(source,
                       where + " has dtype " + dtype_name +
                           ", which Promptune does not read (F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL)");
  }
  entry.dtype = known->dtype;
  const auto shape = value.find("shape");
  if (shape == value.end() || !shape->is_array()) throw header_error(source, where + " has no shape array");
  __uint128_t elements = 1;
  for (const auto& dimension : *shape) {
    if (!dimension.is_number_integer() || dimension.get<std::int64_t>() < 0) {
      throw header_error(source, where + " has a shape entry that is not a non-negative integer");
    }
    entry.shape.push_back(dimension.get<std::int64_t>());
    elements *= static_cast<std::uint64_t>(entry.shape.back());
    if (elements > (static_cast<__uint128_t>(1) << 62))
      throw header_error(source, where + " has an absurdly large shape");
  }
  const auto offsets = value.find("data_offsets");
  if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned() ||
      !(*offsets)[1].is_number_unsigned()) {
    throw header_error(source, where + " needs data_offsets [begin, end] of non-negative integers");
  }
  entry.begin = (*offsets)[0].get<std::uint64_t>();
  entry.end = (*offsets)[1].get<std::uint64_t>();
  if (entry.end < entry.begin) throw header_error(source, where + " has data_offsets with end before begin");
  const __uint128_t expected = elements * known->size;
  if (expected != entry.end - entry.begin) {
    throw header_error(source, where + " holds " + std::to_string(entry.end - entry.begin) +
                                   " bytes, but its shape and " + dtype_name + " need " +
                                   std::to_string(static_cast<std::uint64_t>(expected)));
  }
  return entry;
}

}  // namespace

std::size_t safetensors_element_size(SafetensorsDtype dtype) {
  for (const auto& d : kDtypes) {
    if (d.dtype == dtype) return d.size;
  }
  return 0;
}

const char* safetensors_dtype_name(SafetensorsDtype dtype) {
  for (const auto& d : kDtypes) {
    if (d.dtype == dtype) return d.name;
  }
  return "?";
}

SafetensorsHeader parse_safetensors_header(const std::uint8_t* file, std::uint64_t file_size,
                                           const std::string& source) {
  if (file_size < 8)
    throw header_error(source, "the file is " + std::to_string(file_size) + " bytes, too short for a header");
  const std::uint64_t length = read_length(file);
  if (length > kMaximumSafetensorsHeader) {
    throw header_error(source, "the header claims " + std::to_string(length) + " bytes (the limit is 100,000,000)");
  }
  if (length > file_size - 8) {
    throw header_error(source, "the header claims " + std::to_string(length) + " bytes but the file has only " +
                                   std::to_string(file_size - 8) + " after the length (truncated file?)");
  }
  const std::string text(reinterpret_cast<const char*>(file + 8), static_cast<std::size_t>(length));
  if (!unicode::is_valid_utf8(text)) throw header_error(source, "the header is not valid UTF-8");

  std::set<std::string> seen_names;
  std::string duplicate;
  const nlohmann::json::parser_callback_t find_duplicates = [&](int depth, nlohmann::json::parse_event_t event,
                                                                nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::key && depth == 1 &&
        !seen_names.insert(parsed.get<std::string>()).second) {
      duplicate = parsed.get<std::string>();
    }
    return true;
  };
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text, find_duplicates);
  } catch (const nlohmann::json::exception& error) {
    throw header_error(source, std::string("the header is not valid JSON (") + error.what() + ")");
  }
  if (!header.is_object()) throw header_error(source, "the header is not a JSON object");
  if (!duplicate.empty()) throw header_error(source, "the tensor name '" + duplicate + "' appears twice");

  SafetensorsHeader result;
  result.data_offset = 8 + length;
  for (const auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      if (!value.is_object()) throw header_error(source, "__metadata__ is not a JSON object");
      for (const auto& [key, entry] : value.items()) {
        if (!entry.is_string()) throw header_error(source, "__metadata__ value '" + key + "' is not a string");
        result.metadata[key] = entry.get<std::string>();
      }
      continue;
    }
    result.entries.push_back(parse_entry(name, value, source));
  }
  std::sort(result.entries.begin(), result.entries.end(), [](const SafetensorsEntry& a, const SafetensorsEntry& b) {
    return a.begin < b.begin || (a.begin == b.begin && a.end < b.end);
  });
  std::uint64_t expected_begin = 0;
  for (const auto& entry : result.entries) {
    if (entry.begin < expected_begin) {
      throw header_error(source, "tensor '" + entry.name + "' overlaps the tensor before it (offset " +
                                     std::to_string(entry.begin) + " < " + std::to_string(expected_begin) + ")");
    }
    if (entry.begin > expected_begin) {
      throw header_error(source, "there is a gap of " + std::to_string(entry.begin - expected_begin) +
                                     " bytes before tensor '" + entry.name + "'");
    }
    expected_begin = entry.end;
  }
  const std::uint64_t data_size = file_size - result.data_offset;
  if (expected_begin != data_size) {
    throw header_error(source, "the tensors cover " + std::to_string(expected_begin) +
                                   " bytes but the data block has " + std::to_string(data_size) +
                                   (expected_begin > data_size ? " (truncated file?)" : ""));
  }
  return result;
}

}  // namespace promptune
