#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace promptune {

/// One labeled image file.
struct ImageSample {
  std::filesystem::path path;
  int label = -1;  ///< index into the class list
};

/// An image classification set in the class-per-folder layout (`root/<class>/*.png`, torchvision ImageFolder):
/// classes are the sorted sub-folder names, or the order of a classes file (one name per line).
struct ImageFolderDataset {
  std::vector<std::string> class_folders;  ///< folder names, label order
  std::vector<ImageSample> samples;        ///< sorted by class, then file name
  std::vector<std::string> skipped;        ///< "path: reason" for files that are not images
};

/// True for the file extensions OpenCV decodes (case-insensitive).
bool is_image_file(const std::filesystem::path& path);

/// Scans `root`. With `classes_file`, only those folders are read, in that order, and a missing folder is an error.
/// Throws Error naming the folder when it is missing, has no class folders, or a class folder holds no image.
ImageFolderDataset scan_image_folder(const std::filesystem::path& root, const std::filesystem::path& classes_file = {});

/// Class names from a text file: one per line, blank lines and # comments skipped, duplicates refused.
std::vector<std::string> read_class_names(const std::filesystem::path& file);

}  // namespace promptune
