#include "core/text/masked_lm_tokenizer.h"

#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"
#include "core/text/bpe_merges.h"
#include "core/text/byte_level_bpe_tokenizer.h"
#include "core/text/unicode.h"
#include "core/text/wordpiece_tokenizer.h"
#include "core/util/error.h"
#include "core/util/hashing.h"
#include "core/util/json_number.h"

namespace promptune {
namespace {

struct SpecialNames {
  const char *cls, *sep, *pad, *mask, *unk;
};

SpecialNames special_names(MaskedLmTokenizerKind kind) {
  if (kind == MaskedLmTokenizerKind::WordPiece) return {"[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]"};
  return {"<s>", "</s>", "<pad>", "<mask>", "<unk>"};
}

bool is_space_byte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::vector<AddedToken> parse_added_tokens(const nlohmann::json& document, const std::filesystem::path& path) {
  std::vector<AddedToken> added;
  const auto list = document.value("added_tokens", nlohmann::json::array());
  if (!list.is_array()) throw file_error(path, "added_tokens must be a list");
  for (const auto& entry : list) {
    if (!entry.is_object() || !entry.contains("content") || !entry.contains("id"))
      throw file_error(path, "each entry of added_tokens needs \"content\" and \"id\"");
    AddedToken token;
    token.content = entry.at("content").get<std::string>();
    const auto id = json_integer_in(entry.at("id"), 0, INT_MAX);
    if (!id)
      throw file_error(path, "added token '" + token.content + "' has no valid id (" + entry.at("id").dump() + ")");
    token.id = static_cast<int>(*id);
    token.lstrip = entry.value("lstrip", false);
    token.rstrip = entry.value("rstrip", false);
    added.push_back(token);
  }
  return added;
}

// The ByteLevel pre-tokenizer, directly or inside a Sequence.
const nlohmann::json* find_byte_level(const nlohmann::json& pre_tokenizer) {
  if (!pre_tokenizer.is_object()) return nullptr;
  if (pre_tokenizer.value("type", "") == "ByteLevel") return &pre_tokenizer;
  if (pre_tokenizer.value("type", "") == "Sequence")
    for (const auto& inner : pre_tokenizer.value("pretokenizers", nlohmann::json::array()))
      if (const auto* found = find_byte_level(inner)) return found;
  return nullptr;
}

std::unique_ptr<MaskedLmTokenizer> read_tokenizer_json(const std::filesystem::path& path) {
  const nlohmann::json document = read_json_file(path);
  if (!document.is_object()) throw file_error(path, "must be a JSON object (a Hugging Face tokenizer.json)");
  const auto model = document.value("model", nlohmann::json::object());
  const std::string type = model.value("type", "");
  const auto added = parse_added_tokens(document, path);
  const auto vocabulary_json = model.value("vocab", nlohmann::json::object());
  if (!vocabulary_json.is_object()) throw file_error(path, "model.vocab must map tokens to ids");
  std::unordered_map<std::string, int> vocabulary;
  for (const auto& [token, id] : vocabulary_json.items()) {
    const auto number = json_integer_in(id, 0, INT_MAX);
    if (!number)
      throw file_error(path, "the id of '" + token + "' is not an integer from 0 to " + std::to_string(INT_MAX));
    vocabulary.emplace(token, static_cast<int>(*number));
  }
  if (type == "WordPiece") {
    WordPieceOptions options;
    const auto normalizer = document.value("normalizer", nlohmann::json::object());
    if (normalizer.is_object() && normalizer.value("type", "") == "BertNormalizer") {
      options.lower_case = normalizer.value("lowercase", true);
      if (normalizer.contains("strip_accents") && normalizer["strip_accents"].is_boolean())
        options.strip_accents = normalizer["strip_accents"].get<bool>();
      options.split_chinese_characters = normalizer.value("handle_chinese_chars", true);
    } else if (!normalizer.is_null()) {
      throw file_error(path, "normalizer \"" + normalizer.value("type", std::string("?")) +
                                 "\" is not supported for WordPiece (BertNormalizer is)");
    }
    options.unknown_token = model.value("unk_token", "[UNK]");
    options.continuation_prefix = model.value("continuing_subword_prefix", "##");
    options.max_characters_per_word =
        json_int_field(model, "max_input_chars_per_word", 100, path.string() + ": model", 1, 1000000);
    std::vector<std::string> tokens(vocabulary.size());
    for (const auto& [token, id] : vocabulary) {
      if (id < 0 || id >= static_cast<int>(tokens.size()))
        throw file_error(path, "token '" + token + "' has id " + std::to_string(id) + " outside the vocabulary");
      if (!tokens[static_cast<std::size_t>(id)].empty())
        throw file_error(path, "tokens '" + tokens[static_cast<std::size_t>(id)] + "' and '" + token +
                                   "' both have id " + std::to_string(id));
      tokens[static_cast<std::size_t>(id)] = token;
    }
    return std::make_unique<WordPieceTokenizer>(std::move(tokens), options, added, path.string());
  }
  if (type == "BPE") {
    const nlohmann::json pre_tokenizer = document.value("pre_tokenizer", nlohmann::json());
    const auto* byte_level = find_byte_level(pre_tokenizer);
    if (byte_level == nullptr)
      throw file_error(path,
                       "is a BPE tokenizer without a ByteLevel pre-tokenizer; only RoBERTa/GPT-2 style "
                       "byte-level BPE is supported for masked LMs");
    std::vector<std::string> merges;
    for (const auto& merge : model.value("merges", nlohmann::json::array())) {
      if (merge.is_string())
        merges.push_back(merge.get<std::string>());
      else if (merge.is_array() && merge.size() == 2)
        merges.push_back(merge[0].get<std::string>() + " " + merge[1].get<std::string>());
      else
        throw file_error(path, "model.merges must hold \"a b\" strings or [\"a\", \"b\"] pairs");
    }
    return std::make_unique<ByteLevelBpeTokenizer>(vocabulary, merges, added,
                                                   byte_level->value("add_prefix_space", false), path.string());
  }
  throw file_error(path, "model type \"" + type +
                             "\" is not supported; masked LMs need WordPiece (BERT) or "
                             "byte-level BPE (RoBERTa)");
}

std::unique_ptr<MaskedLmTokenizer> from_tokenizer_json(const std::filesystem::path& path) {
  try {
    return read_tokenizer_json(path);
  } catch (const nlohmann::json::exception& error) {
    throw file_error(path, std::string("has a field of the wrong type: ") + error.what());
  }
}

}  // namespace

MaskedLmTokenizer::MaskedLmTokenizer(MaskedLmTokenizerKind kind, std::vector<std::string> tokens,
                                     std::vector<AddedToken> added, const std::string& source)
    : tokens_(std::move(tokens)), kind_(kind), added_(std::move(added)) {
  if (tokens_.empty()) throw Error(source + ": the vocabulary is empty");
  ids_.reserve(tokens_.size());
  for (std::size_t id = 0; id < tokens_.size(); ++id) ids_.emplace(tokens_[id], static_cast<int>(id));
  for (const auto& token : added_) {
    if (token.id < 0) throw Error(source + ": added token '" + token.content + "' has a negative id");
    if (token.id >= static_cast<int>(tokens_.size() + added_.size()) + 1000000)
      throw Error(source + ": added token '" + token.content + "' has id " + std::to_string(token.id) +
                  ", far beyond the " + std::to_string(tokens_.size()) + " tokens of the vocabulary");
    if (token.id >= static_cast<int>(tokens_.size())) tokens_.resize(static_cast<std::size_t>(token.id) + 1);
    tokens_[static_cast<std::size_t>(token.id)] = token.content;
    ids_[token.content] = token.id;
  }
  const SpecialNames names = special_names(kind);
  auto require = [&](const char* name, const char* role) {
    const auto found = ids_.find(name);
    if (found == ids_.end())
      throw Error(source + ": the vocabulary has no " + name + " token (" + role + "), which a masked LM needs");
    const bool already_added =
        std::any_of(added_.begin(), added_.end(), [&](const AddedToken& token) { return token.content == name; });
    // RoBERTa registers <mask> with lstrip: "It was <mask>." puts the space into the mask, not into a "Ġ".
    if (!already_added) added_.push_back({name, found->second, std::string(name) == "<mask>", false});
    return found->second;
  };
  special_.cls = require(names.cls, "sequence start");
  special_.sep = require(names.sep, "separator");
  special_.pad = require(names.pad, "padding");
  special_.mask = require(names.mask, "mask");
  special_.unk = require(names.unk, "unknown");
  mask_text_ = names.mask;
  // Longest first, so that an added token containing another is matched whole.
  std::sort(added_.begin(), added_.end(),
            [](const AddedToken& a, const AddedToken& b) { return a.content.size() > b.content.size(); });
}

void MaskedLmTokenizer::set_fingerprint(const std::string& options) {
  Sha256 hash;
  hash.update(options);
  for (const auto& token : tokens_) {
    hash.update(token);
    hash.update("\n", 1);
  }
  fingerprint_ = std::string(kind_ == MaskedLmTokenizerKind::WordPiece ? "wordpiece:" : "byte-bpe:") +
                 hash.hex_digest().substr(0, 16);
}

std::optional<int> MaskedLmTokenizer::vocabulary_id(const std::string& token) const {
  const auto found = ids_.find(token);
  if (found == ids_.end()) return std::nullopt;
  return found->second;
}

std::optional<int> MaskedLmTokenizer::find_token(const std::string& token) const {
  return vocabulary_id(token);
}

std::vector<int> MaskedLmTokenizer::encode(std::string_view text) const {
  std::vector<int> ids;
  std::size_t position = 0;
  bool strip_leading = false;
  while (position <= text.size()) {
    // The earliest added token; the longest one where several start at the same place.
    std::size_t best_at = std::string_view::npos;
    const AddedToken* best = nullptr;
    for (const auto& token : added_) {
      const auto at = text.find(token.content, position);
      if (at != std::string_view::npos && (at < best_at)) best_at = at, best = &token;
    }
    std::string_view chunk = text.substr(position, best == nullptr ? std::string_view::npos : best_at - position);
    if (strip_leading)
      while (!chunk.empty() && is_space_byte(chunk.front())) chunk.remove_prefix(1);
    if (best != nullptr && best->lstrip)
      while (!chunk.empty() && is_space_byte(chunk.back())) chunk.remove_suffix(1);
    if (!chunk.empty()) {
      const auto chunk_ids = encode_ordinary(chunk);
      ids.insert(ids.end(), chunk_ids.begin(), chunk_ids.end());
    }
    if (best == nullptr) break;
    ids.push_back(best->id);
    strip_leading = best->rstrip;
    position = best_at + best->content.size();
  }
  return ids;
}

std::vector<int> MaskedLmTokenizer::encode_label_word(const std::string& word) const {
  if (!word.empty() && (word[0] == '<' || word[0] == '[' || word[0] == '.' || word[0] == ',')) {
    if (const auto id = find_token(word)) return {*id};
    return encode(word);
  }
  return encode(kind_ == MaskedLmTokenizerKind::ByteLevelBpe ? " " + word : word);
}

std::string MaskedLmTokenizer::token(int id) const {
  if (id < 0 || id >= vocabulary_size()) return "<invalid id " + std::to_string(id) + ">";
  return tokens_[static_cast<std::size_t>(id)];
}

std::string MaskedLmTokenizer::decode(const std::vector<int>& ids) const {
  std::string text;
  std::vector<int> run;
  auto flush = [&] {
    if (run.empty()) return;
    if (!text.empty() && kind_ == MaskedLmTokenizerKind::WordPiece) text += ' ';
    text += decode_ordinary(run);
    run.clear();
  };
  for (int id : ids) {
    const bool added =
        std::any_of(added_.begin(), added_.end(), [&](const AddedToken& token) { return token.id == id; });
    if (!added && id >= 0 && id < vocabulary_size()) {
      run.push_back(id);
      continue;
    }
    flush();
    if (!text.empty() && (kind_ == MaskedLmTokenizerKind::WordPiece || id == special_.mask)) text += ' ';
    text += token(id);
  }
  flush();
  return text;
}

std::unique_ptr<MaskedLmTokenizer> load_masked_lm_tokenizer(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  if (fs::exists(folder / "tokenizer.json")) return from_tokenizer_json(folder / "tokenizer.json");
  if (fs::exists(folder / "vocab.txt")) {
    const auto config_file = folder / "tokenizer_config.json";
    const nlohmann::json config = fs::exists(config_file) ? read_json_file(config_file) : nlohmann::json::object();
    if (!config.is_object()) throw file_error(config_file, "must be a JSON object");
    // A setting of the wrong type is named rather than ignored: it changes every token id.
    const auto flag = [&](const char* name, bool fallback) {
      if (!config.contains(name) || config[name].is_null()) return fallback;
      if (!config[name].is_boolean())
        throw file_error(config_file, std::string("\"") + name + "\" must be true or false");
      return config[name].get<bool>();
    };
    WordPieceOptions options;
    options.lower_case = flag("do_lower_case", true);
    if (config.contains("strip_accents") && config["strip_accents"].is_boolean())
      options.strip_accents = config["strip_accents"].get<bool>();
    options.split_chinese_characters = flag("tokenize_chinese_chars", true);
    return WordPieceTokenizer::from_vocab_file(folder / "vocab.txt", options);
  }
  if (fs::exists(folder / "vocab.json") && fs::exists(folder / "merges.txt"))
    return ByteLevelBpeTokenizer::from_vocab_and_merges(folder / "vocab.json", folder / "merges.txt");
  throw file_error(folder,
                   "has no masked-LM tokenizer: expected tokenizer.json, vocab.txt (BERT WordPiece) or "
                   "vocab.json + merges.txt (RoBERTa byte-level BPE)");
}

}  // namespace promptune
