#include "core/text/clip_tokenizer.h"

#include <zlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text/bpe_merges.h"
#include "core/text/text_cleaning.h"
#include "core/text/unicode.h"
#include "core/util/error.h"
#include "core/util/hashing.h"
#include "core/util/json_number.h"

namespace promptune {
namespace {

constexpr const char* kStartText = "<|startoftext|>";
constexpr const char* kEndText = "<|endoftext|>";
// The reference vocabulary uses the first 49152 - 256 - 2 merges of the OpenAI merge file.
constexpr int kOpenAiMergeCount = 49152 - 256 - 2;

// Bytes in the order of the reference bytes_to_unicode() dictionary: printable ranges first, then the rest.
std::vector<int> bytes_in_reference_order() {
  std::vector<int> order;
  for (int b = '!'; b <= '~'; ++b) order.push_back(b);
  for (int b = 0xA1; b <= 0xAC; ++b) order.push_back(b);
  for (int b = 0xAE; b <= 0xFF; ++b) order.push_back(b);
  for (int b = 0; b < 256; ++b) {
    if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) continue;
    order.push_back(b);
  }
  return order;
}

std::string read_gzip_file(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) throw file_error(path, "does not exist");
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) throw file_error(path, "cannot be opened as a gzip file");
  std::string content;
  char chunk[1 << 16];
  int count = 0;
  while ((count = gzread(file, chunk, sizeof(chunk))) > 0) content.append(chunk, static_cast<std::size_t>(count));
  int error_number = 0;
  const std::string message = count < 0 ? gzerror(file, &error_number) : "";
  gzclose(file);
  if (count < 0) throw file_error(path, "is not a valid gzip archive (" + message + ")");
  return content;
}

bool starts_with(const std::u32string& text, std::size_t at, std::u32string_view prefix) {
  return text.compare(at, prefix.size(), prefix) == 0;
}

// The reference pattern, applied to cleaned (lower-cased) text:
// <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
std::vector<std::string> pre_tokenize(const std::u32string& text) {
  static const std::u32string_view kContractions[] = {U"'s", U"'t", U"'re", U"'ve", U"'m", U"'ll", U"'d"};
  std::vector<std::string> pieces;
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t c = text[i];
    std::size_t end = i;
    if (starts_with(text, i, U"<|startoftext|>")) {
      end = i + 15;
    } else if (starts_with(text, i, U"<|endoftext|>")) {
      end = i + 13;
    } else if (c == U'\'' && [&] {
                 for (auto contraction : kContractions) {
                   if (starts_with(text, i, contraction)) return end = i + contraction.size(), true;
                 }
                 return false;
               }()) {
    } else if (unicode::is_letter(c)) {
      while (end < text.size() && unicode::is_letter(text[end])) ++end;
    } else if (unicode::is_number(c)) {
      end = i + 1;
    } else if (!unicode::is_whitespace(c)) {
      while (end < text.size() && !unicode::is_whitespace(text[end]) && !unicode::is_letter(text[end]) &&
             !unicode::is_number(text[end])) {
        ++end;
      }
    } else {
      ++i;
      continue;
    }
    pieces.push_back(unicode::encode_utf8(std::u32string_view(text).substr(i, end - i)));
    i = end;
  }
  return pieces;
}

}  // namespace

const std::vector<char32_t>& byte_to_unicode_table() {
  static const std::vector<char32_t> table = [] {
    std::vector<char32_t> mapping(256);
    char32_t next_free = 256;
    for (int b = 0; b < 256; ++b) {
      const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      mapping[b] = printable ? static_cast<char32_t>(b) : next_free++;
    }
    return mapping;
  }();
  return table;
}

ClipTokenizer::ClipTokenizer(std::unordered_map<std::string, int> encoder,
                             std::unordered_map<std::string, int> merge_ranks, const std::string& source)
    : encoder_(std::move(encoder)), merge_ranks_(std::move(merge_ranks)) {
  int largest = -1;
  for (const auto& [symbol, id] : encoder_) largest = std::max(largest, id);
  decoder_.assign(static_cast<std::size_t>(largest + 1), std::string());
  for (const auto& [symbol, id] : encoder_) {
    if (id < 0) throw Error(source + ": token '" + symbol + "' has a negative id");
    decoder_[static_cast<std::size_t>(id)] = symbol;
  }
  for (const char* special : {kStartText, kEndText}) {
    if (!encoder_.count(special)) throw Error(source + ": the vocabulary has no '" + special + "' token");
  }
  if (encoder_.at(kStartText) != kStartOfText || encoder_.at(kEndText) != kEndOfText) {
    throw Error(source + ": special tokens have ids " + std::to_string(encoder_.at(kStartText)) + "/" +
                std::to_string(encoder_.at(kEndText)) + ", CLIP expects 49406/49407");
  }
  for (char32_t code : byte_to_unicode_table()) {
    const std::string symbol = unicode::encode_utf8(code);
    if (!encoder_.count(symbol) || !encoder_.count(symbol + "</w>")) {
      throw Error(source + ": the vocabulary lacks the byte symbol '" + symbol + "' (or its '</w>' form)");
    }
  }
  for (const auto& [merge, rank] : merge_ranks_) {
    const std::string merged = merge.substr(0, merge.find(' ')) + merge.substr(merge.find(' ') + 1);
    if (!encoder_.count(merged)) {
      throw Error(source + ": merge " + std::to_string(rank + 1) + " ('" + merge + "') produces '" + merged +
                  "', which is not in the vocabulary");
    }
  }
  std::vector<std::string> ordered(merge_ranks_.size());
  for (const auto& [merge, rank] : merge_ranks_) ordered[static_cast<std::size_t>(rank)] = merge;
  Sha256 hash;
  for (const auto& merge : ordered) hash.update(merge + "\n");
  fingerprint_ = "clip-bpe:" + hash.hex_digest().substr(0, 16);
}

std::unique_ptr<ClipTokenizer> ClipTokenizer::from_vocab_and_merges(const std::filesystem::path& vocab_json,
                                                                    const std::filesystem::path& merges_txt) {
  nlohmann::json vocabulary;
  try {
    vocabulary = nlohmann::json::parse(read_text_file(vocab_json));
  } catch (const nlohmann::json::exception& error) {
    throw file_error(vocab_json, std::string("is not valid JSON: ") + error.what());
  }
  if (!vocabulary.is_object()) throw file_error(vocab_json, "must be a JSON object mapping tokens to ids");
  std::unordered_map<std::string, int> encoder;
  encoder.reserve(vocabulary.size());
  for (const auto& [symbol, id] : vocabulary.items()) {
    const auto number = json_integer_in(id, 0, INT_MAX);
    if (!number)
      throw file_error(vocab_json, "the id of token '" + symbol + "' is not an integer from 0 to 2147483647");
    encoder.emplace(symbol, static_cast<int>(*number));
  }
  auto merges = parse_merges(read_text_file(merges_txt), merges_txt, -1, false);
  return std::unique_ptr<ClipTokenizer>(
      new ClipTokenizer(std::move(encoder), rank_merges(merges), vocab_json.string() + " + " + merges_txt.string()));
}

std::unique_ptr<ClipTokenizer> ClipTokenizer::from_bpe_archive(const std::filesystem::path& bpe_gz) {
  const auto merges = parse_merges(read_gzip_file(bpe_gz), bpe_gz, kOpenAiMergeCount, true);
  std::vector<std::string> vocabulary;
  for (int b : bytes_in_reference_order()) vocabulary.push_back(unicode::encode_utf8(byte_to_unicode_table()[b]));
  const std::size_t base = vocabulary.size();
  for (std::size_t i = 0; i < base; ++i) vocabulary.push_back(vocabulary[i] + "</w>");
  for (const auto& merge : merges) {
    const auto space = merge.find(' ');
    vocabulary.push_back(merge.substr(0, space) + merge.substr(space + 1));
  }
  vocabulary.push_back(kStartText);
  vocabulary.push_back(kEndText);
  std::unordered_map<std::string, int> encoder;
  for (std::size_t i = 0; i < vocabulary.size(); ++i) encoder.emplace(vocabulary[i], static_cast<int>(i));
  return std::unique_ptr<ClipTokenizer>(new ClipTokenizer(std::move(encoder), rank_merges(merges), bpe_gz.string()));
}

std::unique_ptr<ClipTokenizer> ClipTokenizer::from_directory(const std::filesystem::path& folder) {
  if (std::filesystem::exists(folder / "vocab.json") && std::filesystem::exists(folder / "merges.txt")) {
    return from_vocab_and_merges(folder / "vocab.json", folder / "merges.txt");
  }
  if (std::filesystem::exists(folder / "bpe_simple_vocab_16e6.txt.gz")) {
    return from_bpe_archive(folder / "bpe_simple_vocab_16e6.txt.gz");
  }
  throw file_error(folder, "has no CLIP tokenizer: expected vocab.json + merges.txt or bpe_simple_vocab_16e6.txt.gz");
}

std::vector<int> ClipTokenizer::bpe(const std::string& word) const {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (const auto cached = cache_.find(word); cached != cache_.end()) return cached->second;
  }
  std::vector<int> ids;
  if (word == kStartText || word == kEndText) {
    ids.push_back(encoder_.at(word));
  } else {
    const auto symbols = apply_bpe_merges(clip_word_symbols(word), merge_ranks_);
    for (const auto& symbol : symbols) ids.push_back(encoder_.at(symbol));  // validated at load
  }
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (cache_.size() > 100000) cache_.clear();  // bounded: user text is unbounded
  cache_.emplace(word, ids);
  return ids;
}

std::vector<int> ClipTokenizer::encode(std::string_view text) const {
  std::vector<int> ids;
  for (const std::string& piece : clip_words(text)) {
    const auto piece_ids = bpe(piece);
    ids.insert(ids.end(), piece_ids.begin(), piece_ids.end());
  }
  return ids;
}

std::vector<std::string> clip_words(std::string_view text) {
  return pre_tokenize(text::clean_clip_text(text));
}

std::vector<std::string> clip_word_symbols(const std::string& word) {
  std::vector<std::string> symbols;
  for (unsigned char byte : word) symbols.push_back(unicode::encode_utf8(byte_to_unicode_table()[byte]));
  if (!symbols.empty()) symbols.back() += "</w>";
  return symbols;
}

ClipTokens ClipTokenizer::encode_for_model(std::string_view text, int context_length, bool truncate) const {
  if (context_length < 2) throw Error("the context length must be at least 2, got " + std::to_string(context_length));
  const std::vector<int> bpe_ids = encode(text);
  ClipTokens tokens;
  tokens.bpe_length = static_cast<int>(bpe_ids.size());
  const int needed = tokens.bpe_length + 2;
  if (needed > context_length && !truncate) {
    throw Error("the text \"" + std::string(text.substr(0, 60)) + (text.size() > 60 ? "..." : "") + "\" is " +
                std::to_string(needed) + " tokens long, more than the context of " + std::to_string(context_length));
  }
  tokens.ids.assign(static_cast<std::size_t>(context_length), 0);
  tokens.ids[0] = kStartOfText;
  const int kept = std::min(tokens.bpe_length, context_length - 2);
  std::copy(bpe_ids.begin(), bpe_ids.begin() + kept, tokens.ids.begin() + 1);
  tokens.eot_position = kept + 1;
  tokens.ids[static_cast<std::size_t>(tokens.eot_position)] = kEndOfText;
  return tokens;
}

std::string ClipTokenizer::token(int id) const {
  if (id < 0 || id >= vocabulary_size()) return "<invalid id " + std::to_string(id) + ">";
  return decoder_[static_cast<std::size_t>(id)];
}

std::string ClipTokenizer::decode(const std::vector<int>& ids) const {
  static const std::unordered_map<char32_t, unsigned char> byte_of = [] {
    std::unordered_map<char32_t, unsigned char> inverse;
    for (int b = 0; b < 256; ++b) inverse[byte_to_unicode_table()[b]] = static_cast<unsigned char>(b);
    return inverse;
  }();
  std::string bytes;
  for (int id : ids) {
    const std::string symbol = token(id);
    if (id == kStartOfText || id == kEndOfText || symbol.rfind("<invalid", 0) == 0) {
      bytes += symbol;
      continue;
    }
    std::u32string code_points = unicode::decode_utf8(symbol);
    bool word_end = false;
    if (code_points.size() >= 4 && code_points.compare(code_points.size() - 4, 4, U"</w>") == 0) {
      code_points.resize(code_points.size() - 4);
      word_end = true;
    }
    for (char32_t c : code_points) {
      const auto byte = byte_of.find(c);
      if (byte != byte_of.end()) bytes += static_cast<char>(byte->second);
    }
    if (word_end) bytes += ' ';
  }
  while (!bytes.empty() && bytes.back() == ' ') bytes.pop_back();
  return unicode::encode_utf8(unicode::decode_utf8(bytes));  // invalid byte runs become U+FFFD
}

}  // namespace promptune
