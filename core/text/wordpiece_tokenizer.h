#pragma once

#include <optional>

#include "core/text/masked_lm_tokenizer.h"

namespace promptune {

/// Options of BERT's basic tokenizer and WordPiece, as tokenizer_config.json or tokenizer.json's BertNormalizer
/// and WordPiece model give them.
struct WordPieceOptions {
  bool lower_case = true;
  std::optional<bool> strip_accents;  ///< unset: follows lower_case (HF's default)
  bool split_chinese_characters = true;
  std::string unknown_token = "[UNK]";
  std::string continuation_prefix = "##";
  int max_characters_per_word = 100;
};

/// BERT's tokenizer (HF transformers BertTokenizer semantics): added tokens first, then cleaning (control
/// characters dropped, whitespace unified), CJK characters split, lower-casing and accent stripping, punctuation
/// split, then greedy longest-match-first WordPiece; a word without a match or over the character limit is [UNK].
class WordPieceTokenizer : public MaskedLmTokenizer {
 public:
  /// `tokens`: id -> token (vocab.txt lines). [CLS], [SEP], [PAD], [MASK], [UNK] must be among them or in `added`.
  WordPieceTokenizer(std::vector<std::string> tokens, const WordPieceOptions& options, std::vector<AddedToken> added,
                     const std::string& source);
  /// Reads vocab.txt (one token per line, id = line number).
  static std::unique_ptr<WordPieceTokenizer> from_vocab_file(const std::filesystem::path& vocab_txt,
                                                             const WordPieceOptions& options);
  std::string describe() const override;
  /// The words after basic tokenisation (before WordPiece), for tests and diagnostics.
  std::vector<std::string> basic_tokenize(std::string_view text) const;

 protected:
  std::vector<int> encode_ordinary(std::string_view text) const override;
  std::string decode_ordinary(const std::vector<int>& ids) const override;

 private:
  void word_pieces(const std::string& word, std::vector<int>& ids) const;
  WordPieceOptions options_;
  int unknown_id_ = 0;
};

}  // namespace promptune
