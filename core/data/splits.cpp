#include "core/data/splits.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/data/seeded_random.h"
#include "core/util/error.h"

namespace promptune {
namespace {

std::map<int, std::vector<int>> by_class(const std::vector<int>& labels, const std::vector<int>& candidates) {
  std::map<int, std::vector<int>> groups;
  for (int index : candidates) {
    if (index < 0 || index >= static_cast<int>(labels.size()))
      throw Error("sample index " + std::to_string(index) + " is out of range");
    if (labels[static_cast<std::size_t>(index)] >= 0) groups[labels[static_cast<std::size_t>(index)]].push_back(index);
  }
  for (auto& [label, group] : groups) std::sort(group.begin(), group.end());
  return groups;
}

}  // namespace

std::vector<int> sample_few_shot(const std::vector<int>& labels, const std::vector<int>& candidates, int shots,
                                 std::uint64_t seed) {
  if (shots < 1) throw Error("the number of shots must be at least 1, got " + std::to_string(shots));
  std::vector<int> chosen;
  for (auto& [label, group] : by_class(labels, candidates)) {
    SeededRandom random = SeededRandom::derive(seed, static_cast<std::uint64_t>(label), 0x5107);
    random.shuffle(group);
    chosen.insert(chosen.end(), group.begin(),
                  group.begin() + std::min<std::size_t>(group.size(), static_cast<std::size_t>(shots)));
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

TrainValidationSplit stratified_split(const std::vector<int>& labels, const std::vector<int>& candidates,
                                      double validation_fraction, std::uint64_t seed) {
  if (validation_fraction < 0.0 || validation_fraction >= 1.0) {
    throw Error("the validation fraction must be in [0, 1), got " + std::to_string(validation_fraction));
  }
  TrainValidationSplit split;
  for (auto& [label, group] : by_class(labels, candidates)) {
    SeededRandom random = SeededRandom::derive(seed, static_cast<std::uint64_t>(label), 0x7a1);
    random.shuffle(group);
    std::size_t validation = static_cast<std::size_t>(std::lround(validation_fraction * group.size()));
    if (validation_fraction > 0 && validation == 0 && group.size() >= 2) validation = 1;
    validation = std::min(validation, group.size() - 1);
    split.validation.insert(split.validation.end(), group.begin(), group.begin() + validation);
    split.train.insert(split.train.end(), group.begin() + validation, group.end());
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.validation.begin(), split.validation.end());
  return split;
}

UnlabeledTarget::UnlabeledTarget(std::vector<int> indices, std::vector<int> labels_for_evaluation)
    : indices_(std::move(indices)), labels_(std::move(labels_for_evaluation)) {
  if (labels_.empty()) labels_.assign(indices_.size(), -1);
  if (labels_.size() != indices_.size()) throw Error("target labels and indices differ in count");
  has_labels_ = std::any_of(labels_.begin(), labels_.end(), [](int label) { return label >= 0; });
}

}  // namespace promptune
