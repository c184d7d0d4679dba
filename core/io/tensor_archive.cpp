#include "core/io/tensor_archive.h"

#include <torch/script.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"
#include "core/io/mapped_file.h"
#include "core/io/safetensors_format.h"
#include "core/util/error.h"

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

}  // namespace promptune
