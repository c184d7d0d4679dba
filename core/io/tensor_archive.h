#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "core/util/torch.h"

namespace promptune {

using TensorMap = std::map<std::string, torch::Tensor>;

/// Tensors and string metadata of one safetensors file.
struct TensorFile {
  TensorMap tensors;
  std::map<std::string, std::string> metadata;
};

/// Reads a safetensors file through a memory mapping after validating its header (parse_safetensors_header).
/// F16 and BF16 tensors are converted to F32; the other dtypes keep theirs. Tensors own their memory.
TensorFile load_safetensors(const std::filesystem::path& path);

/// Writes `tensors` (moved to CPU, made contiguous) and `metadata` atomically (temporary file + rename).
void save_safetensors(const std::filesystem::path& path, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata = {});

/// Reads a PyTorch `.pt`/`.bin` archive: a TorchScript archive (such as OpenAI's ViT-B-32.pt; its named
/// parameters and buffers are read, no code is run) or a `torch.save` zip of a tensor dictionary. Both are less
/// safe than safetensors, which holds only numbers; `promptune-cli convert` turns them into safetensors.
/// Floating tensors are converted to F32.
TensorMap load_torch_archive(const std::filesystem::path& path);

/// Warning shown to users before a `.pt` archive is read.
inline constexpr const char* kTorchArchiveWarning =
    ".pt/.bin archives are pickle-based: prefer safetensors, which can hold nothing but numbers "
    "(promptune-cli convert writes one)";

}  // namespace promptune
