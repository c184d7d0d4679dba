#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

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

/// The shard files a model.safetensors.index.json lists (in name order). Throws Error naming the index.
std::vector<std::filesystem::path> shard_files(const std::filesystem::path& index_json);

/// All tensors of one or several weight files (safetensors, or .pt/.bin archives, which add kTorchArchiveWarning
/// to `warnings`).
TensorMap load_weight_files(const std::vector<std::filesystem::path>& files, std::vector<std::string>& warnings);

/// What identifies weights: one file's SHA-256 (what `sha256sum` prints); for shards the hash of their hashes.
std::string weights_hash(const std::vector<std::filesystem::path>& files);

/// "[2,3]".
std::string shape_text(c10::IntArrayRef sizes);

/// Copies `weights` into the parameters of `module` by name (no gradient). Throws Error naming `source` and
/// `architecture` that lists shape mismatches, missing keys and unexpected keys (those `ignore` accepts excepted).
void load_parameters_by_name(torch::nn::Module& module, const TensorMap& weights, const std::string& source,
                             const std::string& architecture,
                             const std::function<bool(const std::string&)>& ignore = {});

/// Warning shown to users before a `.pt` archive is read.
inline constexpr const char* kTorchArchiveWarning =
    ".pt/.bin archives are pickle-based: prefer safetensors, which can hold nothing but numbers "
    "(promptune-cli convert writes one)";

}  // namespace promptune
