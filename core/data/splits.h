#pragma once

#include <cstdint>
#include <vector>

namespace promptune {

/// K-shot subset as in the CoOp protocol: for each class, K of its candidates drawn without replacement (all of
/// them when it has fewer), with a seeded generator whose output is fixed by the C++ standard, so the same seed
/// gives the same subset on every machine. Returns indices into `labels`, sorted. `labels[i] < 0` never drawn.
std::vector<int> sample_few_shot(const std::vector<int>& labels, const std::vector<int>& candidates, int shots,
                                 std::uint64_t seed);

/// A stratified train/validation split of `candidates`.
struct TrainValidationSplit {
  std::vector<int> train;
  std::vector<int> validation;
};

/// Puts round(fraction x n_k) of each class k into validation (at least one when the class has two or more
/// items, never all of them), seeded as above.
TrainValidationSplit stratified_split(const std::vector<int>& labels, const std::vector<int>& candidates,
                                      double validation_fraction, std::uint64_t seed);

/// Unlabeled target data for unsupervised methods (POUF). Training code sees indices only; the labels, when the
/// data has them, are reachable through evaluation_labels() alone, which only evaluation calls. A test scrambles
/// them to prove training never reads them.
class UnlabeledTarget {
 public:
  UnlabeledTarget(std::vector<int> indices, std::vector<int> labels_for_evaluation);
  const std::vector<int>& indices() const { return indices_; }
  bool has_labels_for_evaluation() const { return has_labels_; }
  /// Labels aligned with indices(), -1 where unknown. For accuracy curves only: never for training or selection.
  const std::vector<int>& evaluation_labels() const { return labels_; }

 private:
  std::vector<int> indices_;
  std::vector<int> labels_;
  bool has_labels_ = false;
};

}  // namespace promptune
