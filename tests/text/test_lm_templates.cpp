#include <gtest/gtest.h>

#include "core/text/lm_template.h"
#include "core/text/masked_lm_tokenizer.h"
#include "tests/support/errors.h"
#include "tests/support/temporary_folder.h"
#include "tests/support/tiny_masked_lm_vocabulary.h"

namespace promptune {
namespace {

using testing::error_of;
using testing::TemporaryFolder;

std::vector<int> concat(std::initializer_list<std::vector<int>> parts) {
  std::vector<int> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

class LmTemplates : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_byte_level_files(folder_, "roberta", testing::sentiment_merges());
    roberta_ = load_masked_lm_tokenizer(folder_ / "roberta");
    testing::write_wordpiece_vocabulary(folder_, "bert",
                                        {"a", "fun", "film", ".", "it", "was", "great", "terrible", "?", ",", "the",
                                         "cat", "sat", "sits", "fan", "##tas", "##tic"});
    bert_ = load_masked_lm_tokenizer(folder_ / "bert");
  }
  TemporaryFolder folder_;
  std::unique_ptr<MaskedLmTokenizer> roberta_, bert_;
};

TEST_F(LmTemplates, Sst2TemplateInBothFormsEncodesPieceByPiece) {
  const auto lm_bff = LmTemplate::parse("*cls**sent_0*_It_was*mask*.*sep+*");
  const auto plain = LmTemplate::parse("{sentence} It was [MASK].");
  const auto& s = roberta_->special_ids();
  const auto encoded = lm_bff.encode(*roberta_, "A fun film.", "", {});
  const auto expected = concat({{s.cls},
                                roberta_->encode("A fun film."),
                                roberta_->encode(" It was"),
                                {s.mask},
                                {*roberta_->find_token(".")},
                                {s.sep}});
  EXPECT_EQ(encoded.ids, expected);
  EXPECT_EQ(encoded.mask_position, static_cast<int>(expected.size()) - 3);
  EXPECT_EQ(roberta_->token(encoded.ids[static_cast<std::size_t>(encoded.mask_position) - 1]), "Ġwas");
  EXPECT_EQ(plain.encode(*roberta_, "A fun film.", "", {}).ids, expected);
  EXPECT_EQ(encoded.token_types, std::vector<int>(expected.size(), 0));
  // BERT: the same template through WordPiece.
  const auto bert = lm_bff.encode(*bert_, "A fun film.", "", {});
  EXPECT_EQ(bert_->decode(bert.ids), "[CLS] a fun film . it was [MASK] . [SEP]");
  EXPECT_EQ(plain.encode(*bert_, "A fun film.", "", {}).ids, bert.ids);
}

TEST_F(LmTemplates, NliTemplateShapesBothSentences) {
  const auto nli = LmTemplate::parse("*cls**sent-_0*?*mask*,*+sentl_1**sep+*");
  EXPECT_TRUE(nli.uses_pair());
  const auto encoded = nli.encode(*bert_, "The cat sat.", "A cat sits.", {});
  EXPECT_EQ(bert_->decode(encoded.ids), "[CLS] the cat sat ? [MASK] , a cat sits . [SEP]");
  const auto roberta = nli.encode(*roberta_, "The cat sat.", "A cat sits.", {});
  EXPECT_EQ(roberta_->decode(roberta.ids), "<s>The cat sat? <mask>, a cat sits.</s>");
  // Segments change after a sep+ in the middle (BERT's sentence-pair layout).
  const auto pair = LmTemplate::parse("*cls**sent_0**sep+**sent_1**mask**sep+*").encode(*bert_, "a", "fun", {});
  EXPECT_EQ(pair.token_types, std::vector<int>({0, 0, 0, 1, 1, 1}));
  const auto plain_pair = LmTemplate::parse("{premise} ? [MASK] , {hypothesis}");
  EXPECT_EQ(bert_->decode(plain_pair.encode(*bert_, "the cat sat", "a cat sits", {}).ids),
            "[CLS] the cat sat ? [MASK] , a cat sits [SEP]");
}

TEST_F(LmTemplates, LongTextIsCutSoTheMaskSurvivesOrRefusedWhenAsked) {
  const auto sst2 = LmTemplate::parse("{sentence} It was [MASK].");
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "a fun film ";
  TemplateLimits limits;
  limits.max_length = 16;
  const auto cut = sst2.encode(*bert_, long_text, "", limits);
  EXPECT_TRUE(cut.truncated);
  EXPECT_EQ(cut.ids.size(), 16u);
  EXPECT_EQ(cut.ids[static_cast<std::size_t>(cut.mask_position)], bert_->special_ids().mask);
  EXPECT_EQ(cut.ids.back(), bert_->special_ids().sep);
  limits.first_sentence_limit = 3;
  EXPECT_FALSE(sst2.encode(*bert_, long_text, "", limits).truncated);  // the per-sentence limit is not a cut
  limits.first_sentence_limit = 0;
  limits.error_when_too_long = true;
  EXPECT_NE(error_of([&] { sst2.encode(*bert_, long_text, "", limits); }).find("more than max_length 16"),
            std::string::npos);
  limits.max_length = 5;
  EXPECT_NE(error_of([&] { sst2.encode(*bert_, "a", "", limits); }).find("leaving no room"), std::string::npos);
}

TEST_F(LmTemplates, BadTemplatesAreRefusedWithTheReason) {
  EXPECT_NE(error_of([] { LmTemplate::parse("{sentence} It was great."); }).find("has no mask"), std::string::npos);
  EXPECT_NE(error_of([] { LmTemplate::parse("{sentence} [MASK] and [MASK]"); }).find("2 masks"), std::string::npos);
  EXPECT_NE(error_of([] { LmTemplate::parse("It was [MASK]."); }).find("never places the input text"),
            std::string::npos);
  EXPECT_NE(error_of([] { LmTemplate::parse("*cls**sent_0**label_0**mask*"); }).find("not supported"),
            std::string::npos);
  EXPECT_NE(error_of([] { LmTemplate::parse("{sentence} \xff [MASK]"); }).find("UTF-8"), std::string::npos);
}

TEST_F(LmTemplates, VerbalizerNeedsOneTokenPerWordAndDistinctWords) {
  const std::vector<std::string> ids = {"0", "1"}, names = {"terrible", "great"};
  const auto by_name = Verbalizer::build(ids, names, {}, *roberta_);
  EXPECT_EQ(roberta_->token(by_name.token_ids[1][0]), "Ġgreat");
  const auto multi = Verbalizer::build(ids, names, {{"1", {"great", "fun"}}}, *bert_);
  EXPECT_EQ(multi.max_words(), 2);
  EXPECT_EQ(multi.words[0], std::vector<std::string>({"terrible"}));
  EXPECT_NE(error_of([&] {
              Verbalizer::build(ids, names, {{"1", {"fantastic"}}}, *bert_);
            }).find("\"fantastic\" of class \"1\" is 3 tokens for this tokenizer (fan ##tas ##tic)"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              Verbalizer::build(ids, names, {{"0", {"great"}}}, *bert_);
            }).find("used by classes"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              Verbalizer::build(ids, names, {{"2", {"great"}}}, *bert_);
            }).find("does not have"),
            std::string::npos);
}

}  // namespace
}  // namespace promptune
