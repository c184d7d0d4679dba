#include "core/text/clip_vocabulary.h"

#include <map>
#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/unicode.h"

namespace promptune {

namespace fs = std::filesystem;

std::vector<std::string> learn_clip_merges(const std::vector<std::string>& texts, int max_merges) {
  std::map<std::string, long long> counts;
  for (const auto& text : texts)
    for (const auto& word : clip_words(text)) ++counts[word];
  std::vector<std::pair<std::vector<std::string>, long long>> words;
  for (const auto& [word, count] : counts) words.emplace_back(clip_word_symbols(word), count);

  std::vector<std::string> merges;
  while (static_cast<int>(merges.size()) < max_merges) {
    std::map<std::pair<std::string, std::string>, long long> pairs;
    for (const auto& [symbols, count] : words)
      for (std::size_t i = 0; i + 1 < symbols.size(); ++i) pairs[{symbols[i], symbols[i + 1]}] += count;
    if (pairs.empty()) break;
    auto best = pairs.begin();
    for (auto it = pairs.begin(); it != pairs.end(); ++it)
      if (it->second > best->second) best = it;  // the map's order breaks ties
    const auto [left, right] = best->first;
    merges.push_back(left + " " + right);
    for (auto& [symbols, count] : words) {
      std::vector<std::string> merged;
      for (std::size_t i = 0; i < symbols.size(); ++i) {
        if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
          merged.push_back(left + right);
          ++i;
        } else {
          merged.push_back(symbols[i]);
        }
      }
      symbols = std::move(merged);
    }
  }
  return merges;
}

std::vector<fs::path> write_clip_vocabulary(const fs::path& folder, const std::vector<std::string>& merges) {
  nlohmann::json vocabulary = nlohmann::json::object();
  int id = 0;
  std::vector<std::string> bytes;
  for (char32_t code : byte_to_unicode_table()) bytes.push_back(unicode::encode_utf8(code));
  for (const auto& symbol : bytes) vocabulary[symbol] = id++;
  for (const auto& symbol : bytes) vocabulary[symbol + "</w>"] = id++;
  std::string lines = "#version: 0.2\n";
  for (const auto& merge : merges) {
    const auto space = merge.find(' ');
    const std::string merged = merge.substr(0, space) + merge.substr(space + 1);
    if (!vocabulary.contains(merged)) vocabulary[merged] = id++;
    lines += merge + "\n";
  }
  vocabulary["<|startoftext|>"] = ClipTokenizer::kStartOfText;
  vocabulary["<|endoftext|>"] = ClipTokenizer::kEndOfText;
  fs::create_directories(folder);
  write_file_atomically(folder / "vocab.json", vocabulary.dump() + "\n");
  write_file_atomically(folder / "merges.txt", lines);
  return {folder / "vocab.json", folder / "merges.txt"};
}

}  // namespace promptune
