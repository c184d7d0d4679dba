#include "core/data/feature_cache.h"

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>

#include "core/io/tensor_archive.h"
#include "core/util/error.h"
#include "core/util/hashing.h"

namespace promptune {
namespace fs = std::filesystem;

FeatureCache::FeatureCache(const fs::path& folder, const std::string& backbone_hash, const std::string& preprocessing,
                           const std::string& view) {
  description_ = backbone_hash + "|" + preprocessing + "|" + view;
  if (folder.empty()) return;
  shard_folder_ = folder / sha256_hex(description_).substr(0, 24);
  load_shards();
}

std::string FeatureCache::file_identity(const fs::path& file) {
  std::error_code error;
  const auto canonical = fs::canonical(file, error);
  if (error) throw file_error(file, "does not exist");
  const auto size = fs::file_size(canonical, error);
  const auto time = fs::last_write_time(canonical, error).time_since_epoch().count();
  return canonical.string() + "|" + std::to_string(size) + "|" + std::to_string(time);
}

fs::path default_feature_cache_folder() {
  if (const char* explicit_folder = std::getenv("PROMPTUNE_CACHE_DIR"); explicit_folder && *explicit_folder)
    return explicit_folder;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "promptune" / "features";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".cache" / "promptune" / "features";
  return fs::temp_directory_path() / "promptune-features";
}

std::pair<std::uintmax_t, int> feature_cache_disk_usage(const fs::path& folder) {
  std::uintmax_t bytes = 0;
  int shards = 0;
  std::error_code error;
  if (!fs::exists(folder, error)) return {0, 0};
  for (const auto& entry : fs::recursive_directory_iterator(folder, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".safetensors") {
      bytes += entry.file_size();
      ++shards;
    }
  }
  return {bytes, shards};
}

void clear_feature_cache(const fs::path& folder) {
  std::error_code error;
  if (!fs::exists(folder, error)) return;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_directory()) fs::remove_all(entry.path(), error);
  }
  if (error) throw file_error(folder, "cannot be cleared: " + error.message());
}

void FeatureCache::load_shards() {
  std::error_code error;
  if (!fs::is_directory(shard_folder_, error)) return;
  for (const auto& entry : fs::directory_iterator(shard_folder_)) {
    if (entry.path().extension() != ".safetensors") continue;
    try {
      const TensorFile shard = load_safetensors(entry.path());
      if (shard.metadata.count("cache") == 0 || shard.metadata.at("cache") != description_) continue;
      const auto keys = nlohmann::json::parse(shard.metadata.at("keys")).get<std::vector<std::string>>();
      const auto& features = shard.tensors.at("features");
      if (static_cast<std::int64_t>(keys.size()) != features.size(0)) continue;
      for (std::size_t i = 0; i < keys.size(); ++i) features_[keys[i]] = features[static_cast<std::int64_t>(i)];
    } catch (const std::exception&) {
      // A damaged shard only costs recomputation: it is ignored and later replaced by fresh entries.
    }
  }
}

std::optional<torch::Tensor> FeatureCache::find(const std::string& identity) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = features_.find(identity);
  if (found == features_.end()) return std::nullopt;
  return found->second;
}

void FeatureCache::insert(const std::vector<std::string>& identities, const torch::Tensor& features) {
  if (static_cast<std::int64_t>(identities.size()) != features.size(0))
    throw Error("feature cache: keys and rows differ in count");
  const auto stored = features.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  std::lock_guard<std::mutex> lock(mutex_);
  for (std::size_t i = 0; i < identities.size(); ++i) {
    if (features_.emplace(identities[i], stored[static_cast<std::int64_t>(i)].clone()).second)
      pending_.push_back(identities[i]);
  }
}

void FeatureCache::flush() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (shard_folder_.empty() || pending_.empty()) return;
  std::vector<torch::Tensor> rows;
  for (const auto& key : pending_) rows.push_back(features_.at(key));
  std::random_device random;
  const auto stamp = std::chrono::system_clock::now().time_since_epoch().count();
  const fs::path shard =
      shard_folder_ / ("shard-" + std::to_string(stamp) + "-" + std::to_string(random()) + ".safetensors");
  save_safetensors(shard, {{"features", torch::stack(rows)}},
                   {{"cache", description_}, {"keys", nlohmann::json(pending_).dump()}});
  pending_.clear();
}

std::size_t FeatureCache::entries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return features_.size();
}

CachedFeatures encode_with_cache(FeatureCache& cache, const std::vector<ImageSample>& samples,
                                 const ImageLoaderOptions& loader_options,
                                 const std::function<torch::Tensor(const torch::Tensor&)>& encode,
                                 const std::function<void(int, int)>& progress) {
  CachedFeatures result;
  std::vector<torch::Tensor> rows(samples.size());
  std::vector<std::string> identities(samples.size());
  std::vector<ImageSample> missing;
  std::vector<int> missing_position;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    try {
      identities[i] = FeatureCache::file_identity(samples[i].path);
    } catch (const Error& error) {
      result.skipped.push_back({samples[i].path.string(), error.what()});
      continue;
    }
    if (auto cached = cache.find(identities[i])) {
      rows[i] = *cached;
      ++result.from_cache;
    } else {
      missing.push_back(samples[i]);
      missing_position.push_back(static_cast<int>(i));
    }
  }
  const int total = static_cast<int>(samples.size());
  if (progress) progress(result.from_cache, total);
  if (!missing.empty()) {
    torch::NoGradGuard no_grad;
    ImageBatchLoader loader(missing, loader_options);
    int done = result.from_cache;
    while (auto batch = loader.next()) {
      result.skipped.insert(result.skipped.end(), batch->skipped.begin(), batch->skipped.end());
      if (batch->images.size(0) > 0) {
        const auto features = encode(batch->images).to(torch::kCPU, torch::kFloat32);
        std::vector<std::string> keys;
        for (std::size_t j = 0; j < batch->sample_indices.size(); ++j) {
          const int position = missing_position[static_cast<std::size_t>(batch->sample_indices[j])];
          rows[static_cast<std::size_t>(position)] = features[static_cast<std::int64_t>(j)];
          keys.push_back(identities[static_cast<std::size_t>(position)]);
        }
        cache.insert(keys, features);
      }
      done += static_cast<int>(batch->sample_indices.size() + batch->skipped.size());
      if (progress) progress(done, total);
    }
    cache.flush();
  }
  std::vector<torch::Tensor> kept_rows;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].defined()) {
      kept_rows.push_back(rows[i]);
      result.kept.push_back(static_cast<int>(i));
    }
  }
  result.features = kept_rows.empty() ? torch::empty({0, 0}) : torch::stack(kept_rows);
  return result;
}

}  // namespace promptune
