#pragma once

#include <string>
#include <string_view>

namespace promptune::text {

/// The subset of ftfy.fix_text that CLIP's reference cleaning relies on for real-world text: HTML entities when
/// the text has no '<' (ftfy's "auto" rule), curly quotes to straight ones, Latin ligatures expanded, full-width
/// and half-width forms to their normal width, line breaks unified, control characters removed, NFC.
/// Not reproduced: ftfy's mojibake repair (text decoded with the wrong codec), which has no C++ port.
std::u32string fix_text(std::u32string_view text);

/// Python's html.unescape: named entities (the common HTML 4 set), decimal and hexadecimal character references.
std::u32string unescape_html(std::u32string_view text);

/// Collapses runs of whitespace (Python's \s) to one space and strips both ends.
std::u32string collapse_whitespace(std::u32string_view text);

/// CLIP's complete cleaning: fix_text, unescape twice, strip, collapse whitespace, lower-case.
std::u32string clean_clip_text(std::string_view utf8);

}  // namespace promptune::text
