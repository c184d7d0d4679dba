#pragma once

#include <cstdint>
#include <filesystem>
#include <utility>

namespace promptune {

/// The feature cache folder: $PROMPTUNE_CACHE_DIR, else $XDG_CACHE_HOME/promptune/features, else
/// ~/.cache/promptune/features.
std::filesystem::path default_feature_cache_folder();
/// Bytes used on disk under `folder` (every backbone and view) and the number of shards.
std::pair<std::uintmax_t, int> feature_cache_disk_usage(const std::filesystem::path& folder);
/// Removes every cached feature under `folder`.
void clear_feature_cache(const std::filesystem::path& folder);

}  // namespace promptune
