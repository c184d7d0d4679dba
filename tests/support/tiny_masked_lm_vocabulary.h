#pragma once

// Small masked-LM vocabularies written by tests in the formats users bring (vocab.txt; vocab.json + merges.txt).

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/text/clip_tokenizer.h"
#include "core/text/unicode.h"
#include "tests/support/temporary_folder.h"

namespace promptune::testing {

/// BERT specials at the bert-base-uncased positions are not needed; tests only rely on names.
inline std::vector<std::string> wordpiece_tokens(const std::vector<std::string>& words) {
  std::vector<std::string> tokens = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
  tokens.insert(tokens.end(), words.begin(), words.end());
  return tokens;
}

inline std::filesystem::path write_wordpiece_vocabulary(const TemporaryFolder& folder, const std::string& name,
                                                        const std::vector<std::string>& words) {
  std::string content;
  for (const auto& token : wordpiece_tokens(words)) content += token + "\n";
  return folder.write(name + "/vocab.txt", content);
}

/// RoBERTa-style vocabulary: <s> <pad> </s> <unk>, the 256 byte symbols, the merge results, <mask> last.
inline nlohmann::json byte_level_vocabulary(const std::vector<std::string>& merges) {
  nlohmann::json vocabulary = nlohmann::json::object();
  int next = 0;
  for (const char* special : {"<s>", "<pad>", "</s>", "<unk>"}) vocabulary[special] = next++;
  for (char32_t code : byte_to_unicode_table()) vocabulary[unicode::encode_utf8(code)] = next++;
  for (const auto& merge : merges) {
    const auto space = merge.find(' ');
    const std::string merged = merge.substr(0, space) + merge.substr(space + 1);
    if (!vocabulary.contains(merged)) vocabulary[merged] = next++;
  }
  vocabulary["<mask>"] = next++;
  return vocabulary;
}

inline void write_byte_level_files(const TemporaryFolder& folder, const std::string& name,
                                   const std::vector<std::string>& merges) {
  folder.write(name + "/vocab.json", byte_level_vocabulary(merges).dump());
  std::string lines = "#version: 0.2\n";
  for (const auto& merge : merges) lines += merge + "\n";
  folder.write(name + "/merges.txt", lines);
}

/// Merges that make " great", " was", "It", " terrible" single tokens.
inline std::vector<std::string> sentiment_merges() {
  return {"Ġ w", "Ġw a", "Ġwa s", "I t", "Ġ g",     "r e", "Ġg re", "a t",       "Ġgre at",
          "Ġ t", "e r",  "Ġt er", "r i", "Ġter ri", "b l", "bl e",  "Ġterri ble"};
}

}  // namespace promptune::testing
