#include "core/data/text_dataset.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/data/delimited_reader.h"
#include "core/text/unicode.h"
#include "core/util/error.h"

namespace promptune {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kTextNames = {"text",    "sentence", "text_a",   "sentence1",
                                             "premise", "question", "question1"};
const std::vector<std::string> kPairNames = {"text_b", "sentence2", "hypothesis", "question2"};
const std::vector<std::string> kLabelNames = {"label", "gold_label", "labels"};

bool is_index(const std::string& column) {
  return !column.empty() && std::all_of(column.begin(), column.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Index of `column` (a name or an index), or of the first known name; -1 when absent.
int resolve_column(const std::string& column, const std::vector<std::string>& header,
                   const std::vector<std::string>& known, int fallback, const fs::path& file, const char* role) {
  if (is_index(column)) {
    if (column.size() > 6) throw file_error(file, std::string("has no ") + role + " column " + column);
    return std::stoi(column);
  }
  if (!column.empty()) {
    const auto found = std::find(header.begin(), header.end(), column);
    if (found == header.end()) throw file_error(file, std::string("has no ") + role + " column named '" + column + "'");
    return static_cast<int>(found - header.begin());
  }
  for (const auto& name : known) {
    const auto found = std::find(header.begin(), header.end(), name);
    if (found != header.end()) return static_cast<int>(found - header.begin());
  }
  return header.empty() ? fallback : -1;
}

// a < b for integers written in decimal, of any length: labels are user data ("99999999999999999999" would
// overflow a conversion).
bool integer_less(const std::string& a, const std::string& b) {
  const bool negative_a = a[0] == '-', negative_b = b[0] == '-';
  if (negative_a != negative_b) return negative_a;
  const auto magnitude = [](const std::string& v) {
    std::size_t start = v[0] == '-' ? 1 : 0;
    while (start + 1 < v.size() && v[start] == '0') ++start;
    return v.substr(start);
  };
  const std::string x = magnitude(a), y = magnitude(b);
  if (x == y) return a < b;  // "-0" and "0", "007" and "7": any fixed order
  const bool smaller = x.size() != y.size() ? x.size() < y.size() : x < y;
  return negative_a ? !smaller : smaller;
}

// Orders label values: numerically when all are integers, else lexicographically.
std::vector<std::string> ordered_labels(const std::set<std::string>& values) {
  std::vector<std::string> labels(values.begin(), values.end());
  const bool numeric = std::all_of(labels.begin(), labels.end(), [](const std::string& v) {
    const std::size_t sign = !v.empty() && v[0] == '-' ? 1 : 0;
    return v.size() > sign && std::all_of(v.begin() + static_cast<std::ptrdiff_t>(sign), v.end(),
                                          [](unsigned char c) { return std::isdigit(c); });
  });
  if (numeric) std::sort(labels.begin(), labels.end(), integer_less);
  return labels;
}

struct RawRow {
  int line;
  std::string text_a, text_b, label;
  bool has_label;
};

std::string json_field(const nlohmann::json& row, const std::string& chosen, const std::vector<std::string>& known) {
  const auto read = [&](const std::string& key) -> std::string {
    const auto& value = row.at(key);
    if (value.is_array() || value.is_object()) return std::string("\x01nested");
    return value.is_string() ? value.get<std::string>() : value.dump();
  };
  if (!chosen.empty()) return row.contains(chosen) ? read(chosen) : std::string("\x01missing");
  for (const auto& key : known) {
    if (row.contains(key)) return read(key);
  }
  return "\x01missing";
}

std::vector<RawRow> read_jsonl(const fs::path& file, const TextDatasetOptions& options, LoadReport& report) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw file_error(file, fs::exists(file) ? "cannot be read" : "does not exist");
  std::vector<RawRow> rows;
  std::string line;
  int number = 0;
  const std::string where = file.filename().string() + ":";
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (!unicode::is_valid_utf8(line)) {
      report.skip(where + std::to_string(number), "not valid UTF-8");
      continue;
    }
    nlohmann::json row;
    try {
      row = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception&) {
      report.skip(where + std::to_string(number), "not a JSON object");
      continue;
    }
    if (!row.is_object()) {
      report.skip(where + std::to_string(number), "not a JSON object");
      continue;
    }
    RawRow raw{number, json_field(row, options.text_column, kTextNames), "",
               json_field(row, options.label_column, kLabelNames), true};
    const std::string pair = json_field(row, options.pair_column, kPairNames);
    if (pair != "\x01missing") raw.text_b = pair;
    if (raw.text_a == "\x01missing") {
      report.skip(where + std::to_string(number), "has no text field");
      continue;
    }
    if (raw.text_a == "\x01nested" || raw.label == "\x01nested" || pair == "\x01nested") {
      report.skip(where + std::to_string(number),
                  "holds a list or an object where a text or a label belongs (strings and numbers are read)");
      continue;
    }
    raw.has_label = raw.label != "\x01missing" && raw.label != "null";
    rows.push_back(raw);
  }
  return rows;
}

std::vector<RawRow> read_table(const fs::path& file, DelimitedFormat format, const TextDatasetOptions& options,
                               LoadReport& report) {
  auto table = read_delimited(file, format);
  std::vector<std::string> header;
  if (!table.empty()) {
    const auto& first = table.front().fields;
    bool known = false;
    for (const auto& names : {kTextNames, kPairNames, kLabelNames}) {
      for (const auto& name : names) known = known || std::find(first.begin(), first.end(), name) != first.end();
    }
    const bool named_columns = !is_index(options.text_column) && !options.text_column.empty();
    const bool has_header = options.header == TextDatasetOptions::Header::Yes ||
                            (options.header == TextDatasetOptions::Header::Auto && (known || named_columns));
    if (has_header) {
      header = first;
      table.erase(table.begin());
    }
  }
  const int text = resolve_column(options.text_column, header, kTextNames, 1, file, "text");
  const int label = resolve_column(options.label_column, header, kLabelNames, 0, file, "label");
  const int pair = options.pair_column.empty() && header.empty()
                       ? -1
                       : resolve_column(options.pair_column, header, kPairNames, -1, file, "pair");
  if (text < 0) throw file_error(file, "has no text column (name one with the text column option)");
  if (label < 0 && options.labeled)
    throw file_error(file, "has no label column (name one with the label column option)");
  std::vector<RawRow> rows;
  const std::string where = file.filename().string() + ":";
  for (const auto& row : table) {
    const auto width = static_cast<int>(row.fields.size());
    if (text >= width || (pair >= 0 && pair >= width) || (label >= 0 && label >= width && options.labeled)) {
      report.skip(where + std::to_string(row.line), "has " + std::to_string(width) + " columns, fewer than needed");
      continue;
    }
    RawRow raw{row.line, row.fields[static_cast<std::size_t>(text)],
               pair >= 0 ? row.fields[static_cast<std::size_t>(pair)] : "",
               label >= 0 && label < width ? row.fields[static_cast<std::size_t>(label)] : "",
               label >= 0 && label < width};
    if (!unicode::is_valid_utf8(raw.text_a) || !unicode::is_valid_utf8(raw.text_b) ||
        !unicode::is_valid_utf8(raw.label)) {
      report.skip(where + std::to_string(row.line), "not valid UTF-8 (save the file as UTF-8)");
      continue;
    }
    rows.push_back(raw);
  }
  return rows;
}

}  // namespace

std::vector<int> TextDataset::counts_per_class() const {
  std::vector<int> counts(class_ids.size(), 0);
  for (const auto& sample : samples) {
    if (sample.label >= 0) ++counts[static_cast<std::size_t>(sample.label)];
  }
  return counts;
}

TextDataset load_text_dataset(const fs::path& file, const TextDatasetOptions& options) {
  if (!fs::exists(file)) throw file_error(file, "does not exist");
  TextDataset dataset;
  const std::string extension = file.extension().string();
  std::vector<RawRow> rows;
  if (extension == ".jsonl" || extension == ".json") {
    dataset.format = "JSONL";
    rows = read_jsonl(file, options, dataset.report);
  } else if (extension == ".csv" || extension == ".tsv" || extension == ".tab" || extension == ".txt") {
    const DelimitedFormat format = delimited_format_of(file);
    dataset.format = format == DelimitedFormat::Csv ? "CSV" : "TSV";
    rows = read_table(file, format, options, dataset.report);
  } else {
    throw file_error(file, "has an unknown text format (use .csv, .tsv or .jsonl)");
  }
  std::set<std::string> label_values;
  for (const auto& row : rows) {
    if (row.has_label && !row.label.empty()) label_values.insert(row.label);
  }
  dataset.class_ids = options.classes.empty() ? ordered_labels(label_values) : options.classes;
  std::map<std::string, int> index;
  for (std::size_t k = 0; k < dataset.class_ids.size(); ++k) index[dataset.class_ids[k]] = static_cast<int>(k);
  const std::string where = file.filename().string() + ":";
  for (const auto& row : rows) {
    if (row.text_a.find_first_not_of(" \t") == std::string::npos) {
      dataset.report.skip(where + std::to_string(row.line), "empty text");
      continue;
    }
    TextSample sample{row.text_a, row.text_b, -1, row.line};
    if (row.has_label && !row.label.empty()) {
      const auto found = index.find(row.label);
      if (found == index.end()) {
        dataset.report.skip(where + std::to_string(row.line), "unknown label '" + row.label + "'");
        continue;
      }
      sample.label = found->second;
    } else if (options.labeled) {
      dataset.report.skip(where + std::to_string(row.line), "has no label");
      continue;
    }
    dataset.pairs = dataset.pairs || !sample.text_b.empty();
    dataset.samples.push_back(std::move(sample));
  }
  if (dataset.samples.empty())
    throw file_error(file, "holds no usable rows (" + std::to_string(dataset.report.skipped.size()) + " skipped)");
  if (options.labeled) {
    const auto counts = dataset.counts_per_class();
    for (std::size_t k = 0; k < counts.size(); ++k) {
      if (counts[k] == 0) dataset.report.notes.push_back("class '" + dataset.class_ids[k] + "' has no examples");
    }
  }
  return dataset;
}

}  // namespace promptune
