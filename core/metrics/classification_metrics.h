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
  double macro_f1 = 0.0;  ///< mean over classes with samples or predictions of 2PR/(P+R) (MRPC/QQP report F1)
  double matthews = 0.0;  ///< Matthews correlation, multi-class R_K (CoLA's metric); 0 when undefined
};

/// Macro-averaged F1 of a confusion matrix [true][predicted]; classes never seen nor predicted are left out.
double macro_f1_score(const std::vector<std::vector<int>>& confusion);
/// Matthews correlation coefficient of a confusion matrix (Gorodkin's R_K; the binary MCC for two classes), as
/// scikit-learn's matthews_corrcoef: 0 when a marginal is constant.
double matthews_correlation(const std::vector<std::vector<int>>& confusion);

/// `ranked[i]` holds sample i's classes best first (at least 1); `labels[i]` its true class.
ClassificationReport classification_report(const std::vector<std::vector<int>>& ranked, const std::vector<int>& labels,
                                           int class_count);

/// Plain-text table: class, samples, accuracy, one row per class, then the overall figures.
/// `unit` names the samples ("images", "texts"); `agreement` adds macro-F1 and the Matthews correlation.
std::string format_report(const ClassificationReport& report, const std::vector<std::string>& class_names,
                          const std::string& unit = "images", bool agreement = false);

}  // namespace promptune
