#include "core/text/lm_template.h"

#include <algorithm>
#include <map>

#include "core/text/unicode.h"
#include "core/util/error.h"

namespace promptune {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n';
}

Error template_error(const std::string& text, const std::string& message) {
  return Error("template \"" + text + "\": " + message);
}

// sent_0, +sent_1, sent-_0, sentl_1, +sentl_1, sentl-_0, sentu_0, +sentu_0.
bool parse_sentence_piece(const std::string& piece, TemplatePiece& result) {
  std::string rest = piece;
  result = TemplatePiece{};
  result.kind = TemplatePiece::Kind::Sentence;
  if (!rest.empty() && rest[0] == '+') result.leading_space = true, rest.erase(0, 1);
  if (rest.rfind("sent", 0) != 0) return false;
  rest.erase(0, 4);
  if (!rest.empty() && rest[0] == 'l')
    result.first_char = TemplatePiece::Case::LowerFirst, rest.erase(0, 1);
  else if (!rest.empty() && rest[0] == 'u')
    result.first_char = TemplatePiece::Case::UpperFirst, rest.erase(0, 1);
  if (!rest.empty() && rest[0] == '-') result.drop_last_char = true, rest.erase(0, 1);
  if (rest.size() != 2 || rest[0] != '_' || (rest[1] != '0' && rest[1] != '1')) return false;
  result.sentence = rest[1] - '0';
  return true;
}

std::vector<TemplatePiece> parse_lm_bff(const std::string& text) {
  std::vector<TemplatePiece> pieces;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('*', start), text.size());
    const std::string piece = text.substr(start, end - start);
    start = end + 1;
    if (piece.empty()) continue;
    TemplatePiece parsed;
    if (piece == "cls")
      parsed.kind = TemplatePiece::Kind::Cls;
    else if (piece == "sep")
      parsed.kind = TemplatePiece::Kind::Sep;
    else if (piece == "sep+")
      parsed.kind = TemplatePiece::Kind::SepPlus;
    else if (piece == "mask")
      parsed.kind = TemplatePiece::Kind::Mask;
    else if (piece.rfind("label", 0) == 0)
      throw template_error(text, "'" + piece +
                                     "' (demonstrations) is not supported; write the template without "
                                     "in-context examples");
    else if (!parse_sentence_piece(piece, parsed)) {
      if (piece.find("sent") != std::string::npos && piece.find('_') != std::string::npos &&
          piece.find_first_of("01") != std::string::npos && piece.size() <= 9)
        throw template_error(text, "'" + piece + "' is not a sentence piece (sent_0, +sent_1, sent-_0, sentl_1, ...)");
      parsed = TemplatePiece{};
      parsed.kind = TemplatePiece::Kind::Literal;
      parsed.text = piece;
      std::replace(parsed.text.begin(), parsed.text.end(), '_', ' ');
    }
    pieces.push_back(parsed);
  }
  return pieces;
}

std::vector<TemplatePiece> parse_plain(const std::string& text) {
  static const std::map<std::string, std::pair<TemplatePiece::Kind, int>> kFields = {
      {"{sentence}", {TemplatePiece::Kind::Sentence, 0}},   {"{text_a}", {TemplatePiece::Kind::Sentence, 0}},
      {"{premise}", {TemplatePiece::Kind::Sentence, 0}},    {"{text_b}", {TemplatePiece::Kind::Sentence, 1}},
      {"{hypothesis}", {TemplatePiece::Kind::Sentence, 1}}, {"[MASK]", {TemplatePiece::Kind::Mask, 0}},
      {"<mask>", {TemplatePiece::Kind::Mask, 0}},           {"{mask}", {TemplatePiece::Kind::Mask, 0}}};
  std::vector<TemplatePiece> pieces;
  TemplatePiece cls;
  cls.kind = TemplatePiece::Kind::Cls;
  pieces.push_back(cls);
  std::string literal;
  auto flush_literal = [&](TemplatePiece::Kind next) {
    // Whitespace before the mask is absorbed; before a text field it becomes the field's leading space.
    bool space_before_next = false;
    if (next == TemplatePiece::Kind::Mask || next == TemplatePiece::Kind::Sentence) {
      while (!literal.empty() && is_space(literal.back())) literal.pop_back(), space_before_next = true;
    }
    if (!literal.empty()) {
      TemplatePiece piece;
      piece.text = literal;
      pieces.push_back(piece);
    }
    literal.clear();
    return space_before_next;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    bool matched = false;
    for (const auto& [name, kind] : kFields) {
      if (text.compare(i, name.size(), name) != 0) continue;
      const bool space = flush_literal(kind.first);
      TemplatePiece piece;
      piece.kind = kind.first;
      piece.sentence = kind.second;
      piece.leading_space = kind.first == TemplatePiece::Kind::Sentence && space && pieces.size() > 1;
      pieces.push_back(piece);
      i += name.size();
      matched = true;
      break;
    }
    if (!matched) literal += text[i++];
  }
  while (!literal.empty() && is_space(literal.back())) literal.pop_back();
  flush_literal(TemplatePiece::Kind::Literal);
  TemplatePiece sep;
  sep.kind = TemplatePiece::Kind::SepPlus;
  pieces.push_back(sep);
  return pieces;
}

std::string shape_sentence(std::string sentence, const TemplatePiece& piece) {
  std::u32string text = unicode::decode_utf8(sentence);
  if (piece.drop_last_char && !text.empty()) text.pop_back();
  if (!text.empty() && piece.first_char != TemplatePiece::Case::Keep) {
    const std::u32string first(1, text[0]);
    // Upper-casing one character: only the common case of ASCII and Latin-1 letters is needed for templates.
    if (piece.first_char == TemplatePiece::Case::LowerFirst)
      text[0] = unicode::to_lower(first)[0];
    else if (text[0] >= U'a' && text[0] <= U'z')
      text[0] = text[0] - U'a' + U'A';
  }
  return (piece.leading_space ? " " : "") + unicode::encode_utf8(text);
}

}  // namespace

LmTemplate LmTemplate::parse(const std::string& text) {
  if (!unicode::is_valid_utf8(text)) throw Error("the template is not valid UTF-8 text");
  LmTemplate result;
  result.text_ = text;
  result.pieces_ = text.find('*') != std::string::npos ? parse_lm_bff(text) : parse_plain(text);
  const auto masks = std::count_if(result.pieces_.begin(), result.pieces_.end(),
                                   [](const TemplatePiece& p) { return p.kind == TemplatePiece::Kind::Mask; });
  if (masks == 0)
    throw template_error(text,
                         "has no mask; write [MASK] (plain form) or *mask* (LM-BFF form) where the label word "
                         "goes, e.g. \"{sentence} It was [MASK].\"");
  if (masks > 1) throw template_error(text, "has " + std::to_string(masks) + " masks; exactly one is supported");
  const bool reads_text = std::any_of(result.pieces_.begin(), result.pieces_.end(),
                                      [](const TemplatePiece& p) { return p.kind == TemplatePiece::Kind::Sentence; });
  if (!reads_text)
    throw template_error(text, "never places the input text; add {sentence} (plain form) or *sent_0* (LM-BFF form)");
  return result;
}

bool LmTemplate::uses_pair() const {
  return std::any_of(pieces_.begin(), pieces_.end(),
                     [](const TemplatePiece& p) { return p.kind == TemplatePiece::Kind::Sentence && p.sentence == 1; });
}

EncodedPrompt LmTemplate::encode(const MaskedLmTokenizer& tokenizer, const std::string& text_a,
                                 const std::string& text_b, const TemplateLimits& limits) const {
  const SpecialTokenIds& special = tokenizer.special_ids();
  std::vector<std::vector<int>> piece_ids(pieces_.size());
  std::vector<int> sentence_pieces;
  std::size_t fixed = 0;
  for (std::size_t k = 0; k < pieces_.size(); ++k) {
    const TemplatePiece& piece = pieces_[k];
    auto& ids = piece_ids[k];
    switch (piece.kind) {
      case TemplatePiece::Kind::Cls:
        ids = {special.cls};
        break;
      case TemplatePiece::Kind::Sep:
      case TemplatePiece::Kind::SepPlus:
        ids = {special.sep};
        break;
      case TemplatePiece::Kind::Mask:
        ids = {special.mask};
        break;
      case TemplatePiece::Kind::Literal: {
        // LM-BFF maps a one-character piece straight through the vocabulary; anything longer is encoded.
        const auto direct = piece.text.size() == 1 ? tokenizer.find_token(piece.text) : std::nullopt;
        ids = direct ? std::vector<int>{*direct} : tokenizer.encode(piece.text);
        break;
      }
      case TemplatePiece::Kind::Sentence: {
        ids = tokenizer.encode(shape_sentence(piece.sentence == 0 ? text_a : text_b, piece));
        const int limit = piece.sentence == 0 ? limits.first_sentence_limit : limits.other_sentence_limit;
        if (limit > 0 && static_cast<int>(ids.size()) > limit) ids.resize(static_cast<std::size_t>(limit));
        sentence_pieces.push_back(static_cast<int>(k));
        continue;
      }
    }
    fixed += ids.size();
  }
  if (static_cast<int>(fixed) >= limits.max_length)
    throw template_error(text_, "takes " + std::to_string(fixed) +
                                    " tokens without the text, leaving no room within "
                                    "max_length " +
                                    std::to_string(limits.max_length));
  EncodedPrompt encoded;
  auto total = [&] {
    std::size_t length = fixed;
    for (int k : sentence_pieces) length += piece_ids[static_cast<std::size_t>(k)].size();
    return length;
  };
  if (static_cast<int>(total()) > limits.max_length) {
    if (limits.error_when_too_long)
      throw Error("the text \"" + text_a.substr(0, 60) + (text_a.size() > 60 ? "..." : "") + "\" needs " +
                  std::to_string(total()) + " tokens with the template, more than max_length " +
                  std::to_string(limits.max_length));
    encoded.truncated = true;
    // Cut the longest text first, from its end, so that the template and its mask always survive.
    while (static_cast<int>(total()) > limits.max_length) {
      auto& longest = *std::max_element(sentence_pieces.begin(), sentence_pieces.end(), [&](int a, int b) {
        return piece_ids[static_cast<std::size_t>(a)].size() < piece_ids[static_cast<std::size_t>(b)].size();
      });
      piece_ids[static_cast<std::size_t>(longest)].pop_back();
    }
  }
  int segment = 0;
  for (std::size_t k = 0; k < pieces_.size(); ++k) {
    if (pieces_[k].kind == TemplatePiece::Kind::Mask) encoded.mask_position = static_cast<int>(encoded.ids.size());
    for (int id : piece_ids[k]) {
      encoded.ids.push_back(id);
      encoded.token_types.push_back(segment);
    }
    if (pieces_[k].kind == TemplatePiece::Kind::SepPlus) ++segment;
  }
  return encoded;
}

Verbalizer Verbalizer::build(const std::vector<std::string>& class_ids, const std::vector<std::string>& class_names,
                             const std::vector<std::pair<std::string, std::vector<std::string>>>& label_words,
                             const MaskedLmTokenizer& tokenizer) {
  Verbalizer verbalizer;
  for (const auto& [class_id, words] : label_words) {
    if (std::find(class_ids.begin(), class_ids.end(), class_id) == class_ids.end())
      throw Error("text.label_words names class \"" + class_id + "\", which the data does not have");
    if (words.empty()) throw Error("text.label_words: class \"" + class_id + "\" has no word");
  }
  for (std::size_t c = 0; c < class_ids.size(); ++c) {
    std::vector<std::string> words = {class_names[c]};
    for (const auto& [class_id, given] : label_words)
      if (class_id == class_ids[c]) words = given;
    std::vector<int> ids;
    for (const auto& word : words) {
      if (word.empty() || !unicode::is_valid_utf8(word))
        throw Error("text.label_words: class \"" + class_ids[c] + "\" has an empty or non-UTF-8 word");
      const auto pieces = tokenizer.encode_label_word(word);
      if (pieces.size() != 1) {
        std::string split;
        for (int id : pieces) split += (split.empty() ? "" : " ") + tokenizer.token(id);
        throw Error("label word \"" + word + "\" of class \"" + class_ids[c] + "\" is " +
                    std::to_string(pieces.size()) + " tokens for this tokenizer (" + split +
                    "); label words must be single tokens: choose another word or set text.label_words");
      }
      if (pieces.front() == tokenizer.special_ids().unk)
        throw Error("label word \"" + word + "\" of class \"" + class_ids[c] +
                    "\" is not in the vocabulary (it becomes " + tokenizer.token(pieces.front()) +
                    "); choose a word the model knows or set text.label_words");
      for (std::size_t other = 0; other < verbalizer.token_ids.size(); ++other)
        for (int id : verbalizer.token_ids[other])
          if (id == pieces.front())
            throw Error("label word \"" + word + "\" is used by classes \"" + class_ids[other] + "\" and \"" +
                        class_ids[c] + "\"; each class needs its own words");
      ids.push_back(pieces.front());
    }
    verbalizer.words.push_back(words);
    verbalizer.token_ids.push_back(ids);
  }
  return verbalizer;
}

int Verbalizer::max_words() const {
  int most = 0;
  for (const auto& ids : token_ids) most = std::max(most, static_cast<int>(ids.size()));
  return most;
}

}  // namespace promptune
