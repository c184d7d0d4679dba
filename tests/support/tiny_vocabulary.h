#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/text/clip_tokenizer.h"
#include "core/text/unicode.h"

namespace promptune::testing {

/// Writes a small CLIP vocabulary in the Hugging Face layout (vocab.json + merges.txt): the 512 byte symbols,
/// `merges`, and the two special tokens at CLIP's ids. Returns the two file paths.
inline std::vector<std::filesystem::path> write_tiny_vocabulary(const std::filesystem::path& folder,
                                                                const std::vector<std::string>& merges,
                                                                bool with_specials = true) {
  nlohmann::json vocabulary = nlohmann::json::object();
  int id = 0;
  std::vector<std::string> base;
  for (char32_t code : byte_to_unicode_table()) base.push_back(unicode::encode_utf8(code));
  for (const auto& symbol : base) vocabulary[symbol] = id++;
  for (const auto& symbol : base) vocabulary[symbol + "</w>"] = id++;
  std::string merges_text = "#version: 0.2\n";
  for (const auto& merge : merges) {
    const auto space = merge.find(' ');
    const std::string merged = merge.substr(0, space) + merge.substr(space + 1);
    if (!vocabulary.contains(merged)) vocabulary[merged] = id++;
    merges_text += merge + "\n";
  }
  if (with_specials) {
    vocabulary["<|startoftext|>"] = ClipTokenizer::kStartOfText;
    vocabulary["<|endoftext|>"] = ClipTokenizer::kEndOfText;
  }
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "vocab.json") << vocabulary.dump();
  std::ofstream(folder / "merges.txt") << merges_text;
  return {folder / "vocab.json", folder / "merges.txt"};
}

}  // namespace promptune::testing
