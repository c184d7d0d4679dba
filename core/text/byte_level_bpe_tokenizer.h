#pragma once

#include <mutex>

#include "core/text/masked_lm_tokenizer.h"

namespace promptune {

/// RoBERTa's (GPT-2's) byte-level BPE: added tokens first (<mask> absorbs the space before it), the GPT-2
/// pre-tokenisation pattern, bytes mapped to printable symbols, lowest-rank-first merges with a per-word cache.
class ByteLevelBpeTokenizer : public MaskedLmTokenizer {
 public:
  /// `vocabulary`: token -> id; `merges`: "a b" in rank order. <s>, </s>, <pad>, <mask>, <unk> must be among the
  /// vocabulary or `added`.
  ByteLevelBpeTokenizer(const std::unordered_map<std::string, int>& vocabulary, const std::vector<std::string>& merges,
                        std::vector<AddedToken> added, bool add_prefix_space, const std::string& source);
  /// Reads vocab.json + merges.txt; <mask> gets lstrip as RoBERTa registers it.
  static std::unique_ptr<ByteLevelBpeTokenizer> from_vocab_and_merges(const std::filesystem::path& vocab_json,
                                                                      const std::filesystem::path& merges_txt);
  std::string describe() const override;
  /// The pre-tokenised pieces of `text` (GPT-2 pattern), before the byte mapping: for tests and diagnostics.
  static std::vector<std::string> pre_tokenize(std::string_view text);

 protected:
  std::vector<int> encode_ordinary(std::string_view text) const override;
  std::string decode_ordinary(const std::vector<int>& ids) const override;

 private:
  std::vector<int> bpe(const std::string& piece) const;
  std::unordered_map<std::string, int> merge_ranks_;
  bool add_prefix_space_ = false;
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<int>> cache_;
};

}  // namespace promptune
