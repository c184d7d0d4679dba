#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/text/clip_tokenizer.h"
#include "core/text/clip_vocabulary.h"
#include "core/text/text_cleaning.h"
#include "core/text/unicode.h"
#include "core/util/error.h"
#include "tests/support/errors.h"
#include "tests/support/refdata.h"
#include "tests/support/temporary_folder.h"
#include "tests/support/tiny_vocabulary.h"

namespace promptune {
namespace {

using testing::TemporaryFolder;

nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void expect_goldens(const ClipTokenizer& tokenizer, const nlohmann::json& goldens) {
  ASSERT_GT(goldens.size(), 10u);
  for (const auto& golden : goldens) {
    const std::string text = golden["text"];
    EXPECT_EQ(tokenizer.encode(text), golden["bpe_ids"].get<std::vector<int>>()) << "text: " << text;
    const ClipTokens tokens = tokenizer.encode_for_model(text);
    const auto expected = golden["context77_truncated"].get<std::vector<int>>();
    ASSERT_EQ(tokens.ids.size(), 77u);
    EXPECT_EQ(std::vector<int>(tokens.ids.begin(), tokens.ids.begin() + expected.size()), expected) << text;
    EXPECT_EQ(tokens.eot_position, static_cast<int>(expected.size()) - 1);
    for (std::size_t i = expected.size(); i < 77; ++i) EXPECT_EQ(tokens.ids[i], 0);
  }
}

TEST(ClipTokenizerReference, HuggingFaceFilesMatchEveryGoldenString) {
  PROMPTUNE_REQUIRE_REFDATA(folder, "clip");
  const auto tokenizer = ClipTokenizer::from_directory(folder / "tiny-clip-hf");
  expect_goldens(*tokenizer, read_json(folder / "tokenizer_goldens.json"));
}

TEST(ClipTokenizerReference, OpenAiMergeArchiveMatchesEveryGoldenString) {
  PROMPTUNE_REQUIRE_REFDATA(folder, "clip/bpe_simple_vocab_16e6.txt.gz");
  const auto tokenizer = ClipTokenizer::from_bpe_archive(folder);
  EXPECT_EQ(tokenizer->vocabulary_size(), 49408);
  expect_goldens(*tokenizer, read_json(folder.parent_path() / "tokenizer_goldens.json"));
}

TEST(ClipTokenizerReference, BothLayoutsGiveTheSameFingerprintAndDecodeForDisplay) {
  PROMPTUNE_REQUIRE_REFDATA(folder, "clip");
  const auto hf = ClipTokenizer::from_directory(folder / "tiny-clip-hf");
  const auto openai = ClipTokenizer::from_bpe_archive(folder / "bpe_simple_vocab_16e6.txt.gz");
  EXPECT_EQ(hf->fingerprint(), openai->fingerprint());
  EXPECT_EQ(hf->decode(hf->encode("A photo of a Dog.")), "a photo of a dog .");
  EXPECT_EQ(hf->decode(hf->encode("café")), "café");
  EXPECT_EQ(hf->token(320), "a</w>");
}

// A tiny vocabulary in the Hugging Face layout: the 512 byte symbols, a few merges, the two special tokens.
struct TinyVocabulary {
  TemporaryFolder folder;
  explicit TinyVocabulary(const std::vector<std::string>& merges, bool with_specials = true) {
    testing::write_tiny_vocabulary(folder.path(), merges, with_specials);
  }
  std::unique_ptr<ClipTokenizer> load() const { return ClipTokenizer::from_directory(folder.path()); }
};

TEST(ClipTokenizer, AppliesMergesLowestRankFirst) {
  TinyVocabulary vocabulary({"c a", "ca t</w>", "a t</w>"});
  const auto tokenizer = vocabulary.load();
  const auto ids = tokenizer->encode("cat");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(tokenizer->token(ids[0]), "cat</w>");
  // "at" merges before "ca" could only if its rank were lower; here "c a" wins and "a t</w>" never applies.
  const auto bat = tokenizer->encode("bat");
  ASSERT_EQ(bat.size(), 2u);
  EXPECT_EQ(tokenizer->token(bat[1]), "at</w>");
}

TEST(ClipTokenizer, CleansLikeTheReference) {
  EXPECT_EQ(unicode::encode_utf8(text::clean_clip_text("  Hello\t\n  WORLD  ")), "hello world");
  EXPECT_EQ(unicode::encode_utf8(text::clean_clip_text("&amp;amp; &lt;b&gt;")), "& <b>");
  EXPECT_EQ(unicode::encode_utf8(text::clean_clip_text("\xEF\xAC\x81sh")), "fish");          // ligature fi
  EXPECT_EQ(unicode::encode_utf8(text::clean_clip_text("\xEF\xBC\xA1\xEF\xBC\xA2")), "ab");  // full-width AB
  EXPECT_EQ(unicode::encode_utf8(text::clean_clip_text("\xE2\x80\x9Cit\xE2\x80\x99s\xE2\x80\x9D")), "\"it's\"");
  EXPECT_EQ(unicode::encode_utf8(text::clean_clip_text("cafe\xCC\x81")), "caf\xC3\xA9");  // NFC
  EXPECT_EQ(unicode::encode_utf8(text::unescape_html(U"&#65;&#x42;&#0;&bogus;")), "AB\xEF\xBF\xBD&bogus;");
}

TEST(ClipTokenizer, SplitsDigitsOneByOneAndKeepsContractions) {
  TinyVocabulary vocabulary({});
  const auto tokenizer = vocabulary.load();
  EXPECT_EQ(tokenizer->encode("123").size(), 3u);
  const auto ids = tokenizer->encode("it's");
  // "it" (2 byte symbols, the last with </w>) and "'s" (2 symbols).
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(tokenizer->token(ids[1]), "t</w>");
  EXPECT_EQ(tokenizer->token(ids[2]), "'");
}

TEST(ClipTokenizer, TruncatesKeepingEotLastOrRefuses) {
  TinyVocabulary vocabulary({});
  const auto tokenizer = vocabulary.load();
  const std::string long_text(200, 'x');  // one pre-token of 200 symbols
  const ClipTokens truncated = tokenizer->encode_for_model(long_text, 77, true);
  EXPECT_EQ(truncated.ids.front(), ClipTokenizer::kStartOfText);
  EXPECT_EQ(truncated.ids.back(), ClipTokenizer::kEndOfText);
  EXPECT_EQ(truncated.eot_position, 76);
  EXPECT_EQ(truncated.bpe_length, 200);
  try {
    tokenizer->encode_for_model(long_text, 77, false);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("202 tokens long, more than the context of 77"), std::string::npos)
        << error.what();
  }
}

TEST(ClipTokenizer, EmptyAndInvalidUtf8TextIsHandled) {
  TinyVocabulary vocabulary({});
  const auto tokenizer = vocabulary.load();
  EXPECT_TRUE(tokenizer->encode("").empty());
  const ClipTokens empty = tokenizer->encode_for_model("");
  EXPECT_EQ(empty.eot_position, 1);
  EXPECT_FALSE(tokenizer->encode("bad \xFF\xFE bytes").empty());
}

using testing::error_of;

TEST(ClipTokenizer, BadFilesGetErrorsNamingTheFileAndProblem) {
  TemporaryFolder empty;
  EXPECT_NE(error_of([&] { ClipTokenizer::from_directory(empty.path()); }).find("has no CLIP tokenizer"),
            std::string::npos);

  TinyVocabulary malformed({"a b"});
  malformed.folder.write("merges.txt", "#version: 0.2\na b\nthree part merge\n");
  const std::string merge_error = error_of([&] { malformed.load(); });
  EXPECT_NE(merge_error.find("merges.txt: line 3 is not a merge of two symbols"), std::string::npos) << merge_error;

  TinyVocabulary not_json({});
  not_json.folder.write("vocab.json", "{\"a\": 1,");
  EXPECT_NE(error_of([&] { not_json.load(); }).find("vocab.json: is not valid JSON"), std::string::npos);

  TinyVocabulary no_specials({}, false);
  EXPECT_NE(error_of([&] { no_specials.load(); }).find("has no '<|startoftext|>' token"), std::string::npos);

  TinyVocabulary unknown_result({"a b"});
  unknown_result.folder.write("merges.txt", "#version: 0.2\na b\nx y\n");
  EXPECT_NE(error_of([&] { unknown_result.load(); }).find("produces 'xy', which is not in the vocabulary"),
            std::string::npos);

  TemporaryFolder not_gzip;
  const auto fake = not_gzip.write("bpe_simple_vocab_16e6.txt.gz", "plain text, not gzip\nx y\n");
  // zlib reads non-gzip files transparently; the content then fails as a merge table with a clear message.
  EXPECT_NE(error_of([&] { ClipTokenizer::from_bpe_archive(fake); }).find("bpe_simple_vocab_16e6.txt.gz"),
            std::string::npos);
}

}  // namespace
}  // namespace promptune

namespace promptune {
namespace {

TEST(ClipVocabularyLearner, EveryCorpusWordBecomesOneTokenAndUnknownWordsStillEncode) {
  const std::vector<std::string> captions = {"a photo of a small red circle.", "a large green triangle.",
                                             "a red circle on a plain background.", "A Photo of a small Blue Square!"};
  const auto merges = learn_clip_merges(captions);
  testing::TemporaryFolder folder;
  const auto files = write_clip_vocabulary(folder / "clip", merges);
  const auto tokenizer = ClipTokenizer::from_vocab_and_merges(files[0], files[1]);
  for (const auto& caption : captions)
    for (const auto& word : clip_words(caption)) EXPECT_EQ(tokenizer->encode(word).size(), 1u) << word;
  EXPECT_EQ(tokenizer->encode("a photo of a small red circle.").size(), 8u);
  EXPECT_EQ(tokenizer->decode(tokenizer->encode("a small blue square!")), "a small blue square !");
  EXPECT_GT(tokenizer->encode("zebra").size(), 1u) << "unseen words fall back to smaller pieces";
  const auto model_tokens = tokenizer->encode_for_model("a red circle");
  EXPECT_EQ(model_tokens.ids[0], ClipTokenizer::kStartOfText);
  EXPECT_EQ(model_tokens.eot_position, 4);
  EXPECT_EQ(learn_clip_merges(captions), merges) << "deterministic";
  EXPECT_EQ(learn_clip_merges(captions, 3).size(), 3u);
}

}  // namespace
}  // namespace promptune
