#pragma once

#include <string>
#include <vector>

namespace promptune {

/// One item a loader skipped, and why ("photos/cat/3.jpg" / "train.tsv:17", "cannot be decoded").
struct SkippedItem {
  std::string where;
  std::string reason;
};

/// What a dataset loader did not use. Nothing is dropped silently: every skipped file or row is listed here and
/// shown by `promptune-cli dataset` and the Dataset panel.
struct LoadReport {
  std::vector<SkippedItem> skipped;
  std::vector<std::string>
      notes;  ///< facts worth knowing that skipped nothing (e.g. "labels of target data are used for evaluation only")

  void skip(std::string where, std::string reason) { skipped.push_back({std::move(where), std::move(reason)}); }
};

}  // namespace promptune
