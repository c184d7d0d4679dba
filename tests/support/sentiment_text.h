#pragma once

// A sentiment task generated from a small grammar, written as the CSV files users bring (label,text), and the
// vocabulary a tiny BERT needs for it.

#include <random>
#include <string>
#include <vector>

#include "tests/support/temporary_folder.h"

namespace promptune::testing {

inline const std::vector<std::string>& positive_words() {
  static const std::vector<std::string> words = {"good", "fun", "lovely", "superb", "charming", "moving"};
  return words;
}
inline const std::vector<std::string>& negative_words() {
  static const std::vector<std::string> words = {"bad", "dull", "awful", "boring", "clumsy", "tedious"};
  return words;
}

/// Words of the grammar plus the label words and template words, for a WordPiece vocabulary.
inline std::vector<std::string> sentiment_vocabulary() {
  std::vector<std::string> words = {"the",   "movie", "film", "plot",  "acting",   "was", "and", "really",
                                    "quite", "it",    ".",    "great", "terrible", "n",   "/",   "a"};
  for (const auto& word : positive_words()) words.push_back(word);
  for (const auto& word : negative_words()) words.push_back(word);
  return words;
}

/// `count` sentences "the film was dull and the plot was awful ." with label 0 (negative) or 1 (positive), as a
/// CSV file with header label,text.
inline std::filesystem::path write_sentiment_csv(const TemporaryFolder& folder, const std::string& name, int count,
                                                 std::uint32_t seed) {
  std::mt19937 random(seed);
  const std::vector<std::string> subjects = {"movie", "film", "plot", "acting"};
  const std::vector<std::string> adverbs = {"", "really ", "quite "};
  std::string csv = "label,text\n";
  for (int i = 0; i < count; ++i) {
    const int label = i % 2;
    const auto& words = label == 1 ? positive_words() : negative_words();
    auto pick = [&](const std::vector<std::string>& list) { return list[random() % list.size()]; };
    csv += std::to_string(label) + ",the " + pick(subjects) + " was " + pick(adverbs) + pick(words) + " and the " +
           pick(subjects) + " was " + pick(words) + " .\n";
  }
  return folder.write(name, csv);
}

}  // namespace promptune::testing
