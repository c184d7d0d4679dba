#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/text/byte_level_bpe_tokenizer.h"
#include "core/text/wordpiece_tokenizer.h"
#include "core/util/error.h"
#include "tests/support/errors.h"
#include "tests/support/refdata.h"
#include "tests/support/temporary_folder.h"
#include "tests/support/tiny_masked_lm_vocabulary.h"

namespace promptune {
namespace {

using testing::error_of;
using testing::TemporaryFolder;

std::vector<std::string> tokens_of(const MaskedLmTokenizer& tokenizer, const std::vector<int>& ids) {
  std::vector<std::string> tokens;
  for (int id : ids) tokens.push_back(tokenizer.token(id));
  return tokens;
}

TEST(WordPieceReference, BertBaseUncasedMatchesEveryGoldenString) {
  PROMPTUNE_REQUIRE_REFDATA(folder, "bert");
  const auto tokenizer = load_masked_lm_tokenizer(folder);
  ASSERT_EQ(tokenizer->kind(), MaskedLmTokenizerKind::WordPiece);
  EXPECT_EQ(tokenizer->vocabulary_size(), 30522);
  EXPECT_EQ(tokenizer->special_ids().mask, 103);
  EXPECT_EQ(tokenizer->special_ids().cls, 101);
  EXPECT_EQ(tokenizer->special_ids().sep, 102);
  EXPECT_EQ(tokenizer->special_ids().pad, 0);
  EXPECT_EQ(tokenizer->special_ids().unk, 100);
  std::ifstream in(folder / "wordpiece_goldens.json");
  const auto goldens = nlohmann::json::parse(in);
  ASSERT_GE(goldens.size(), 15u);
  for (const auto& golden : goldens) {
    const std::string text = golden["text"];
    const auto ids = tokenizer->encode(text);
    EXPECT_EQ(ids, golden["ids"].get<std::vector<int>>()) << "text: " << text;
    EXPECT_EQ(tokens_of(*tokenizer, ids), golden["tokens"].get<std::vector<std::string>>()) << "text: " << text;
  }
  EXPECT_EQ(tokenizer->encode_label_word("great"), std::vector<int>({2307}));
}

TEST(WordPiece, GreedyLongestMatchWithContinuationPieces) {
  TemporaryFolder folder;
  const auto vocab = testing::write_wordpiece_vocabulary(
      folder, "bert",
      {"un", "##aff", "##able", "aff", "able", "it", "was", ".", "great", "$", "##s", "tab", "x", "一", "cafe"});
  const auto tokenizer = WordPieceTokenizer::from_vocab_file(vocab, {});
  EXPECT_EQ(tokens_of(*tokenizer, tokenizer->encode("Unaffable")), std::vector<std::string>({"un", "##aff", "##able"}));
  // A word with an unmatchable position becomes one [UNK] as a whole, not a partial match.
  EXPECT_EQ(tokens_of(*tokenizer, tokenizer->encode("unaffablez tabs")),
            std::vector<std::string>({"[UNK]", "tab", "##s"}));
  // ASCII symbols count as punctuation (BERT's rule), CJK characters are split, accents stripped when lower-casing.
  EXPECT_EQ(tokens_of(*tokenizer, tokenizer->encode("x$x 一一 Café")),
            std::vector<std::string>({"x", "$", "x", "一", "一", "cafe"}));
  // [MASK] is cut out before lower-casing and punctuation splitting.
  EXPECT_EQ(tokens_of(*tokenizer, tokenizer->encode("It was[MASK].")),
            std::vector<std::string>({"it", "was", "[MASK]", "."}));
  EXPECT_EQ(tokenizer->encode(std::string(100, 'x')), std::vector<int>({*tokenizer->find_token("[UNK]")}));
  EXPECT_EQ(tokenizer->basic_tokenize(std::string(101, 'x')).size(), 1u);
  EXPECT_EQ(tokenizer->decode(tokenizer->encode("unaffable [MASK]")), "unaffable [MASK]");
}

TEST(WordPiece, CasedVocabularyKeepsCaseAndAccentsUnlessAsked) {
  TemporaryFolder folder;
  const auto vocab = testing::write_wordpiece_vocabulary(folder, "cased", {"Café", "Cafe", "cafe"});
  WordPieceOptions cased;
  cased.lower_case = false;
  EXPECT_EQ(tokens_of(*WordPieceTokenizer::from_vocab_file(vocab, cased),
                      WordPieceTokenizer::from_vocab_file(vocab, cased)->encode("Café")),
            std::vector<std::string>({"Café"}));
  cased.strip_accents = true;
  const auto stripping = WordPieceTokenizer::from_vocab_file(vocab, cased);
  EXPECT_EQ(tokens_of(*stripping, stripping->encode("Café")), std::vector<std::string>({"Cafe"}));
  WordPieceOptions lower_keep_accents;
  lower_keep_accents.strip_accents = false;
  const auto keeping = WordPieceTokenizer::from_vocab_file(vocab, lower_keep_accents);
  EXPECT_EQ(tokens_of(*keeping, keeping->encode("Café")), std::vector<std::string>({"[UNK]"}));
  EXPECT_NE(keeping->fingerprint(), stripping->fingerprint());
}

TEST(WordPiece, BadVocabulariesAreRefusedWithTheReason) {
  TemporaryFolder folder;
  folder.write("no-mask/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
  EXPECT_NE(error_of([&] { load_masked_lm_tokenizer(folder / "no-mask"); }).find("no [MASK] token"), std::string::npos);
  folder.write("blank/vocab.txt", "[PAD]\n[UNK]\n\n[CLS]\n[SEP]\n[MASK]\n");
  EXPECT_NE(error_of([&] { load_masked_lm_tokenizer(folder / "blank"); }).find("line 3 is empty"), std::string::npos);
  folder.write("twice/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhi\nhi\n");
  EXPECT_NE(error_of([&] { load_masked_lm_tokenizer(folder / "twice"); }).find("appears twice"), std::string::npos);
  folder.write("binary/vocab.txt", std::string("[PAD]\n\xff\xfe\n"));
  EXPECT_NE(error_of([&] { load_masked_lm_tokenizer(folder / "binary"); }).find("not UTF-8"), std::string::npos);
  std::filesystem::create_directories(folder / "empty");
  EXPECT_NE(error_of([&] { load_masked_lm_tokenizer(folder / "empty"); }).find("has no masked-LM tokenizer"),
            std::string::npos);
}

TEST(ByteLevelBpe, PreTokenisationFollowsTheGpt2Pattern) {
  // Expected pieces produced with Python's `regex` module and the GPT-2 pattern.
  using Pieces = std::vector<std::string>;
  EXPECT_EQ(ByteLevelBpeTokenizer::pre_tokenize("Hello  world!! it's 3.14\n\nok  "),
            Pieces({"Hello", " ", " world", "!!", " it", "'s", " 3", ".", "14", "\n", "\n", "ok", "  "}));
  EXPECT_EQ(ByteLevelBpeTokenizer::pre_tokenize("don't  stop\tnow"), Pieces({"don", "'t", " ", " stop", "\t", "now"}));
  EXPECT_EQ(ByteLevelBpeTokenizer::pre_tokenize("Café 😀 x"), Pieces({"Café", " 😀", " x"}));
  EXPECT_EQ(ByteLevelBpeTokenizer::pre_tokenize(" a\n b"), Pieces({" a", "\n", " b"}));
  EXPECT_EQ(ByteLevelBpeTokenizer::pre_tokenize("!!'s 12ab"), Pieces({"!!'", "s", " 12", "ab"}));
  EXPECT_EQ(ByteLevelBpeTokenizer::pre_tokenize("  "), Pieces({"  "}));
}

TEST(ByteLevelBpe, MaskAbsorbsTheSpaceBeforeItAndLabelWordsTakeTheSpaceMarker) {
  TemporaryFolder folder;
  testing::write_byte_level_files(folder, "roberta", testing::sentiment_merges());
  const auto tokenizer = load_masked_lm_tokenizer(folder / "roberta");
  ASSERT_EQ(tokenizer->kind(), MaskedLmTokenizerKind::ByteLevelBpe);
  EXPECT_EQ(tokenizer->special_ids().cls, 0);
  EXPECT_EQ(tokenizer->special_ids().pad, 1);
  EXPECT_EQ(tokenizer->special_ids().sep, 2);
  // The specification's worked example: "It was <mask>." -> It Ġwas <mask> .
  EXPECT_EQ(tokens_of(*tokenizer, tokenizer->encode("It was <mask>.")),
            std::vector<std::string>({"It", "Ġwas", "<mask>", "."}));
  EXPECT_EQ(tokens_of(*tokenizer, tokenizer->encode_label_word("great")), std::vector<std::string>({"Ġgreat"}));
  EXPECT_EQ(tokens_of(*tokenizer, tokenizer->encode_label_word("terrible")), std::vector<std::string>({"Ġterrible"}));
  EXPECT_EQ(tokenizer->encode_label_word("<mask>"), std::vector<int>({tokenizer->special_ids().mask}));
  // Unmerged text falls back to byte symbols; every byte, even a control byte, has one.
  const auto bytes = tokenizer->encode("é\x01");
  EXPECT_EQ(tokens_of(*tokenizer, bytes), std::vector<std::string>({"Ã", "©", "ā"}));
  EXPECT_EQ(tokenizer->decode(tokenizer->encode("It was <mask>. é")), "It was <mask>. é");
}

TEST(TokenizerJson, WordPieceAndBpeFilesMatchTheirVocabularyFileForms) {
  TemporaryFolder folder;
  const std::vector<std::string> words = {"it", "was", "great", ".", "##s"};
  const auto tokens = testing::wordpiece_tokens(words);
  nlohmann::json vocabulary = nlohmann::json::object();
  for (std::size_t i = 0; i < tokens.size(); ++i) vocabulary[tokens[i]] = i;
  nlohmann::json bert = {
      {"version", "1.0"},
      {"added_tokens", nlohmann::json::parse(R"([{"id": 4, "content": "[MASK]", "lstrip": false, "rstrip": false}])")},
      {"normalizer",
       {{"type", "BertNormalizer"},
        {"lowercase", true},
        {"strip_accents", nullptr},
        {"handle_chinese_chars", true},
        {"clean_text", true}}},
      {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
      {"model",
       {{"type", "WordPiece"},
        {"unk_token", "[UNK]"},
        {"continuing_subword_prefix", "##"},
        {"max_input_chars_per_word", 100},
        {"vocab", vocabulary}}}};
  folder.write("bert-json/tokenizer.json", bert.dump());
  testing::write_wordpiece_vocabulary(folder, "bert-txt", words);
  const auto from_json = load_masked_lm_tokenizer(folder / "bert-json");
  const auto from_txt = load_masked_lm_tokenizer(folder / "bert-txt");
  EXPECT_EQ(from_json->encode("It WAS great [MASK]."), from_txt->encode("It WAS great [MASK]."));
  EXPECT_EQ(from_json->fingerprint(), from_txt->fingerprint());

  const auto merges = testing::sentiment_merges();
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& merge : merges)
    pairs.push_back({merge.substr(0, merge.find(' ')), merge.substr(merge.find(' ') + 1)});
  const auto bpe_vocabulary = testing::byte_level_vocabulary(merges);
  nlohmann::json roberta = {
      {"version", "1.0"},
      {"added_tokens", nlohmann::json::array({nlohmann::json::object(
                           {{"id", bpe_vocabulary["<mask>"]}, {"content", "<mask>"}, {"lstrip", true}})})},
      {"normalizer", nullptr},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}}},
      {"model", {{"type", "BPE"}, {"vocab", bpe_vocabulary}, {"merges", pairs}}}};
  folder.write("roberta-json/tokenizer.json", roberta.dump());
  testing::write_byte_level_files(folder, "roberta-files", merges);
  EXPECT_EQ(load_masked_lm_tokenizer(folder / "roberta-json")->encode("It was <mask>. great"),
            load_masked_lm_tokenizer(folder / "roberta-files")->encode("It was <mask>. great"));

  roberta["model"]["type"] = "Unigram";
  folder.write("unigram/tokenizer.json", roberta.dump());
  EXPECT_NE(error_of([&] { load_masked_lm_tokenizer(folder / "unigram"); }).find("\"Unigram\" is not supported"),
            std::string::npos);
  folder.write("broken/vocab.json", R"({"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "<mask>": 4, "a": 5})");
  folder.write("broken/merges.txt", "#version: 0.2\n");
  EXPECT_NE(error_of([&] { load_masked_lm_tokenizer(folder / "broken"); }).find("lacks the byte symbol"),
            std::string::npos);
}

// Inputs the fuzzer (tests/fuzz) found escaping as exceptions other than Error; each is now refused by name.
TEST(MaskedLmTokenizerFiles, FuzzFindingsAreRefusedWithTheFileAndTheReason) {
  TemporaryFolder folder;
  auto vocabulary = testing::byte_level_vocabulary(testing::sentiment_merges());
  vocabulary["<pad>"] = vocabulary["<s>"];  // two tokens on one id: one of them would be unreachable
  folder.write("shared-id/vocab.json", vocabulary.dump());
  folder.write("shared-id/merges.txt", "#version: 0.2\n");
  EXPECT_NE(error_of([&] { load_masked_lm_tokenizer(folder / "shared-id"); }).find("both have id 0"),
            std::string::npos);

  folder.write("null-case/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\ngreat\n");
  folder.write("null-case/tokenizer_config.json", R"({"do_lower_case": null})");
  EXPECT_EQ(load_masked_lm_tokenizer(folder / "null-case")->encode("Great"), std::vector<int>{5})
      << "null means the default (lower-case)";
  folder.write("text-case/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n");
  folder.write("text-case/tokenizer_config.json", R"({"do_lower_case": "yes"})");
  EXPECT_NE(error_of([&] {
              load_masked_lm_tokenizer(folder / "text-case");
            }).find("tokenizer_config.json: \"do_lower_case\" must be true or false"),
            std::string::npos);

  folder.write("typed/tokenizer.json", R"({"normalizer": {"type": "BertNormalizer", "lowercase": "yes"},
                                            "model": {"type": "WordPiece", "vocab": {"[PAD]": 0}}})");
  const std::string typed = error_of([&] { load_masked_lm_tokenizer(folder / "typed"); });
  EXPECT_NE(typed.find("tokenizer.json: has a field of the wrong type"), std::string::npos) << typed;
  folder.write("float-id/tokenizer.json", R"({"model": {"type": "WordPiece", "vocab": {"[PAD]": 1.5e82}}})");
  EXPECT_NE(error_of([&] { load_masked_lm_tokenizer(folder / "float-id"); }).find("is not an integer from 0 to"),
            std::string::npos);
  folder.write("far/vocab.json", R"({"<s>": 2000000000})");
  folder.write("far/merges.txt", "#version: 0.2\n");
  EXPECT_NE(error_of([&] { load_masked_lm_tokenizer(folder / "far"); }).find("far beyond"), std::string::npos)
      << "an id of 2e9 is refused, not allocated";
}
}  // namespace
}  // namespace promptune
