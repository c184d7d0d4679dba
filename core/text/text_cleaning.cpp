#include "core/text/text_cleaning.h"

#include <unordered_map>

#include "core/text/unicode.h"

namespace promptune::text {
namespace {

const std::unordered_map<char32_t, std::u32string>& ligatures() {
  static const std::unordered_map<char32_t, std::u32string> table = {
      {0x0132, U"IJ"},      {0x0133, U"ij"}, {0x0149, U"\u02BCn"}, {0x01C4, U"D\u017D"}, {0x01C5, U"D\u017E"},
      {0x01C6, U"d\u017E"}, {0x01C7, U"LJ"}, {0x01C8, U"Lj"},      {0x01C9, U"lj"},      {0x01CA, U"NJ"},
      {0x01CB, U"Nj"},      {0x01CC, U"nj"}, {0x01F1, U"DZ"},      {0x01F2, U"Dz"},      {0x01F3, U"dz"},
      {0xFB00, U"ff"},      {0xFB01, U"fi"}, {0xFB02, U"fl"},      {0xFB03, U"ffi"},     {0xFB04, U"ffl"},
      {0xFB05, U"\u017Ft"}, {0xFB06, U"st"}};
  return table;
}

const std::unordered_map<std::u32string, char32_t>& named_entities() {
  static const std::unordered_map<std::u32string, char32_t> table = {
      {U"amp", U'&'},      {U"lt", U'<'},       {U"gt", U'>'},       {U"quot", U'"'},     {U"apos", U'\''},
      {U"nbsp", 0xA0},     {U"iexcl", 0xA1},    {U"cent", 0xA2},     {U"pound", 0xA3},    {U"curren", 0xA4},
      {U"yen", 0xA5},      {U"brvbar", 0xA6},   {U"sect", 0xA7},     {U"uml", 0xA8},      {U"copy", 0xA9},
      {U"ordf", 0xAA},     {U"laquo", 0xAB},    {U"not", 0xAC},      {U"shy", 0xAD},      {U"reg", 0xAE},
      {U"macr", 0xAF},     {U"deg", 0xB0},      {U"plusmn", 0xB1},   {U"sup2", 0xB2},     {U"sup3", 0xB3},
      {U"acute", 0xB4},    {U"micro", 0xB5},    {U"para", 0xB6},     {U"middot", 0xB7},   {U"cedil", 0xB8},
      {U"sup1", 0xB9},     {U"ordm", 0xBA},     {U"raquo", 0xBB},    {U"frac14", 0xBC},   {U"frac12", 0xBD},
      {U"frac34", 0xBE},   {U"iquest", 0xBF},   {U"Agrave", 0xC0},   {U"Aacute", 0xC1},   {U"Acirc", 0xC2},
      {U"Atilde", 0xC3},   {U"Auml", 0xC4},     {U"Aring", 0xC5},    {U"AElig", 0xC6},    {U"Ccedil", 0xC7},
      {U"Egrave", 0xC8},   {U"Eacute", 0xC9},   {U"Ecirc", 0xCA},    {U"Euml", 0xCB},     {U"Igrave", 0xCC},
      {U"Iacute", 0xCD},   {U"Icirc", 0xCE},    {U"Iuml", 0xCF},     {U"ETH", 0xD0},      {U"Ntilde", 0xD1},
      {U"Ograve", 0xD2},   {U"Oacute", 0xD3},   {U"Ocirc", 0xD4},    {U"Otilde", 0xD5},   {U"Ouml", 0xD6},
      {U"times", 0xD7},    {U"Oslash", 0xD8},   {U"Ugrave", 0xD9},   {U"Uacute", 0xDA},   {U"Ucirc", 0xDB},
      {U"Uuml", 0xDC},     {U"Yacute", 0xDD},   {U"THORN", 0xDE},    {U"szlig", 0xDF},    {U"agrave", 0xE0},
      {U"aacute", 0xE1},   {U"acirc", 0xE2},    {U"atilde", 0xE3},   {U"auml", 0xE4},     {U"aring", 0xE5},
      {U"aelig", 0xE6},    {U"ccedil", 0xE7},   {U"egrave", 0xE8},   {U"eacute", 0xE9},   {U"ecirc", 0xEA},
      {U"euml", 0xEB},     {U"igrave", 0xEC},   {U"iacute", 0xED},   {U"icirc", 0xEE},    {U"iuml", 0xEF},
      {U"eth", 0xF0},      {U"ntilde", 0xF1},   {U"ograve", 0xF2},   {U"oacute", 0xF3},   {U"ocirc", 0xF4},
      {U"otilde", 0xF5},   {U"ouml", 0xF6},     {U"divide", 0xF7},   {U"oslash", 0xF8},   {U"ugrave", 0xF9},
      {U"uacute", 0xFA},   {U"ucirc", 0xFB},    {U"uuml", 0xFC},     {U"yacute", 0xFD},   {U"thorn", 0xFE},
      {U"yuml", 0xFF},     {U"ndash", 0x2013},  {U"mdash", 0x2014},  {U"lsquo", 0x2018},  {U"rsquo", 0x2019},
      {U"sbquo", 0x201A},  {U"ldquo", 0x201C},  {U"rdquo", 0x201D},  {U"bdquo", 0x201E},  {U"dagger", 0x2020},
      {U"Dagger", 0x2021}, {U"bull", 0x2022},   {U"hellip", 0x2026}, {U"permil", 0x2030}, {U"prime", 0x2032},
      {U"lsaquo", 0x2039}, {U"rsaquo", 0x203A}, {U"euro", 0x20AC},   {U"trade", 0x2122},  {U"larr", 0x2190},
      {U"rarr", 0x2192},   {U"uarr", 0x2191},   {U"darr", 0x2193},   {U"hearts", 0x2665}, {U"ensp", 0x2002},
      {U"emsp", 0x2003},   {U"thinsp", 0x2009}, {U"zwnj", 0x200C},   {U"zwj", 0x200D},    {U"alpha", 0x03B1},
      {U"beta", 0x03B2},   {U"gamma", 0x03B3},  {U"delta", 0x03B4},  {U"pi", 0x03C0},     {U"sigma", 0x03C3},
      {U"mu", 0x03BC},     {U"infin", 0x221E},  {U"ne", 0x2260},     {U"le", 0x2264},     {U"ge", 0x2265},
      {U"minus", 0x2212}};
  return table;
}

bool is_removed_control(char32_t c) {
  // ftfy's remove_control_chars: C0 controls except \t \n \f \r, DEL, deprecated format characters, BOM,
  // interlinear annotation characters and the Unicode tag block.
  return (c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F || (c >= 0x206A && c <= 0x206F) ||
         c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC) || (c >= 0xE0000 && c <= 0xE007F);
}

bool is_hex_digit(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Python maps invalid numeric references (surrogates, > U+10FFFF, NUL) to U+FFFD.
char32_t sanitize_reference(unsigned long value) {
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0xFFFD;
  return static_cast<char32_t>(value);
}

}  // namespace

std::u32string fix_text(std::u32string_view input) {
  std::u32string text(input);
  if (text.find(U'<') == std::u32string::npos) text = unescape_html(text);
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (c == U'\r') {
      out += U'\n';
      if (i + 1 < text.size() && text[i + 1] == U'\n') ++i;
    } else if (c == 0x2028 || c == 0x2029 || c == 0x85) {
      out += U'\n';
    } else if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) {
      out += U'\'';
    } else if (c >= 0x201C && c <= 0x201F) {
      out += U'"';
    } else if (const auto ligature = ligatures().find(c); ligature != ligatures().end()) {
      out += ligature->second;
    } else if ((c >= 0xFF01 && c <= 0xFFEE) || c == 0x3000) {
      out += unicode::nfkc(std::u32string(1, c));
    } else if (!is_removed_control(c)) {
      out += c;
    }
  }
  return unicode::nfc(out);
}

std::u32string unescape_html(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != U'&') {
      out += text[i];
      continue;
    }
    std::size_t j = i + 1;
    if (j < text.size() && text[j] == U'#') {
      const bool hex = j + 1 < text.size() && (text[j + 1] == U'x' || text[j + 1] == U'X');
      std::size_t k = j + (hex ? 2 : 1);
      unsigned long value = 0;
      const std::size_t digits_start = k;
      while (k < text.size() && (hex ? is_hex_digit(text[k]) : (text[k] >= U'0' && text[k] <= U'9')) &&
             k - digits_start < 8) {
        const char32_t d = text[k];
        value = value * (hex ? 16 : 10) + (d <= U'9' ? d - U'0' : (d | 0x20) - U'a' + 10);
        ++k;
      }
      if (k > digits_start) {
        out += sanitize_reference(value);
        i = (k < text.size() && text[k] == U';') ? k : k - 1;
        continue;
      }
    } else {
      std::size_t k = j;
      while (k < text.size() && k - j < 10 &&
             ((text[k] >= U'a' && text[k] <= U'z') || (text[k] >= U'A' && text[k] <= U'Z') ||
              (text[k] >= U'0' && text[k] <= U'9'))) {
        ++k;
      }
      if (k < text.size() && text[k] == U';') {
        const auto entity = named_entities().find(std::u32string(text.substr(j, k - j)));
        if (entity != named_entities().end()) {
          out += entity->second;
          i = k;
          continue;
        }
      }
    }
    out += U'&';
  }
  return out;
}

std::u32string collapse_whitespace(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  bool in_space = false;
  for (char32_t c : text) {
    if (unicode::is_whitespace(c)) {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out += U' ';
    in_space = false;
    out += c;
  }
  return out;
}

std::u32string clean_clip_text(std::string_view utf8) {
  std::u32string text = fix_text(unicode::decode_utf8(utf8));
  text = unescape_html(unescape_html(text));
  return unicode::to_lower(collapse_whitespace(text));
}

}  // namespace promptune::text
