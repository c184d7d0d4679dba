#include "core/data/image_folder.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "core/util/error.h"

namespace promptune {
namespace fs = std::filesystem;

bool is_image_file(const fs::path& path) {
  static const std::set<std::string> extensions = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp",
                                                   ".ppm", ".pgm", ".pbm",  ".pnm", ".jp2", ".exr",  ".hdr"};
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return extensions.count(extension) > 0;
}

std::vector<std::string> read_class_names(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw file_error(file, fs::exists(file) ? "cannot be read" : "does not exist");
  std::vector<std::string> names;
  std::set<std::string> seen;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t");
    line = line.substr(first, last - first + 1);
    if (!seen.insert(line).second)
      throw file_error(file, "line " + std::to_string(number) + ": class '" + line + "' is listed twice");
    names.push_back(line);
  }
  if (names.empty()) throw file_error(file, "lists no classes");
  return names;
}

ImageFolderDataset scan_image_folder(const fs::path& root, const fs::path& classes_file) {
  if (!fs::is_directory(root)) throw file_error(root, fs::exists(root) ? "is not a folder" : "does not exist");
  ImageFolderDataset dataset;
  if (!classes_file.empty()) {
    dataset.class_folders = read_class_names(classes_file);
    for (const auto& name : dataset.class_folders) {
      if (!fs::is_directory(root / name))
        throw file_error(root / name, "is listed in " + classes_file.string() + " but is not a folder");
    }
  } else {
    for (const auto& entry : fs::directory_iterator(root)) {
      if (entry.is_directory() && entry.path().filename().string()[0] != '.')
        dataset.class_folders.push_back(entry.path().filename().string());
    }
    std::sort(dataset.class_folders.begin(), dataset.class_folders.end());
  }
  if (dataset.class_folders.empty())
    throw file_error(root, "has no class folders (expected root/<class>/<image files>)");
  for (std::size_t label = 0; label < dataset.class_folders.size(); ++label) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(root / dataset.class_folders[label])) {
      if (!entry.is_regular_file()) continue;
      if (is_image_file(entry.path())) {
        files.push_back(entry.path());
      } else if (entry.path().filename().string()[0] != '.') {
        dataset.skipped.push_back(entry.path().string() + ": not an image file extension");
      }
    }
    if (files.empty()) throw file_error(root / dataset.class_folders[label], "holds no image files (empty class)");
    std::sort(files.begin(), files.end());
    for (auto& file : files) dataset.samples.push_back({std::move(file), static_cast<int>(label)});
  }
  return dataset;
}

}  // namespace promptune
