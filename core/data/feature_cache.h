#pragma once

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/data/cache_folder.h"
#include "core/data/image_batch_loader.h"
#include "core/util/torch.h"

namespace promptune {

/// Features of a frozen image encoder, so that a CoOp epoch costs only the text encoder. One cache instance covers
/// one (backbone weights hash, preprocessing, augmentation view); entries are keyed by the image file's path, size
/// and modification time, so editing or replacing a file invalidates its entry, and a different backbone,
/// preprocessing or view never sees another's features. Entries live in memory and, when a folder is given, on
/// disk as safetensors shards reused across runs and methods. Thread-safe.
class FeatureCache {
 public:
  /// `folder` empty: memory only. Existing shards of the same (backbone, preprocessing, view) are loaded.
  FeatureCache(const std::filesystem::path& folder, const std::string& backbone_hash, const std::string& preprocessing,
               const std::string& view);

  /// "canonical path|size|mtime": the file part of the key. Throws Error when the file does not exist.
  static std::string file_identity(const std::filesystem::path& file);

  std::optional<torch::Tensor> find(const std::string& identity) const;
  void insert(const std::vector<std::string>& identities, const torch::Tensor& features);
  /// Writes entries inserted since the last flush as one new shard (atomically).
  void flush();
  std::size_t entries() const;
  const std::filesystem::path& shard_folder() const { return shard_folder_; }

 private:
  void load_shards();
  mutable std::mutex mutex_;
  std::filesystem::path shard_folder_;
  std::unordered_map<std::string, torch::Tensor> features_;
  std::vector<std::string> pending_;
  std::string description_;
};

/// Image features [n, E] of `samples` through `encode` (images -> features, called without gradient), reading
/// the cache first and encoding only the misses, in batches from an ImageBatchLoader. Samples that cannot be
/// decoded are reported in `skipped` and get no row: the returned `kept` lists the sample positions of the rows.
struct CachedFeatures {
  torch::Tensor features;
  std::vector<int> kept;
  std::vector<SkippedItem> skipped;
  int from_cache = 0;
};
CachedFeatures encode_with_cache(FeatureCache& cache, const std::vector<ImageSample>& samples,
                                 const ImageLoaderOptions& loader_options,
                                 const std::function<torch::Tensor(const torch::Tensor&)>& encode,
                                 const std::function<void(int done, int total)>& progress = {});

}  // namespace promptune
