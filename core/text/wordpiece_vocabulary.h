#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace promptune {

struct WordPieceVocabularyOptions {
  int min_count = 1;       ///< words seen fewer times are spelled with character pieces
  int max_words = 30000;   ///< most frequent whole words kept
  bool lower_case = true;  ///< BERT-uncased normalisation (also written into tokenizer_config.json)
  int model_max_length = 512;
};

/// A WordPiece vocabulary for a corpus, as a model pre-trained from scratch needs it: [PAD] [UNK] [CLS] [SEP]
/// [MASK], every character of the corpus as a word-initial token and as a "##" piece (so no text becomes [UNK]),
/// then whole words (after BERT's basic tokenisation) by descending count, ties in byte order.
std::vector<std::string> build_wordpiece_vocabulary(const std::vector<std::string>& texts,
                                                    const WordPieceVocabularyOptions& options = {});

/// Writes vocab.txt and tokenizer_config.json (BertTokenizer with the casing of `options`) into `folder`; returns
/// the two paths, ready for MaskedLmBackbone::save_huggingface.
std::vector<std::filesystem::path> write_wordpiece_tokenizer(const std::filesystem::path& folder,
                                                             const std::vector<std::string>& tokens,
                                                             const WordPieceVocabularyOptions& options = {});

}  // namespace promptune
