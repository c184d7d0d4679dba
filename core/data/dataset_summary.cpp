#include "core/data/dataset_summary.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/data/delimited_reader.h"

namespace promptune {
namespace {

void append_report(std::ostringstream& out, const LoadReport& report) {
  if (!report.skipped.empty()) {
    out << "\nSkipped " << report.skipped.size() << " item(s):\n";
    for (const auto& item : report.skipped) out << "  " << item.where << ": " << item.reason << '\n';
  }
  for (const auto& note : report.notes) out << "Note: " << note << '\n';
}

std::size_t widest(const std::vector<std::string>& names, std::size_t minimum) {
  std::size_t width = minimum;
  for (const auto& name : names) width = std::max(width, name.size());
  return width;
}

}  // namespace

bool is_image_manifest(const std::filesystem::path& file) {
  if (file.extension() != ".csv") return false;
  const auto rows = read_delimited(file, DelimitedFormat::Csv);
  if (rows.empty() || rows.front().fields.empty()) return false;
  const std::string& first = rows.front().fields.front();
  if (first == "path") return true;
  const std::filesystem::path candidate =
      std::filesystem::path(first).is_absolute() ? std::filesystem::path(first) : file.parent_path() / first;
  return is_image_file(candidate) && std::filesystem::exists(candidate);
}

std::string summarize(const ImageDataset& dataset) {
  std::ostringstream out;
  out << "Image dataset (" << dataset.layout << "): " << dataset.samples.size() << " images, "
      << dataset.class_ids.size() << " classes";
  if (!dataset.domains.empty()) out << ", " << dataset.domains.size() << " domains";
  out << "\n\n";
  const int width = static_cast<int>(widest(dataset.class_names, 5));
  char line[1024];
  std::snprintf(line, sizeof(line), "%-*s", width, "class");
  out << line;
  if (dataset.domains.empty()) {
    out << "  images\n";
  } else {
    for (const auto& domain : dataset.domains) out << "  " << domain;
    out << "  total\n";
  }
  std::vector<std::vector<int>> counts;
  for (std::size_t d = 0; d < dataset.domains.size(); ++d)
    counts.push_back(dataset.counts_per_class(static_cast<int>(d)));
  const auto totals = dataset.counts_per_class();
  for (std::size_t k = 0; k < dataset.class_ids.size(); ++k) {
    std::snprintf(line, sizeof(line), "%-*s", width, dataset.class_names[k].c_str());
    out << line;
    for (std::size_t d = 0; d < counts.size(); ++d) {
      std::snprintf(line, sizeof(line), "  %*d", static_cast<int>(dataset.domains[d].size()), counts[d][k]);
      out << line;
    }
    std::snprintf(line, sizeof(line), "  %6d\n", totals[k]);
    out << line;
  }
  append_report(out, dataset.report);
  return out.str();
}

std::string summarize(const TextDataset& dataset) {
  std::ostringstream out;
  out << "Text dataset (" << dataset.format << (dataset.pairs ? ", sentence pairs" : "")
      << "): " << dataset.samples.size() << " examples, " << dataset.class_ids.size() << " classes\n\n";
  const int width = static_cast<int>(widest(dataset.class_ids, 5));
  char line[1024];
  std::snprintf(line, sizeof(line), "%-*s  examples\n", width, "label");
  out << line;
  const auto counts = dataset.counts_per_class();
  for (std::size_t k = 0; k < dataset.class_ids.size(); ++k) {
    std::snprintf(line, sizeof(line), "%-*s  %8d\n", width, dataset.class_ids[k].c_str(), counts[k]);
    out << line;
  }
  if (!dataset.samples.empty()) {
    out << "\nFirst example: " << dataset.samples.front().text_a.substr(0, 120);
    if (!dataset.samples.front().text_b.empty()) out << " || " << dataset.samples.front().text_b.substr(0, 80);
    out << '\n';
  }
  append_report(out, dataset.report);
  return out.str();
}

}  // namespace promptune
