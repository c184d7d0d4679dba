#pragma once

#include <string>
#include <string_view>

namespace promptune::unicode {

/// Decodes UTF-8; each invalid or truncated sequence becomes U+FFFD (as Python's errors="replace").
std::u32string decode_utf8(std::string_view text);
/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view text);
std::string encode_utf8(std::u32string_view text);
std::string encode_utf8(char32_t code_point);

std::u32string nfc(std::u32string_view text);
std::u32string nfd(std::u32string_view text);
std::u32string nfkc(std::u32string_view text);
/// Full Unicode lower-casing (as Python's str.lower()).
std::u32string to_lower(std::u32string_view text);

bool is_letter(char32_t c);           ///< general category L*
bool is_number(char32_t c);           ///< general category N*
bool is_mark_nonspacing(char32_t c);  ///< general category Mn
bool is_punctuation(char32_t c);      ///< general category P*
bool is_control(char32_t c);          ///< general category C* (Cc, Cf, Cn, Co, Cs)
/// Python's str.isspace(): White_Space plus the information separators U+001C..U+001F.
bool is_whitespace(char32_t c);

}  // namespace promptune::unicode
