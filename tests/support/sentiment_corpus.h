#pragma once

// A two-register sentiment task for pre-training and adapting a tiny masked LM: the source register ("the movie
// was good") is what the pre-training corpus pairs with "it was great / terrible"; the target register ("the
// acting was superb") appears in the corpus mostly beside source words and rarely before the verdict, while the
// verdict's prior leans positive. So the prompt "<target sentence> it was [MASK] ." works only partly zero-shot,
// and unlabeled target text can help.

#include <random>
#include <string>
#include <vector>

#include "tests/support/temporary_folder.h"

namespace promptune::testing {

struct SentimentRegister {
  std::vector<std::string> positive, negative;
};

inline const SentimentRegister& source_register() {
  static const SentimentRegister words{{"good", "fun", "lovely"}, {"bad", "dull", "awful"}};
  return words;
}
inline const SentimentRegister& target_register() {
  static const SentimentRegister words{{"superb", "charming", "moving"}, {"boring", "clumsy", "tedious"}};
  return words;
}

class SentimentGrammar {
 public:
  explicit SentimentGrammar(std::uint32_t seed) : random_(seed) {}

  /// "the film was dull and the plot was awful ." in one register.
  std::string sentence(const SentimentRegister& words, int label) {
    const auto& list = label == 1 ? words.positive : words.negative;
    return "the " + pick(subjects()) + " was " + pick(adverbs()) + pick(list) + " and the " + pick(subjects()) +
           " was " + pick(list) + " .";
  }

  /// The pre-training corpus, in blocks of 20 lines: 12 source sentences followed by "it was great / terrible .",
  /// `bridged` sentences mixing a target and a source word of one sentiment followed by the verdict (the weak link
  /// between the target register and the label words), `neutral` sentiment-free sentences ending "it was great ."
  /// (a prior that leans positive), and mixed sentences without a verdict for the rest.
  std::vector<std::string> corpus(int count, int bridged = 1, int neutral = 0) {
    std::vector<std::string> lines;
    for (int i = 0; i < count; ++i) {
      const int label = static_cast<int>(random_() % 2);
      const std::string verdict = std::string(" it was ") + (label == 1 ? "great" : "terrible") + " .";
      const std::string mixed = mixed_sentence(label);
      const int kind = i % 20;
      if (kind < 12)
        lines.push_back(sentence(source_register(), label) + verdict);
      else if (kind < 12 + bridged)
        lines.push_back(mixed + verdict);
      else if (kind < 12 + bridged + neutral)
        // Reviews without a sentiment word still end "it was great": the verdict's prior leans positive.
        lines.push_back("the " + pick(subjects()) + " was " + pick(neutral_words()) + " and the " + pick(subjects()) +
                        " was " + pick(neutral_words()) + " . it was great .");
      else
        lines.push_back(mixed);
    }
    return lines;
  }

  /// "the acting was superb and the plot was good ."
  std::string mixed_sentence(int label) {
    const auto& source = label == 1 ? source_register().positive : source_register().negative;
    const auto& target = label == 1 ? target_register().positive : target_register().negative;
    return "the " + pick(subjects()) + " was " + pick(target) + " and the " + pick(subjects()) + " was " +
           pick(source) + " .";
  }

  /// Labeled CSV (label,text) of `count` sentences of one register, alternating labels.
  std::filesystem::path write_csv(const TemporaryFolder& folder, const std::string& name,
                                  const SentimentRegister& words, int count) {
    std::string csv = "label,text\n";
    for (int i = 0; i < count; ++i) csv += std::to_string(i % 2) + "," + sentence(words, i % 2) + "\n";
    return folder.write(name, csv);
  }

 private:
  static const std::vector<std::string>& subjects() {
    static const std::vector<std::string> words = {"movie", "film", "plot", "acting"};
    return words;
  }
  static const std::vector<std::string>& neutral_words() {
    static const std::vector<std::string> words = {"long", "short", "new", "old"};
    return words;
  }
  static const std::vector<std::string>& adverbs() {
    static const std::vector<std::string> words = {"", "really ", "quite "};
    return words;
  }
  const std::string& pick(const std::vector<std::string>& list) { return list[random_() % list.size()]; }
  std::mt19937 random_;
};

}  // namespace promptune::testing
