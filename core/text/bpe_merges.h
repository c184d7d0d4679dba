#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace promptune {

/// The whole file as bytes; throws Error naming the file when it is missing or unreadable.
std::string read_text_file(const std::filesystem::path& path);

/// Merge lines ("a b") of a BPE merge file. The first line is skipped when it starts with "#version" (Hugging Face
/// merges.txt) or always with `always_skip_first_line` (the OpenAI archive). `limit` < 0 reads every line.
/// Throws Error naming the file and line of a line that is not two symbols separated by one space.
std::vector<std::string> parse_merges(const std::string& content, const std::filesystem::path& path, int limit,
                                      bool always_skip_first_line);

/// "a b" -> rank (line order).
std::unordered_map<std::string, int> rank_merges(const std::vector<std::string>& merges);

/// Byte-pair encoding of one pre-tokenised word given as symbols: repeatedly merges every occurrence of the
/// adjacent pair with the lowest rank, left to right, until no adjacent pair has a rank (GPT-2 / CLIP semantics).
std::vector<std::string> apply_bpe_merges(std::vector<std::string> symbols,
                                          const std::unordered_map<std::string, int>& ranks);

}  // namespace promptune
