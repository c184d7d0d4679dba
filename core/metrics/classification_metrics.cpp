#include "core/metrics/classification_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/util/error.h"

namespace promptune {

ClassificationReport classification_report(const std::vector<std::vector<int>>& ranked, const std::vector<int>& labels,
                                           int class_count) {
  if (ranked.size() != labels.size()) throw Error("predictions and labels differ in count");
  ClassificationReport report;
  report.samples = static_cast<int>(labels.size());
  report.per_class_count.assign(static_cast<std::size_t>(class_count), 0);
  report.confusion.assign(static_cast<std::size_t>(class_count),
                          std::vector<int>(static_cast<std::size_t>(class_count), 0));
  std::vector<int> correct(static_cast<std::size_t>(class_count), 0);
  int top1 = 0, top5 = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const int label = labels[i];
    if (label < 0 || label >= class_count || ranked[i].empty()) throw Error("invalid label or empty prediction");
    const int predicted = ranked[i].front();
    ++report.per_class_count[static_cast<std::size_t>(label)];
    ++report.confusion[static_cast<std::size_t>(label)][static_cast<std::size_t>(predicted)];
    if (predicted == label) ++top1, ++correct[static_cast<std::size_t>(label)];
    const auto end = ranked[i].begin() + std::min<std::size_t>(5, ranked[i].size());
    if (std::find(ranked[i].begin(), end, label) != end) ++top5;
  }
  if (report.samples > 0) {
    report.top1 = static_cast<double>(top1) / report.samples;
    if (class_count >= 5) report.top5 = static_cast<double>(top5) / report.samples;
  }
  report.macro_f1 = macro_f1_score(report.confusion);
  report.matthews = matthews_correlation(report.confusion);
  for (int k = 0; k < class_count; ++k) {
    const int count = report.per_class_count[static_cast<std::size_t>(k)];
    report.per_class_accuracy.push_back(count ? static_cast<double>(correct[static_cast<std::size_t>(k)]) / count
                                              : -1.0);
  }
  return report;
}

double macro_f1_score(const std::vector<std::vector<int>>& confusion) {
  const std::size_t classes = confusion.size();
  double sum = 0.0;
  int counted = 0;
  for (std::size_t k = 0; k < classes; ++k) {
    long long true_positive = confusion[k][k], actual = 0, predicted = 0;
    for (std::size_t j = 0; j < classes; ++j) actual += confusion[k][j], predicted += confusion[j][k];
    if (actual == 0 && predicted == 0) continue;
    sum += 2.0 * static_cast<double>(true_positive) / static_cast<double>(actual + predicted);
    ++counted;
  }
  return counted ? sum / counted : 0.0;
}

double matthews_correlation(const std::vector<std::vector<int>>& confusion) {
  const std::size_t classes = confusion.size();
  double correct = 0.0, samples = 0.0, products = 0.0, predicted_squares = 0.0, actual_squares = 0.0;
  for (std::size_t k = 0; k < classes; ++k) {
    double actual = 0.0, predicted = 0.0;
    for (std::size_t j = 0; j < classes; ++j) actual += confusion[k][j], predicted += confusion[j][k];
    correct += confusion[k][k];
    samples += actual;
    products += actual * predicted;
    predicted_squares += predicted * predicted;
    actual_squares += actual * actual;
  }
  const double denominator =
      std::sqrt(samples * samples - predicted_squares) * std::sqrt(samples * samples - actual_squares);
  return denominator > 0.0 ? (correct * samples - products) / denominator : 0.0;
}

std::string format_report(const ClassificationReport& report, const std::vector<std::string>& class_names,
                          const std::string& unit, bool agreement) {
  std::ostringstream out;
  std::size_t width = 5;
  for (const auto& name : class_names) width = std::max(width, name.size());
  char line[512];
  std::snprintf(line, sizeof(line), "%-*s  %7s  %8s\n", static_cast<int>(width), "class", "samples", "accuracy");
  out << line;
  for (std::size_t k = 0; k < class_names.size(); ++k) {
    const double accuracy = report.per_class_accuracy[k];
    if (accuracy < 0) {
      std::snprintf(line, sizeof(line), "%-*s  %7d  %8s\n", static_cast<int>(width), class_names[k].c_str(), 0, "-");
    } else {
      std::snprintf(line, sizeof(line), "%-*s  %7d  %7.2f%%\n", static_cast<int>(width), class_names[k].c_str(),
                    report.per_class_count[k], 100.0 * accuracy);
    }
    out << line;
  }
  std::snprintf(line, sizeof(line), "top-1 accuracy: %.2f%% (%d %s)\n", 100.0 * report.top1, report.samples,
                unit.c_str());
  out << line;
  if (agreement) {
    std::snprintf(line, sizeof(line), "macro F1: %.2f%%\nMatthews correlation: %.4f\n", 100.0 * report.macro_f1,
                  report.matthews);
    out << line;
  }
  if (report.top5 >= 0) {
    std::snprintf(line, sizeof(line), "top-5 accuracy: %.2f%%\n", 100.0 * report.top5);
    out << line;
  }
  return out.str();
}

}  // namespace promptune
