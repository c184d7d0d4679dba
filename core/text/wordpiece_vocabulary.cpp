#include "core/text/wordpiece_vocabulary.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/io/atomic_file.h"
#include "core/text/unicode.h"
#include "core/text/wordpiece_tokenizer.h"

namespace promptune {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string>& special_tokens() {
  static const std::vector<std::string> tokens = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
  return tokens;
}

}  // namespace

std::vector<std::string> build_wordpiece_vocabulary(const std::vector<std::string>& texts,
                                                    const WordPieceVocabularyOptions& options) {
  WordPieceOptions basic;
  basic.lower_case = options.lower_case;
  // Only the basic tokeniser is used: it needs no vocabulary beyond the special tokens.
  const WordPieceTokenizer splitter(special_tokens(), basic, {}, "vocabulary builder");
  std::map<std::string, long long> word_counts;
  std::set<std::string> characters;
  for (const auto& text : texts) {
    for (const auto& word : splitter.basic_tokenize(text)) {
      ++word_counts[word];
      for (char32_t c : unicode::decode_utf8(word)) characters.insert(unicode::encode_utf8(c));
    }
  }
  std::vector<std::string> tokens = special_tokens();
  std::set<std::string> present(tokens.begin(), tokens.end());
  auto add = [&](const std::string& token) {
    if (present.insert(token).second) tokens.push_back(token);
  };
  for (const auto& character : characters) add(character);
  for (const auto& character : characters) add("##" + character);
  std::vector<std::pair<std::string, long long>> words(word_counts.begin(), word_counts.end());
  std::stable_sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  int kept = 0;
  for (const auto& [word, count] : words) {
    if (count < options.min_count || kept >= options.max_words) break;
    if (word.size() > 1 && present.count(word) == 0) ++kept;
    add(word);
  }
  return tokens;
}

std::vector<fs::path> write_wordpiece_tokenizer(const fs::path& folder, const std::vector<std::string>& tokens,
                                                const WordPieceVocabularyOptions& options) {
  fs::create_directories(folder);
  std::string lines;
  for (const auto& token : tokens) lines += token + "\n";
  write_file_atomically(folder / "vocab.txt", lines);
  const nlohmann::json config = {{"tokenizer_class", "BertTokenizer"},
                                 {"do_lower_case", options.lower_case},
                                 {"tokenize_chinese_chars", true},
                                 {"model_max_length", options.model_max_length},
                                 {"cls_token", "[CLS]"},
                                 {"sep_token", "[SEP]"},
                                 {"pad_token", "[PAD]"},
                                 {"mask_token", "[MASK]"},
                                 {"unk_token", "[UNK]"}};
  write_file_atomically(folder / "tokenizer_config.json", config.dump(2) + "\n");
  return {folder / "vocab.txt", folder / "tokenizer_config.json"};
}

}  // namespace promptune
