#include "core/text/byte_level_bpe_tokenizer.h"

#include <nlohmann/json.hpp>

#include "core/text/bpe_merges.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/unicode.h"
#include "core/util/error.h"
#include "core/util/json_number.h"

namespace promptune {
namespace {

bool is_other(char32_t c) {
  return !unicode::is_whitespace(c) && !unicode::is_letter(c) && !unicode::is_number(c);
}

std::vector<std::string> id_order(const std::unordered_map<std::string, int>& vocabulary, const std::string& source) {
  std::vector<std::string> tokens;
  for (const auto& [token, id] : vocabulary) {
    if (id < 0) throw Error(source + ": token '" + token + "' has a negative id");
    if (id >= static_cast<int>(vocabulary.size()) + 1000000)
      throw Error(source + ": token '" + token + "' has id " + std::to_string(id) + ", far beyond the " +
                  std::to_string(vocabulary.size()) + " tokens of the vocabulary");
    if (id >= static_cast<int>(tokens.size())) tokens.resize(static_cast<std::size_t>(id) + 1);
    // Two tokens with one id would make one of them unreachable (and its merges produce an unknown symbol).
    if (!tokens[static_cast<std::size_t>(id)].empty())
      throw Error(source + ": tokens '" + tokens[static_cast<std::size_t>(id)] + "' and '" + token + "' both have id " +
                  std::to_string(id));
    tokens[static_cast<std::size_t>(id)] = token;
  }
  return tokens;
}

}  // namespace

ByteLevelBpeTokenizer::ByteLevelBpeTokenizer(const std::unordered_map<std::string, int>& vocabulary,
                                             const std::vector<std::string>& merges, std::vector<AddedToken> added,
                                             bool add_prefix_space, const std::string& source)
    : MaskedLmTokenizer(MaskedLmTokenizerKind::ByteLevelBpe, id_order(vocabulary, source), std::move(added), source),
      merge_ranks_(rank_merges(merges)),
      add_prefix_space_(add_prefix_space) {
  for (char32_t code : byte_to_unicode_table()) {
    const std::string symbol = unicode::encode_utf8(code);
    if (!vocabulary.count(symbol))
      throw Error(source + ": the vocabulary lacks the byte symbol '" + symbol +
                  "'; a byte-level BPE vocabulary holds all 256 of them");
  }
  for (const auto& [merge, rank] : merge_ranks_) {
    const std::string merged = merge.substr(0, merge.find(' ')) + merge.substr(merge.find(' ') + 1);
    if (!vocabulary.count(merged))
      throw Error(source + ": merge " + std::to_string(rank + 1) + " ('" + merge + "') produces '" + merged +
                  "', which is not in the vocabulary");
  }
  std::string options = add_prefix_space_ ? "prefix-space;" : "no-prefix-space;";
  for (const auto& merge : merges) options += merge + '\n';
  set_fingerprint(options);
}

std::unique_ptr<ByteLevelBpeTokenizer> ByteLevelBpeTokenizer::from_vocab_and_merges(
    const std::filesystem::path& vocab_json, const std::filesystem::path& merges_txt) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(read_text_file(vocab_json));
  } catch (const nlohmann::json::exception& error) {
    throw file_error(vocab_json, std::string("is not valid JSON: ") + error.what());
  }
  if (!document.is_object()) throw file_error(vocab_json, "must be a JSON object mapping tokens to ids");
  std::unordered_map<std::string, int> vocabulary;
  for (const auto& [token, id] : document.items()) {
    const auto number = json_integer_in(id, 0, INT_MAX);
    if (!number) throw file_error(vocab_json, "the id of '" + token + "' is not an integer from 0 to 2147483647");
    vocabulary.emplace(token, static_cast<int>(*number));
  }
  const auto merges = parse_merges(read_text_file(merges_txt), merges_txt, -1, false);
  return std::make_unique<ByteLevelBpeTokenizer>(vocabulary, merges, std::vector<AddedToken>{}, false,
                                                 vocab_json.parent_path().string());
}

std::string ByteLevelBpeTokenizer::describe() const {
  return "byte-level BPE (" + std::to_string(vocabulary_size()) + " tokens, " + std::to_string(merge_ranks_.size()) +
         " merges)";
}

// GPT-2's pattern 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+ as a scanner: the
// alternatives are tried in this order at every position, each greedy.
std::vector<std::string> ByteLevelBpeTokenizer::pre_tokenize(std::string_view utf8) {
  static const std::u32string_view kContractions[] = {U"'re", U"'ve", U"'ll", U"'s", U"'t", U"'m", U"'d"};
  const std::u32string text = unicode::decode_utf8(utf8);
  std::vector<std::string> pieces;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto run_of = [&](std::size_t from, bool (*accept)(char32_t)) {
    while (from < n && accept(text[from])) ++from;
    return from;
  };
  while (i < n) {
    std::size_t end = i;
    bool matched = false;
    if (text[i] == U'\'') {
      for (auto contraction : kContractions) {
        if (text.compare(i, contraction.size(), contraction) == 0) {
          end = i + contraction.size();
          matched = true;
          break;
        }
      }
    }
    if (!matched) {
      const std::size_t body = (text[i] == U' ' && i + 1 < n) ? i + 1 : i;
      const char32_t c = text[body];
      if (unicode::is_letter(c)) {
        end = run_of(body, unicode::is_letter), matched = true;
      } else if (unicode::is_number(c)) {
        end = run_of(body, unicode::is_number), matched = true;
      } else if (is_other(c)) {
        end = run_of(body, is_other), matched = true;
      }
    }
    if (!matched) {  // whitespace: all of it at the end, else all but the last character (it joins the next word)
      const std::size_t run_end = run_of(i, unicode::is_whitespace);
      end = (run_end == n || run_end - i == 1) ? run_end : run_end - 1;
    }
    pieces.push_back(unicode::encode_utf8(std::u32string_view(text).substr(i, end - i)));
    i = end;
  }
  return pieces;
}

std::vector<int> ByteLevelBpeTokenizer::bpe(const std::string& piece) const {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (const auto cached = cache_.find(piece); cached != cache_.end()) return cached->second;
  }
  std::vector<std::string> symbols;
  for (unsigned char byte : piece) symbols.push_back(unicode::encode_utf8(byte_to_unicode_table()[byte]));
  std::vector<int> ids;
  for (const auto& symbol : apply_bpe_merges(std::move(symbols), merge_ranks_))
    ids.push_back(ids_.at(symbol));  // merges and byte symbols were validated at construction
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (cache_.size() > 100000) cache_.clear();  // bounded: user text is unbounded
  cache_.emplace(piece, ids);
  return ids;
}

std::vector<int> ByteLevelBpeTokenizer::encode_ordinary(std::string_view text) const {
  std::string prefixed;
  if (add_prefix_space_ && !text.empty() && text.front() != ' ') {
    prefixed = " " + std::string(text);
    text = prefixed;
  }
  std::vector<int> ids;
  for (const std::string& piece : pre_tokenize(text)) {
    const auto piece_ids = bpe(piece);
    ids.insert(ids.end(), piece_ids.begin(), piece_ids.end());
  }
  return ids;
}

std::string ByteLevelBpeTokenizer::decode_ordinary(const std::vector<int>& ids) const {
  static const std::unordered_map<char32_t, unsigned char> byte_of = [] {
    std::unordered_map<char32_t, unsigned char> inverse;
    for (int b = 0; b < 256; ++b) inverse[byte_to_unicode_table()[b]] = static_cast<unsigned char>(b);
    return inverse;
  }();
  std::string bytes;
  for (int id : ids)
    for (char32_t c : unicode::decode_utf8(tokens_[static_cast<std::size_t>(id)]))
      if (const auto byte = byte_of.find(c); byte != byte_of.end()) bytes += static_cast<char>(byte->second);
  return unicode::encode_utf8(unicode::decode_utf8(bytes));  // invalid byte runs become U+FFFD
}

}  // namespace promptune
