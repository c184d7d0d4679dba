#pragma once

#include <filesystem>
#include <string>

#include "core/data/image_dataset.h"
#include "core/data/text_dataset.h"

namespace promptune {

/// True when `file` is a CSV image manifest (a "path" header, or a first field naming an existing image file)
/// rather than a table of text.
bool is_image_manifest(const std::filesystem::path& file);

/// Plain-text summary: layout, classes with counts (per domain when there are domains), skipped items and notes.
std::string summarize(const ImageDataset& dataset);
std::string summarize(const TextDataset& dataset);

}  // namespace promptune
