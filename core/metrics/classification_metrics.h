#pragma once

#include <string>
#include <vector>

namespace promptune {

/// Accuracy figures of one evaluation.
struct ClassificationReport {
  double top1 = 0.0;                        ///< fraction in [0, 1]
  double top5 = -1.0;                       ///< fraction, or -1 when there are fewer than 5 classes
  std::vector<double> per_class_accuracy;   ///< per class, -1 for classes with no sample
  std::vector<int> per_class_count;         ///< samples per class
  std::vector<std::vector<int>> confusion;  ///< [true][predicted] counts
  int samples = 0;
};

/// `ranked[i]` holds sample i's classes best first (at least 1); `labels[i]` its true class.
ClassificationReport classification_report(const std::vector<std::vector<int>>& ranked, const std::vector<int>& labels,
                                           int class_count);

/// Plain-text table: class, samples, accuracy, one row per class, then the overall figures.
std::string format_report(const ClassificationReport& report, const std::vector<std::string>& class_names);

}  // namespace promptune
