#include "core/demo/sentiment_grammar.h"

namespace promptune {

namespace {

const std::vector<std::string>& subjects() {
  static const std::vector<std::string> words = {"movie", "film", "plot", "acting"};
  return words;
}
const std::vector<std::string>& neutral_words() {
  static const std::vector<std::string> words = {"long", "short", "new", "old"};
  return words;
}
const std::vector<std::string>& adverbs() {
  static const std::vector<std::string> words = {"", "really ", "quite "};
  return words;
}

}  // namespace

const SentimentRegister& source_register() {
  static const SentimentRegister words{{"good", "fun", "lovely"}, {"bad", "dull", "awful"}};
  return words;
}

const SentimentRegister& target_register() {
  static const SentimentRegister words{{"superb", "charming", "moving"}, {"boring", "clumsy", "tedious"}};
  return words;
}

std::string SentimentGrammar::sentence(const SentimentRegister& words, int label) {
  const auto& list = label == 1 ? words.positive : words.negative;
  // Separate statements: the order of the draws is part of what a seed means.
  std::string text = "the " + pick(subjects());
  text += " was " + pick(adverbs());
  text += pick(list);
  text += " and the " + pick(subjects());
  text += " was " + pick(list);
  return text + " .";
}

std::string SentimentGrammar::mixed_sentence(int label) {
  const auto& source = label == 1 ? source_register().positive : source_register().negative;
  const auto& target = label == 1 ? target_register().positive : target_register().negative;
  std::string text = "the " + pick(subjects());
  text += " was " + pick(target);
  text += " and the " + pick(subjects());
  text += " was " + pick(source);
  return text + " .";
}

std::vector<std::string> SentimentGrammar::corpus(int count, int bridged, int neutral) {
  std::vector<std::string> lines;
  for (int i = 0; i < count; ++i) {
    const int label = static_cast<int>(random_() % 2);
    const std::string verdict = std::string(" it was ") + (label == 1 ? "great" : "terrible") + " .";
    const std::string mixed = mixed_sentence(label);
    const int kind = i % 20;
    if (kind < 12) {
      lines.push_back(sentence(source_register(), label) + verdict);
    } else if (kind < 12 + bridged) {
      lines.push_back(mixed + verdict);
    } else if (kind < 12 + bridged + neutral) {
      std::string text = "the " + pick(subjects());
      text += " was " + pick(neutral_words());
      text += " and the " + pick(subjects());
      text += " was " + pick(neutral_words());
      lines.push_back(text + " . it was great .");
    } else {
      lines.push_back(mixed);
    }
  }
  return lines;
}

std::string SentimentGrammar::labeled_csv(const SentimentRegister& words, int count) {
  std::string csv = "label,text\n";
  for (int i = 0; i < count; ++i) csv += std::to_string(i % 2) + "," + sentence(words, i % 2) + "\n";
  return csv;
}

}  // namespace promptune
