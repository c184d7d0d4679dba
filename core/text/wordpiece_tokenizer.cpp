#include "core/text/wordpiece_tokenizer.h"

#include <sstream>

#include "core/text/bpe_merges.h"
#include "core/text/unicode.h"
#include "core/util/error.h"

namespace promptune {
namespace {

bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
         (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// BERT counts every non-alphanumeric ASCII character as punctuation, although Unicode files $ + < = > ^ ` | ~
// under symbols.
bool is_bert_punctuation(char32_t c) {
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
  return unicode::is_punctuation(c);
}

std::u32string strip_accents(std::u32string_view word) {
  std::u32string stripped;
  for (char32_t c : unicode::nfd(word))
    if (!unicode::is_mark_nonspacing(c)) stripped += c;
  return stripped;
}

}  // namespace

WordPieceTokenizer::WordPieceTokenizer(std::vector<std::string> tokens, const WordPieceOptions& options,
                                       std::vector<AddedToken> added, const std::string& source)
    : MaskedLmTokenizer(MaskedLmTokenizerKind::WordPiece, std::move(tokens), std::move(added), source),
      options_(options) {
  const auto unknown = vocabulary_id(options_.unknown_token);
  if (!unknown) throw Error(source + ": the unknown token '" + options_.unknown_token + "' is not in the vocabulary");
  unknown_id_ = *unknown;
  if (options_.max_characters_per_word < 1) throw Error(source + ": max_input_chars_per_word must be at least 1");
  std::ostringstream fingerprint_options;
  fingerprint_options << options_.lower_case << ',' << (options_.strip_accents ? int(*options_.strip_accents) : -1)
                      << ',' << options_.split_chinese_characters << ',' << options_.continuation_prefix << ','
                      << options_.max_characters_per_word << ';';
  set_fingerprint(fingerprint_options.str());
}

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::from_vocab_file(const std::filesystem::path& vocab_txt,
                                                                        const WordPieceOptions& options) {
  const std::string content = read_text_file(vocab_txt);
  if (!unicode::is_valid_utf8(content)) throw file_error(vocab_txt, "is not UTF-8 text");
  std::vector<std::string> tokens;
  std::istringstream lines(content);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    tokens.push_back(line);  // HF strips only the line end: a token may be a lone space-free symbol
  }
  if (tokens.empty()) throw file_error(vocab_txt, "is empty; a WordPiece vocabulary has one token per line");
  std::unordered_map<std::string, int> seen;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].empty())
      throw file_error(vocab_txt, "line " + std::to_string(i + 1) + " is empty; every line must hold one token");
    // HF keeps the last id of a duplicated token; that silently shifts nothing, but tells of a damaged file.
    if (!seen.emplace(tokens[i], static_cast<int>(i)).second)
      throw file_error(vocab_txt, "token '" + tokens[i] + "' appears twice (lines " +
                                      std::to_string(seen[tokens[i]] + 1) + " and " + std::to_string(i + 1) + ")");
  }
  return std::make_unique<WordPieceTokenizer>(std::move(tokens), options, std::vector<AddedToken>{},
                                              vocab_txt.string());
}

std::string WordPieceTokenizer::describe() const {
  return "WordPiece (" + std::to_string(vocabulary_size()) + " tokens, " +
         (options_.lower_case ? "lower-cased" : "cased") + ")";
}

std::vector<std::string> WordPieceTokenizer::basic_tokenize(std::string_view text) const {
  std::u32string cleaned;
  for (char32_t c : unicode::decode_utf8(text)) {
    if (c == 0 || c == 0xFFFD) continue;
    if (c == U'\t' || c == U'\n' || c == U'\r') {
      cleaned += U' ';
      continue;
    }
    if (unicode::is_control(c)) continue;
    if (options_.split_chinese_characters && is_cjk(c)) {
      cleaned += U' ';
      cleaned += c;
      cleaned += U' ';
      continue;
    }
    cleaned += c;
  }
  cleaned = unicode::nfc(cleaned);
  const bool strip = options_.strip_accents.value_or(options_.lower_case);
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < cleaned.size()) {
    if (unicode::is_whitespace(cleaned[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < cleaned.size() && !unicode::is_whitespace(cleaned[end])) ++end;
    std::u32string word = cleaned.substr(i, end - i);
    i = end;
    if (options_.lower_case) word = unicode::to_lower(word);
    if (strip) word = strip_accents(word);
    std::u32string current;
    for (char32_t c : word) {
      if (is_bert_punctuation(c)) {
        if (!current.empty()) words.push_back(unicode::encode_utf8(current));
        current.clear();
        words.push_back(unicode::encode_utf8(c));
      } else {
        current += c;
      }
    }
    if (!current.empty()) words.push_back(unicode::encode_utf8(current));
  }
  return words;
}

void WordPieceTokenizer::word_pieces(const std::string& word, std::vector<int>& ids) const {
  const std::u32string characters = unicode::decode_utf8(word);
  if (static_cast<int>(characters.size()) > options_.max_characters_per_word) {
    ids.push_back(unknown_id_);
    return;
  }
  std::vector<int> pieces;
  std::size_t start = 0;
  while (start < characters.size()) {
    std::size_t end = characters.size();
    std::optional<int> match;
    while (start < end) {
      std::string candidate = unicode::encode_utf8(std::u32string_view(characters).substr(start, end - start));
      if (start > 0) candidate = options_.continuation_prefix + candidate;
      if ((match = vocabulary_id(candidate))) break;
      --end;
    }
    if (!match) {  // one unmatched position makes the whole word unknown
      ids.push_back(unknown_id_);
      return;
    }
    pieces.push_back(*match);
    start = end;
  }
  ids.insert(ids.end(), pieces.begin(), pieces.end());
}

std::vector<int> WordPieceTokenizer::encode_ordinary(std::string_view text) const {
  std::vector<int> ids;
  for (const auto& word : basic_tokenize(text)) word_pieces(word, ids);
  return ids;
}

std::string WordPieceTokenizer::decode_ordinary(const std::vector<int>& ids) const {
  std::string text;
  for (int id : ids) {
    const std::string& piece = tokens_[static_cast<std::size_t>(id)];
    if (piece.rfind(options_.continuation_prefix, 0) == 0) {
      text += piece.substr(options_.continuation_prefix.size());
    } else {
      if (!text.empty()) text += ' ';
      text += piece;
    }
  }
  return text;
}

}  // namespace promptune
