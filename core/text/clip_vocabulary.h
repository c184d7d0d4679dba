#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace promptune {

/// Byte-level BPE merges learned from `texts` as CLIP's tokenizer will read them (its cleaning and words):
/// the most frequent adjacent symbol pair first (ties: the pair that sorts first), merged everywhere, until every
/// word is one symbol or `max_merges` merges exist. Applied lowest rank first, the merges spell each corpus word
/// as the learner ended with it.
std::vector<std::string> learn_clip_merges(const std::vector<std::string>& texts, int max_merges = 10000);

/// Writes a Hugging Face CLIP vocabulary into `folder`: vocab.json (the 512 byte symbols, the merge results, and
/// <|startoftext|> / <|endoftext|> at CLIP's ids 49406 / 49407) and merges.txt. Returns both paths.
std::vector<std::filesystem::path> write_clip_vocabulary(const std::filesystem::path& folder,
                                                         const std::vector<std::string>& merges);

}  // namespace promptune
