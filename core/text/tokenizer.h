#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace promptune {

/// What every tokenizer of Promptune offers (CLIP BPE, BERT WordPiece, RoBERTa BPE). Implementations are
/// immutable after construction apart from internal caches, and safe to use from several threads.
class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  /// Token ids of `text` without special tokens.
  virtual std::vector<int> encode(std::string_view text) const = 0;
  /// Text of `ids` for display (special tokens included as their names).
  virtual std::string decode(const std::vector<int>& ids) const = 0;
  /// The vocabulary string of one id (e.g. "photo</w>"), for nearest-token views.
  virtual std::string token(int id) const = 0;
  virtual int vocabulary_size() const = 0;
};

}  // namespace promptune
