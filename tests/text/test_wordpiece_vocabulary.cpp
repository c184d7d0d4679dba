#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/text/masked_lm_tokenizer.h"
#include "core/text/wordpiece_vocabulary.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

TEST(WordPieceVocabulary, HoldsSpecialsCharactersPiecesAndFrequentWords) {
  const std::vector<std::string> corpus = {"The movie was good.", "the film was GOOD", "the plot was Dull"};
  WordPieceVocabularyOptions options;
  options.min_count = 2;
  const auto tokens = build_wordpiece_vocabulary(corpus, options);
  const std::vector<std::string> specials(tokens.begin(), tokens.begin() + 5);
  EXPECT_EQ(specials, (std::vector<std::string>{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}));
  auto position = [&](const std::string& token) {
    return std::find(tokens.begin(), tokens.end(), token) - tokens.begin();
  };
  for (const char* present : {"t", "##t", ".", "##.", "the", "was", "good"})
    EXPECT_LT(position(present), static_cast<long>(tokens.size())) << present;
  EXPECT_EQ(position("movie"), static_cast<long>(tokens.size())) << "seen once, below min_count";
  EXPECT_EQ(position("The"), static_cast<long>(tokens.size())) << "lower-cased";
  EXPECT_LT(position("the"), position("good")) << "3 occurrences before 2";
  EXPECT_EQ(std::set<std::string>(tokens.begin(), tokens.end()).size(), tokens.size()) << "no duplicates";
}

TEST(WordPieceVocabulary, WrittenTokenizerLoadsAndSpellsRareWordsWithoutUnknown) {
  testing::TemporaryFolder folder;
  const std::vector<std::string> corpus = {"the movie was good", "the movie was dull", "a zany plot"};
  WordPieceVocabularyOptions options;
  options.min_count = 2;
  const auto files =
      write_wordpiece_tokenizer(folder / "tokenizer", build_wordpiece_vocabulary(corpus, options), options);
  ASSERT_EQ(files.size(), 2u);
  const auto tokenizer = load_masked_lm_tokenizer(folder / "tokenizer");
  EXPECT_EQ(tokenizer->kind(), MaskedLmTokenizerKind::WordPiece);
  const auto ids = tokenizer->encode("The Movie was zany [MASK]");
  std::vector<std::string> pieces;
  for (int id : ids) pieces.push_back(tokenizer->token(id));
  EXPECT_EQ(pieces, (std::vector<std::string>{"the", "movie", "was", "z", "##a", "##n", "##y", "[MASK]"}));
}

}  // namespace
}  // namespace promptune
