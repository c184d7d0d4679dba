#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/data/load_report.h"

namespace promptune {

/// One text example: a sentence, or a sentence pair for NLI-style tasks.
struct TextSample {
  std::string text_a;
  std::string text_b;  ///< empty for single-sentence tasks
  int label = -1;      ///< index into class_ids; -1 when the data has no label
  int line = 0;        ///< line in the source file, for messages
};

struct TextDataset {
  std::vector<std::string> class_ids;  ///< label values as written in the data, label order
  std::vector<TextSample> samples;
  bool pairs = false;  ///< sentence pairs (text_b used)
  LoadReport report;
  std::string format;  ///< "CSV", "TSV" or "JSONL"

  std::vector<int> counts_per_class() const;
};

/// How to read a table of text. Columns are names (with a header) or 0-based indices.
struct TextDatasetOptions {
  std::string text_column;   ///< default: text / sentence / sentence1 / premise, else column 1 (LM-BFF CSV)
  std::string pair_column;   ///< default: text_b / sentence2 / hypothesis when present; "" for none
  std::string label_column;  ///< default: label / gold_label, else column 0 (LM-BFF CSV)
  enum class Header { Auto, Yes, No } header = Header::Auto;  ///< Auto: yes when the first row names a known column
  std::vector<std::string> classes;  ///< label values in label order; default: sorted distinct labels
  bool labeled = true;               ///< false: the label column is optional (unlabeled target text)
};

/// Loads CSV (RFC 4180), TSV (GLUE style, no quoting) or JSONL ({"text": .., "label": ..} and pair keys).
/// Rows that are not UTF-8, lack a column, hold an unknown label or are empty are listed in the report and skipped.
TextDataset load_text_dataset(const std::filesystem::path& file, const TextDatasetOptions& options = {});

}  // namespace promptune
