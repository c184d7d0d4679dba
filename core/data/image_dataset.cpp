#include "core/data/image_dataset.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "core/data/delimited_reader.h"
#include "core/text/prompt_templates.h"
#include "core/util/error.h"

namespace promptune {
namespace fs = std::filesystem;
namespace {

std::vector<fs::path> sorted_children(const fs::path& folder, bool directories) {
  std::vector<fs::path> children;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (directories ? entry.is_directory() : entry.is_regular_file()) children.push_back(entry.path());
  }
  std::sort(children.begin(), children.end());
  return children;
}

bool holds_images(const fs::path& folder) {
  for (const auto& file : sorted_children(folder, false)) {
    if (is_image_file(file)) return true;
  }
  return false;
}

// Adds the image files of one class folder; other files go to the report.
void add_class_folder(ImageDataset& dataset, const fs::path& folder, int label, int domain) {
  for (const auto& file : sorted_children(folder, false)) {
    if (is_image_file(file)) {
      dataset.samples.push_back({file, label, domain});
    } else {
      dataset.report.skip(file.string(), "not an image file (unknown extension)");
    }
  }
}

int class_index(ImageDataset& dataset, std::map<std::string, int>& index, const std::string& id) {
  const auto found = index.find(id);
  if (found != index.end()) return found->second;
  dataset.class_ids.push_back(id);
  return index[id] = static_cast<int>(dataset.class_ids.size()) - 1;
}

void load_folders(ImageDataset& dataset, const fs::path& root) {
  const auto top = sorted_children(root, true);
  if (top.empty())
    throw file_error(root, "has no sub-folders (expected root/<class>/<images> or root/<domain>/<class>/<images>)");
  bool domain_layout = true;
  for (const auto& folder : top)
    domain_layout = domain_layout && !holds_images(folder) && !sorted_children(folder, true).empty();
  if (!domain_layout) {
    dataset.layout = "class folders";
    for (const auto& folder : top) dataset.class_ids.push_back(folder.filename().string());
    for (std::size_t label = 0; label < top.size(); ++label)
      add_class_folder(dataset, top[label], static_cast<int>(label), -1);
    return;
  }
  dataset.layout = "domain folders";
  std::set<std::string> classes;
  for (const auto& domain : top) {
    for (const auto& folder : sorted_children(domain, true)) classes.insert(folder.filename().string());
  }
  dataset.class_ids.assign(classes.begin(), classes.end());
  for (std::size_t d = 0; d < top.size(); ++d) {
    dataset.domains.push_back(top[d].filename().string());
    for (std::size_t label = 0; label < dataset.class_ids.size(); ++label) {
      const fs::path folder = top[d] / dataset.class_ids[label];
      if (fs::is_directory(folder)) add_class_folder(dataset, folder, static_cast<int>(label), static_cast<int>(d));
    }
  }
}

void load_manifest(ImageDataset& dataset, const fs::path& csv) {
  dataset.layout = "CSV manifest";
  const auto rows = read_delimited(csv, DelimitedFormat::Csv);
  const fs::path base = csv.parent_path();
  std::map<std::string, int> class_lookup, domain_lookup;
  std::set<fs::path> seen;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const std::string where = csv.filename().string() + ":" + std::to_string(row.line);
    if (r == 0 && !row.fields.empty() && row.fields[0] == "path") continue;  // header
    if (row.fields.size() < 2 || row.fields.size() > 3) {
      dataset.report.skip(where,
                          "expected path,label[,domain] but found " + std::to_string(row.fields.size()) + " fields");
      continue;
    }
    if (row.fields[0].empty() || row.fields[1].empty()) {
      dataset.report.skip(where, "empty path or label");
      continue;
    }
    const fs::path file = fs::path(row.fields[0]).is_absolute() ? fs::path(row.fields[0]) : base / row.fields[0];
    if (!fs::exists(file)) {
      dataset.report.skip(where, file.string() + " does not exist");
      continue;
    }
    if (!is_image_file(file)) {
      dataset.report.skip(where, file.string() + " is not an image file (unknown extension)");
      continue;
    }
    if (!seen.insert(fs::weakly_canonical(file)).second) {
      dataset.report.skip(where, file.string() + " is listed twice (duplicate)");
      continue;
    }
    ImageSample sample{file, class_index(dataset, class_lookup, row.fields[1]), -1};
    if (row.fields.size() == 3 && !row.fields[2].empty()) {
      const auto found = domain_lookup.find(row.fields[2]);
      if (found == domain_lookup.end()) {
        dataset.domains.push_back(row.fields[2]);
        sample.domain = domain_lookup[row.fields[2]] = static_cast<int>(dataset.domains.size()) - 1;
      } else {
        sample.domain = found->second;
      }
    }
    dataset.samples.push_back(sample);
  }
  // Labels in sorted order, as folder datasets have them, so the same classes get the same indices.
  std::vector<std::string> sorted = dataset.class_ids;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> remap(sorted.size());
  for (std::size_t old = 0; old < dataset.class_ids.size(); ++old) {
    remap[old] =
        static_cast<int>(std::lower_bound(sorted.begin(), sorted.end(), dataset.class_ids[old]) - sorted.begin());
  }
  for (auto& sample : dataset.samples) sample.label = remap[static_cast<std::size_t>(sample.label)];
  dataset.class_ids = sorted;
  if (!dataset.domains.empty()) {
    for (auto& sample : dataset.samples) {
      if (sample.domain < 0)
        throw file_error(csv, "some rows name a domain and others do not; give every row a domain or none");
    }
  }
}

// Applies a classes file: a selection/order of class ids, prompt names in label order, or "id<TAB>name" lines.
void apply_classes_file(ImageDataset& dataset, const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw file_error(file, fs::exists(file) ? "cannot be read" : "does not exist");
  std::vector<std::pair<std::string, std::string>> entries;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto tab = line.find('\t');
    if (tab != std::string::npos) {
      entries.push_back({line.substr(0, tab), line.substr(tab + 1)});
    } else {
      const auto last = line.find_last_not_of(" \t");
      entries.push_back({line.substr(first, last - first + 1), ""});
    }
  }
  if (entries.empty()) throw file_error(file, "lists no classes");
  std::map<std::string, int> index;
  for (std::size_t k = 0; k < dataset.class_ids.size(); ++k) index[dataset.class_ids[k]] = static_cast<int>(k);
  const bool all_ids =
      std::all_of(entries.begin(), entries.end(), [&](const auto& e) { return index.count(e.first) > 0; });
  const bool explicit_pairs =
      std::any_of(entries.begin(), entries.end(), [](const auto& e) { return !e.second.empty(); });
  if (!all_ids && !explicit_pairs) {
    if (entries.size() != dataset.class_ids.size()) {
      throw file_error(file, "lists " + std::to_string(entries.size()) + " names, but the data has " +
                                 std::to_string(dataset.class_ids.size()) +
                                 " classes and the names match none of them");
    }
    dataset.class_names.clear();
    for (const auto& entry : entries) dataset.class_names.push_back(entry.first);
    return;
  }
  std::vector<int> new_label(dataset.class_ids.size(), -1);
  std::vector<std::string> ids, names;
  for (const auto& [id, name] : entries) {
    const auto found = index.find(id);
    if (found == index.end()) throw file_error(file, "class '" + id + "' is not in the data");
    if (new_label[static_cast<std::size_t>(found->second)] >= 0)
      throw file_error(file, "class '" + id + "' is listed twice");
    new_label[static_cast<std::size_t>(found->second)] = static_cast<int>(ids.size());
    ids.push_back(id);
    names.push_back(name.empty() ? class_name_for_prompt(id) : name);
  }
  std::vector<ImageSample> kept;
  int dropped = 0;
  for (auto& sample : dataset.samples) {
    const int label = new_label[static_cast<std::size_t>(sample.label)];
    if (label < 0) {
      ++dropped;
      continue;
    }
    sample.label = label;
    kept.push_back(sample);
  }
  if (dropped)
    dataset.report.notes.push_back(std::to_string(dropped) + " images of classes not listed in " +
                                   file.filename().string() + " are not used");
  dataset.samples = std::move(kept);
  dataset.class_ids = ids;
  dataset.class_names = names;
}

}  // namespace

bool is_image_file(const fs::path& path) {
  static const std::set<std::string> extensions = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp",
                                                   ".ppm", ".pgm", ".pbm",  ".pnm", ".jp2", ".exr",  ".hdr"};
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return extensions.count(extension) > 0;
}

std::vector<int> ImageDataset::indices_of_domain(int domain) const {
  std::vector<int> indices;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (domain < 0 || samples[i].domain == domain) indices.push_back(static_cast<int>(i));
  }
  return indices;
}

std::vector<int> ImageDataset::counts_per_class(int domain) const {
  std::vector<int> counts(class_ids.size(), 0);
  for (const auto& sample : samples) {
    if (sample.label >= 0 && (domain < 0 || sample.domain == domain)) ++counts[static_cast<std::size_t>(sample.label)];
  }
  return counts;
}

ImageDataset load_image_dataset(const fs::path& root_or_csv, const ImageDatasetOptions& options) {
  if (!fs::exists(root_or_csv)) throw file_error(root_or_csv, "does not exist");
  ImageDataset dataset;
  if (fs::is_directory(root_or_csv)) {
    load_folders(dataset, root_or_csv);
  } else if (root_or_csv.extension() == ".csv") {
    load_manifest(dataset, root_or_csv);
  } else {
    throw file_error(root_or_csv, "is neither a folder of images nor a .csv manifest (path,label[,domain])");
  }
  for (const auto& id : dataset.class_ids) dataset.class_names.push_back(class_name_for_prompt(id));
  if (!options.classes_file.empty()) apply_classes_file(dataset, options.classes_file);
  if (dataset.class_ids.empty()) throw file_error(root_or_csv, "holds no labeled images");
  const auto counts = dataset.counts_per_class();
  for (std::size_t k = 0; k < counts.size(); ++k) {
    if (counts[k] == 0)
      throw file_error(root_or_csv, "class '" + dataset.class_ids[k] + "' has no images (empty class)");
  }
  return dataset;
}

}  // namespace promptune
