#include "core/io/tensor_archive.h"

#include <torch/script.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/io/atomic_file.h"
#include "core/io/mapped_file.h"
#include "core/io/safetensors_format.h"
#include "core/util/error.h"
#include "core/util/hashing.h"

namespace promptune {
namespace {

torch::ScalarType scalar_type_of(SafetensorsDtype dtype) {
  switch (dtype) {
    case SafetensorsDtype::F64:
      return torch::kFloat64;
    case SafetensorsDtype::F32:
      return torch::kFloat32;
    case SafetensorsDtype::F16:
      return torch::kFloat16;
    case SafetensorsDtype::BF16:
      return torch::kBFloat16;
    case SafetensorsDtype::I64:
      return torch::kInt64;
    case SafetensorsDtype::I32:
      return torch::kInt32;
    case SafetensorsDtype::I16:
      return torch::kInt16;
    case SafetensorsDtype::I8:
      return torch::kInt8;
    case SafetensorsDtype::U8:
      return torch::kUInt8;
    case SafetensorsDtype::BOOL:
      return torch::kBool;
  }
  return torch::kFloat32;
}

std::string dtype_name_of(torch::ScalarType type, const std::string& key) {
  switch (type) {
    case torch::kFloat64:
      return "F64";
    case torch::kFloat32:
      return "F32";
    case torch::kFloat16:
      return "F16";
    case torch::kBFloat16:
      return "BF16";
    case torch::kInt64:
      return "I64";
    case torch::kInt32:
      return "I32";
    case torch::kInt16:
      return "I16";
    case torch::kInt8:
      return "I8";
    case torch::kUInt8:
      return "U8";
    case torch::kBool:
      return "BOOL";
    default:
      throw Error("tensor '" + key + "' has a dtype safetensors cannot store");
  }
}

torch::Tensor to_float32_if_floating(const torch::Tensor& tensor) {
  const auto type = tensor.scalar_type();
  return (type == torch::kFloat16 || type == torch::kBFloat16) ? tensor.to(torch::kFloat32) : tensor;
}

}  // namespace

TensorFile load_safetensors(const std::filesystem::path& path) {
  const MappedFile file(path);
  const SafetensorsHeader header = parse_safetensors_header(file.data(), file.size(), path.string());
  TensorFile result;
  result.metadata = header.metadata;
  for (const auto& entry : header.entries) {
    // Copy into tensor-owned memory: the data block need not be aligned, and the mapping is released on return.
    torch::Tensor tensor = torch::empty(entry.shape, torch::TensorOptions().dtype(scalar_type_of(entry.dtype)));
    if (entry.end > entry.begin) {  // zero-sized tensors have no storage to copy into
      std::memcpy(tensor.data_ptr(), file.data() + header.data_offset + entry.begin, entry.end - entry.begin);
    }
    result.tensors.emplace(entry.name, to_float32_if_floating(tensor));
  }
  return result;
}

void save_safetensors(const std::filesystem::path& path, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header;
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> contiguous;
  std::uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    if (name == "__metadata__") throw Error("a tensor cannot be named __metadata__");
    contiguous.push_back(tensor.detach().to(torch::kCPU).contiguous());
    const auto bytes = static_cast<std::uint64_t>(contiguous.back().numel() * contiguous.back().element_size());
    header[name] = {{"dtype", dtype_name_of(tensor.scalar_type(), name)},
                    {"shape", tensor.sizes().vec()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string header_text = header.dump();
  header_text.append((8 - header_text.size() % 8) % 8, ' ');  // the data block starts 8-byte aligned
  write_file_atomically(path, [&](std::ostream& out) {
    std::uint64_t length = header_text.size();
    char length_bytes[8];
    for (int i = 0; i < 8; ++i) length_bytes[i] = static_cast<char>((length >> (8 * i)) & 0xFF);
    out.write(length_bytes, 8);
    out.write(header_text.data(), static_cast<std::streamsize>(header_text.size()));
    for (const auto& tensor : contiguous) {
      out.write(static_cast<const char*>(tensor.data_ptr()),
                static_cast<std::streamsize>(tensor.numel() * tensor.element_size()));
    }
  });
}

TensorMap load_torch_archive(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) throw file_error(path, "does not exist");
  TensorMap tensors;
  std::string script_error;
  try {
    torch::jit::Module module = torch::jit::load(path.string(), torch::kCPU);
    for (const auto& parameter : module.named_parameters(/*recurse=*/true)) {
      tensors[parameter.name] = to_float32_if_floating(parameter.value.detach().clone());
    }
    for (const auto& buffer : module.named_buffers(/*recurse=*/true)) {
      tensors[buffer.name] = to_float32_if_floating(buffer.value.detach().clone());
    }
    return tensors;
  } catch (const c10::Error& error) {
    script_error = error.what_without_backtrace();
  }
  // Not TorchScript: a torch.save zip archive of a {name: tensor} dictionary.
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
    throw file_error(path,
                     "is neither a TorchScript archive nor a torch.save zip archive (the legacy non-zip "
                     "torch.save format cannot be read; convert it to safetensors with PyTorch)");
  }
  try {
    const c10::IValue value = torch::pickle_load(bytes);
    if (!value.isGenericDict())
      throw file_error(path, "holds a pickled " + value.tagKind() + ", not a dictionary of tensors");
    for (const auto& item : value.toGenericDict()) {
      if (!item.key().isString()) continue;
      if (!item.value().isTensor()) continue;  // bookkeeping entries such as ints are not weights
      tensors[item.key().toStringRef()] = to_float32_if_floating(item.value().toTensor());
    }
  } catch (const c10::Error& error) {
    throw file_error(path, std::string("cannot be read as a tensor archive: ") + error.what_without_backtrace() +
                               " (as TorchScript: " + script_error.substr(0, 200) + ")");
  }
  if (tensors.empty()) throw file_error(path, "holds no tensors");
  return tensors;
}

std::string shape_text(c10::IntArrayRef sizes) {
  std::string text = "[";
  for (std::size_t i = 0; i < sizes.size(); ++i) text += (i ? "," : "") + std::to_string(sizes[i]);
  return text + "]";
}

void load_parameters_by_name(torch::nn::Module& module, const TensorMap& weights, const std::string& source,
                             const std::string& architecture, const std::function<bool(const std::string&)>& ignore) {
  torch::NoGradGuard no_grad;
  std::vector<std::string> missing, unexpected, mismatched;
  std::set<std::string> known;
  for (const auto& item : module.named_parameters(true)) {
    known.insert(item.key());
    const auto found = weights.find(item.key());
    if (found == weights.end()) {
      missing.push_back(item.key());
      continue;
    }
    if (!found->second.sizes().equals(item.value().sizes())) {
      mismatched.push_back(item.key() + " expected " + shape_text(item.value().sizes()) + ", found " +
                           shape_text(found->second.sizes()));
      continue;
    }
    item.value().copy_(found->second);
  }
  for (const auto& [key, tensor] : weights)
    if (!known.count(key) && !(ignore && ignore(key))) unexpected.push_back(key);
  if (missing.empty() && unexpected.empty() && mismatched.empty()) return;
  const auto list = [](const std::vector<std::string>& keys) {
    std::string text;
    for (std::size_t i = 0; i < keys.size() && i < 12; ++i) text += (i ? ", " : "") + keys[i];
    if (keys.size() > 12) text += ", ... (" + std::to_string(keys.size()) + " in all)";
    return text;
  };
  std::string message = source + ": the weights do not fit the " + architecture + " architecture.";
  if (!mismatched.empty()) message += " Shape mismatch: " + list(mismatched) + ".";
  if (!missing.empty()) message += " Missing keys: " + list(missing) + ".";
  if (!unexpected.empty()) message += " Unexpected keys: " + list(unexpected) + ".";
  throw Error(message);
}

std::vector<std::filesystem::path> shard_files(const std::filesystem::path& index_json) {
  const auto json = read_json_file(index_json);
  if (!json.contains("weight_map") || !json.at("weight_map").is_object())
    throw file_error(index_json, "has no weight_map object");
  std::set<std::string> shards;
  for (const auto& [key, shard] : json.at("weight_map").items()) shards.insert(shard.get<std::string>());
  std::vector<std::filesystem::path> files;
  for (const auto& shard : shards) files.push_back(index_json.parent_path() / shard);
  return files;
}

TensorMap load_weight_files(const std::vector<std::filesystem::path>& files, std::vector<std::string>& warnings) {
  TensorMap tensors;
  for (const auto& file : files) {
    if (file.extension() == ".safetensors") {
      for (auto& [key, tensor] : load_safetensors(file).tensors) tensors[key] = tensor;
    } else {
      warnings.push_back(file.filename().string() + ": " + kTorchArchiveWarning);
      for (auto& [key, tensor] : load_torch_archive(file)) tensors[key] = tensor;
    }
  }
  return tensors;
}

std::string weights_hash(const std::vector<std::filesystem::path>& files) {
  std::vector<std::string> file_hashes;
  for (const auto& file : files) file_hashes.push_back(sha256_file(file));
  if (file_hashes.size() == 1) return file_hashes.front();
  Sha256 hash;
  for (const auto& file_hash : file_hashes) hash.update(file_hash);
  return hash.hex_digest();
}

}  // namespace promptune
