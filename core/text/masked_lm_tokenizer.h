#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text/tokenizer.h"

namespace promptune {

enum class MaskedLmTokenizerKind {
  WordPiece,    ///< BERT: vocab.txt, basic tokenisation then greedy longest-match with "##" pieces
  ByteLevelBpe  ///< RoBERTa / GPT-2: vocab.json + merges.txt, bytes mapped to printable symbols, "Ġ" = space
};

/// A token matched in the raw text before any normalisation ([CLS], <mask>, user-added tokens).
struct AddedToken {
  std::string content;
  int id = 0;
  bool lstrip = false;  ///< absorbs the whitespace before it (RoBERTa's <mask>)
  bool rstrip = false;  ///< absorbs the whitespace after it
};

/// The ids a masked LM's inputs are built from.
struct SpecialTokenIds {
  int cls = 0, sep = 0, pad = 0, mask = 0, unk = 0;
};

/// What BERT WordPiece and RoBERTa byte-level BPE have in common: added tokens are cut out of the raw text first,
/// the rest goes through the tokenizer's own algorithm. Immutable after construction apart from caches; safe to
/// use from several threads.
class MaskedLmTokenizer : public Tokenizer {
 public:
  /// Ids of `text` without [CLS]/[SEP]; added tokens written in the text ("It was [MASK].") keep their ids.
  std::vector<int> encode(std::string_view text) const override;
  std::string decode(const std::vector<int>& ids) const override;
  std::string token(int id) const override;
  int vocabulary_size() const override { return static_cast<int>(tokens_.size()); }

  /// Id of a vocabulary entry or added token written exactly ("Ġgreat", "##s", "[MASK]").
  std::optional<int> find_token(const std::string& token) const;
  /// Ids of a verbalizer word as it fills the mask slot after a space: RoBERTa encodes " great" (-> "Ġgreat"),
  /// BERT "great". A word starting with '<', '[', '.' or ',' is looked up verbatim instead (LM-BFF's rule).
  std::vector<int> encode_label_word(const std::string& word) const;

  const SpecialTokenIds& special_ids() const { return special_; }
  /// The mask token as written in text: "[MASK]" or "<mask>".
  const std::string& mask_token() const { return mask_text_; }
  MaskedLmTokenizerKind kind() const { return kind_; }
  /// Identity of the vocabulary and options, written into prompt files so that a prompt is used with the same ids.
  const std::string& fingerprint() const { return fingerprint_; }
  /// "WordPiece (30522 tokens, lower-cased)".
  virtual std::string describe() const = 0;

 protected:
  MaskedLmTokenizer(MaskedLmTokenizerKind kind, std::vector<std::string> tokens, std::vector<AddedToken> added,
                    const std::string& source);
  /// The tokenizer's own algorithm on text that holds no added token.
  virtual std::vector<int> encode_ordinary(std::string_view text) const = 0;
  /// Display text of consecutive ordinary tokens.
  virtual std::string decode_ordinary(const std::vector<int>& ids) const = 0;
  void set_fingerprint(const std::string& options);
  std::optional<int> vocabulary_id(const std::string& token) const;

  std::vector<std::string> tokens_;  ///< id -> vocabulary string
  std::unordered_map<std::string, int> ids_;

 private:
  MaskedLmTokenizerKind kind_;
  std::vector<AddedToken> added_;
  SpecialTokenIds special_;
  std::string mask_text_;
  std::string fingerprint_;
};

/// Loads the tokenizer of a Hugging Face masked-LM folder: tokenizer.json when present, else vocab.txt
/// (+ tokenizer_config.json for do_lower_case, strip_accents, tokenize_chinese_chars), else vocab.json + merges.txt.
/// Throws Error naming the folder and what it lacks.
std::unique_ptr<MaskedLmTokenizer> load_masked_lm_tokenizer(const std::filesystem::path& folder);

}  // namespace promptune
