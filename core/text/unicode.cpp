#include "core/text/unicode.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <stdexcept>

namespace promptune::unicode {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one sequence at `i`; returns the code point (kReplacement when invalid) and advances `i`.
char32_t decode_one(std::string_view text, std::size_t& i, bool& valid) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  valid = true;
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  int length = 0;
  char32_t code = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code = lead & 0x07, minimum = 0x10000;
  } else {
    ++i;
    valid = false;
    return kReplacement;
  }
  std::size_t k = 1;
  for (; k < static_cast<std::size_t>(length); ++k) {
    if (i + k >= text.size() || (byte(i + k) & 0xC0) != 0x80) break;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (k != static_cast<std::size_t>(length) || code < minimum || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF)) {
    i += k;  // skip the maximal invalid prefix, as Python does
    valid = false;
    return kReplacement;
  }
  i += k;
  return code;
}

icu::UnicodeString to_icu(std::u32string_view text) {
  return icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(text.data()),
                                       static_cast<int32_t>(text.size()));
}

std::u32string from_icu(const icu::UnicodeString& text) {
  std::u32string out(static_cast<std::size_t>(text.countChar32()), U'\0');
  UErrorCode status = U_ZERO_ERROR;
  text.toUTF32(reinterpret_cast<UChar32*>(out.data()), static_cast<int32_t>(out.size()), status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU UTF-32 conversion failed: ") + u_errorName(status));
  return out;
}

std::u32string normalize(const icu::Normalizer2* normalizer, UErrorCode status, std::u32string_view text) {
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normalizer unavailable: ") + u_errorName(status));
  const icu::UnicodeString result = normalizer->normalize(to_icu(text), status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normalization failed: ") + u_errorName(status));
  return from_icu(result);
}

int category_mask(char32_t c) {
  return U_GET_GC_MASK(static_cast<UChar32>(c));
}

}  // namespace

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  bool valid = true;
  for (std::size_t i = 0; i < text.size();) out.push_back(decode_one(text, i, valid));
  return out;
}

bool is_valid_utf8(std::string_view text) {
  bool valid = true;
  for (std::size_t i = 0; i < text.size();) {
    decode_one(text, i, valid);
    if (!valid) return false;
  }
  return true;
}

std::string encode_utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t c : text) out += encode_utf8(c);
  return out;
}

std::u32string nfc(std::u32string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
  return normalize(normalizer, status, text);
}

std::u32string nfd(std::u32string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFDInstance(status);
  return normalize(normalizer, status, text);
}

std::u32string nfkc(std::u32string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
  return normalize(normalizer, status, text);
}

std::u32string to_lower(std::u32string_view text) {
  icu::UnicodeString value = to_icu(text);
  value.toLower(icu::Locale::getRoot());
  return from_icu(value);
}

bool is_letter(char32_t c) {
  return (category_mask(c) & U_GC_L_MASK) != 0;
}
bool is_number(char32_t c) {
  return (category_mask(c) & U_GC_N_MASK) != 0;
}
bool is_mark_nonspacing(char32_t c) {
  return (category_mask(c) & U_GC_MN_MASK) != 0;
}
bool is_punctuation(char32_t c) {
  return (category_mask(c) & U_GC_P_MASK) != 0;
}
bool is_control(char32_t c) {
  return (category_mask(c) & U_GC_C_MASK) != 0;
}

bool is_whitespace(char32_t c) {
  return (c >= 0x1C && c <= 0x1F) || u_isUWhiteSpace(static_cast<UChar32>(c));
}

}  // namespace promptune::unicode
