#pragma once

#include <string>
#include <vector>

#include "core/text/masked_lm_tokenizer.h"

namespace promptune {

/// One piece of a masked-LM prompt template (METHODS-language.md §2.2).
struct TemplatePiece {
  enum class Kind { Cls, Sep, SepPlus, Mask, Sentence, Literal };
  enum class Case { Keep, LowerFirst, UpperFirst };
  Kind kind = Kind::Literal;
  int sentence = 0;             ///< Sentence: 0 = text_a, 1 = text_b
  bool leading_space = false;   ///< Sentence: ' ' + text (RoBERTa then marks the first word with Ġ)
  bool drop_last_char = false;  ///< Sentence: the last character removed (drops a final period)
  Case first_char = Case::Keep;
  std::string text;  ///< Literal
};

/// Length limits for encoding (LM-BFF's max_seq_length, first_sent_limit, other_sent_limit).
struct TemplateLimits {
  int max_length = 128;          ///< tokens including specials
  int first_sentence_limit = 0;  ///< tokens of text_a; 0: no limit
  int other_sentence_limit = 0;  ///< tokens of text_b; 0: no limit
  /// What happens to a sentence that does not fit max_length: cut from its end (the template, and so the mask,
  /// always survives) or refuse with an error naming the text.
  bool error_when_too_long = false;
};

/// One example as model input.
struct EncodedPrompt {
  std::vector<int> ids;
  std::vector<int> token_types;  ///< segment ids (incremented after each `sep+`)
  int mask_position = 0;
  bool truncated = false;  ///< a sentence was shortened to fit
};

/// A template with exactly one mask, in one of two forms:
/// - LM-BFF's mini-language, pieces separated by '*': `*cls**sent_0*_It_was*mask*.*sep+*` (cls, mask, sep,
///   sep+, sent_i, +sent_i, sent-_i, sentl_i, +sentl_i, sentl-_i, sentu_i, +sentu_i; other pieces are literal text
///   with '_' standing for a space; each piece is encoded on its own);
/// - the plain form: `{sentence} It was [MASK].` with {sentence} / {text_a} / {premise} for the first text,
///   {text_b} / {hypothesis} for the second, and [MASK], <mask> or {mask} for the mask. [CLS] and [SEP] are added
///   around it; whitespace before the mask is absorbed (as RoBERTa's <mask> does), and whitespace before a text
///   field becomes that text's leading space.
class LmTemplate {
 public:
  /// Throws Error naming the template when it has no mask or several, an unknown piece, an empty literal, or is
  /// not UTF-8.
  static LmTemplate parse(const std::string& text);
  const std::string& text() const { return text_; }
  const std::vector<TemplatePiece>& pieces() const { return pieces_; }
  /// Whether the template reads text_b (sentence-pair tasks such as NLI).
  bool uses_pair() const;
  /// Encodes one example. Throws Error when the template alone does not fit max_length, or (with
  /// error_when_too_long) when the example does not.
  EncodedPrompt encode(const MaskedLmTokenizer& tokenizer, const std::string& text_a, const std::string& text_b,
                       const TemplateLimits& limits) const;

 private:
  std::string text_;
  std::vector<TemplatePiece> pieces_;
};

/// The label words of each class, as token ids of the tokenizer. Every word must be one token (LM-BFF / POUF's
/// rule): a word the tokenizer splits is refused, saying into which pieces, rather than silently cut.
struct Verbalizer {
  std::vector<std::vector<std::string>> words;  ///< per class, in label order
  std::vector<std::vector<int>> token_ids;      ///< per class, one id per word

  /// `label_words`: class id -> word or list of words; classes it does not name use their class name.
  /// Throws Error naming the class and word.
  static Verbalizer build(const std::vector<std::string>& class_ids, const std::vector<std::string>& class_names,
                          const std::vector<std::pair<std::string, std::vector<std::string>>>& label_words,
                          const MaskedLmTokenizer& tokenizer);
  /// Most words any class has.
  int max_words() const;
};

}  // namespace promptune
