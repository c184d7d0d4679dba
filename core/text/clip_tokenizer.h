#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text/tokenizer.h"

namespace promptune {

/// Ids and pooling position of one text prepared for the CLIP text encoder.
struct ClipTokens {
  std::vector<int> ids;  ///< [SOT] + BPE ids + [EOT], zero-padded to the context length
  int eot_position = 0;  ///< index of EOT: the row the text encoder pools
  int bpe_length = 0;    ///< BPE ids before truncation, so callers can warn about truncated text
};

/// CLIP's byte-level BPE tokenizer (openai/CLIP simple_tokenizer semantics): the reference cleaning, the
/// reference pre-tokenisation pattern, lowest-rank-first merges with a per-word cache.
class ClipTokenizer : public Tokenizer {
 public:
  static constexpr int kStartOfText = 49406;
  static constexpr int kEndOfText = 49407;
  static constexpr int kContextLength = 77;

  /// Hugging Face layout: vocab.json (token -> id) and merges.txt ("#version" header, then "a b" per line).
  static std::unique_ptr<ClipTokenizer> from_vocab_and_merges(const std::filesystem::path& vocab_json,
                                                              const std::filesystem::path& merges_txt);
  /// OpenAI layout: bpe_simple_vocab_16e6.txt.gz (merges only; the vocabulary is derived from them).
  static std::unique_ptr<ClipTokenizer> from_bpe_archive(const std::filesystem::path& bpe_gz);
  /// A model folder: vocab.json + merges.txt, else bpe_simple_vocab_16e6.txt.gz. Throws naming what is missing.
  static std::unique_ptr<ClipTokenizer> from_directory(const std::filesystem::path& folder);

  std::vector<int> encode(std::string_view text) const override;
  std::string decode(const std::vector<int>& ids) const override;
  std::string token(int id) const override;
  int vocabulary_size() const override { return static_cast<int>(decoder_.size()); }

  /// [SOT] ids [EOT] padded with 0 to `context_length`. Too long: with `truncate`, keeps the first ids and puts
  /// EOT last (the reference `truncate=True`); otherwise throws, saying how long the text is.
  ClipTokens encode_for_model(std::string_view text, int context_length = kContextLength, bool truncate = true) const;

  /// Identity of the merge table, written into exported prompt files.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  ClipTokenizer(std::unordered_map<std::string, int> encoder, std::unordered_map<std::string, int> merge_ranks,
                const std::string& source);
  std::vector<int> bpe(const std::string& word) const;

  std::unordered_map<std::string, int> encoder_;
  std::vector<std::string> decoder_;
  std::unordered_map<std::string, int> merge_ranks_;  ///< "a b" -> rank
  std::string fingerprint_;
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<int>> cache_;
};

/// CLIP's cleaning and pre-tokenisation: the words BPE runs on ("a photo of a cat." -> a, photo, of, a, cat, .).
std::vector<std::string> clip_words(std::string_view text);
/// The symbols BPE starts a word from: its bytes as printable symbols, "</w>" appended to the last.
std::vector<std::string> clip_word_symbols(const std::string& word);

/// Byte -> printable code point table shared by CLIP and RoBERTa BPE (GPT-2's bytes_to_unicode).
const std::vector<char32_t>& byte_to_unicode_table();

}  // namespace promptune
