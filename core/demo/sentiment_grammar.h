#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace promptune {

// The demo's text task: movie-review sentences from a small grammar in two registers. The source register
// ("the movie was good") is what a pre-training corpus pairs with the verdict "it was great / terrible"; the target
// register ("the acting was superb") appears there mostly beside source words and rarely before the verdict, while
// the verdict's prior leans positive. So the prompt "<target sentence> it was [MASK] ." works only partly
// zero-shot, and unlabeled target text can help.

struct SentimentRegister {
  std::vector<std::string> positive, negative;
};
const SentimentRegister& source_register();
const SentimentRegister& target_register();

class SentimentGrammar {
 public:
  explicit SentimentGrammar(std::uint32_t seed) : random_(seed) {}

  /// "the film was dull and the plot was awful ." in one register; label 1 positive, 0 negative.
  std::string sentence(const SentimentRegister& words, int label);
  /// "the acting was superb and the plot was good ." (one target and one source word of a sentiment)
  std::string mixed_sentence(int label);
  /// The pre-training corpus, in blocks of 20 lines: 12 source sentences followed by "it was great / terrible .",
  /// `bridged` mixed sentences followed by the verdict (the weak link between the target register and the label
  /// words), `neutral` sentiment-free sentences ending "it was great ." (a prior that leans positive), and mixed
  /// sentences without a verdict for the rest.
  std::vector<std::string> corpus(int count, int bridged = 1, int neutral = 0);
  /// A labeled CSV (header label,text) of `count` sentences of one register, labels alternating 0, 1.
  std::string labeled_csv(const SentimentRegister& words, int count);

 private:
  const std::string& pick(const std::vector<std::string>& list) { return list[random_() % list.size()]; }
  std::mt19937 random_;
};

}  // namespace promptune
