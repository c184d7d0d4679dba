#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/data/load_report.h"

namespace promptune {

/// One image file with its class and, for domain datasets, its domain.
struct ImageSample {
  std::filesystem::path path;
  int label = -1;   ///< index into class_ids; -1 when the data has no label
  int domain = -1;  ///< index into domains; -1 for single-domain data
};

/// An image classification dataset in any of the layouts users bring.
struct ImageDataset {
  std::vector<std::string> class_ids;    ///< labels as the data writes them (folder names, CSV labels), label order
  std::vector<std::string> class_names;  ///< names used in prompts: underscores become spaces, or a classes file
  std::vector<std::string> domains;      ///< domain names (domain layout or CSV domain column); empty otherwise
  std::vector<ImageSample> samples;
  LoadReport report;
  std::string layout;  ///< "class folders", "domain folders" or "CSV manifest"

  /// Sample indices of one domain (all samples when `domain` is -1).
  std::vector<int> indices_of_domain(int domain) const;
  /// Samples per class (and per domain when `domain` >= 0).
  std::vector<int> counts_per_class(int domain = -1) const;
};

struct ImageDatasetOptions {
  /// Optional classes file. Either it lists class ids (folder names / CSV labels), one per line, selecting them in
  /// that order; or it gives one prompt name per class in label order; "id<TAB>name" lines do both.
  std::filesystem::path classes_file;
};

/// Loads `root/<class>/*` (class folders), `root/<domain>/<class>/*` (domain folders, as Office-31, Office-Home,
/// DomainNet and PACS are distributed) or a CSV manifest `path,label[,domain]` with paths relative to the CSV.
/// Files that are not images, missing files, duplicates and malformed rows are listed in the report and skipped.
/// Throws Error when the dataset as a whole is unusable (missing folder, no classes, an empty class).
ImageDataset load_image_dataset(const std::filesystem::path& root_or_csv, const ImageDatasetOptions& options = {});

/// True for the file extensions OpenCV decodes (case-insensitive).
bool is_image_file(const std::filesystem::path& path);

}  // namespace promptune
