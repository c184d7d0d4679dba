// A tiny BERT pre-trained by our own code on a two-register sentiment corpus: pre-training learns the corpus,
// is deterministic, saves in the Hugging Face layout; POUF adapts it to the unlabeled target register.

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/demo/demo_workspace.h"
#include "core/models/masked_lm_backbone.h"
#include "core/text/wordpiece_vocabulary.h"
#include "core/train/masked_lm_pretraining.h"
#include "core/train/runner.h"
#include "tests/support/errors.h"
#include "tests/support/sentiment_corpus.h"
#include "tests/support/session_run.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

using testing::run_session_document;
using testing::summary_row;
using testing::TemporaryFolder;

class PretrainedSentimentModel : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new TemporaryFolder;
    SentimentGrammar grammar(11);
    const auto corpus = grammar.corpus(3000, 1, 2);
    const auto tokens = build_wordpiece_vocabulary(corpus);
    const auto tokenizer_files = write_wordpiece_tokenizer(*folder_ / "tokenizer", tokens);
    const auto tokenizer = load_masked_lm_tokenizer(*folder_ / "tokenizer");
    MaskedLmPretrainingOptions options;
    options.epochs = 12;
    options.learning_rate = 2e-3;
    options.seed = 6;
    pretraining_ = new MaskedLmPretrainingResult(
        pretrain_masked_lm(corpus, *tokenizer, demo_bert_config(static_cast<int>(tokens.size())), options));
    MaskedLmBackbone backbone;
    backbone.model = pretraining_->model;
    backbone.identity.name = "tiny-sentiment-bert";
    backbone.save_huggingface(*folder_ / "bert", tokenizer_files);
    target_ = testing::write_sentiment_register_csv(*folder_, "target.csv", grammar, target_register(), 64);
    target_validation_ =
        testing::write_sentiment_register_csv(*folder_, "target_validation.csv", grammar, target_register(), 120);
  }
  static void TearDownTestSuite() {
    delete pretraining_;
    delete folder_;
  }

  static nlohmann::json session(const std::string& method, const nlohmann::json& data, const nlohmann::json& training) {
    return {{"name", method},
            {"backbone", {{"path", (*folder_ / "bert").string()}}},
            {"data", data},
            {"method", {{"name", method}}},
            {"text",
             {{"template", "{sentence} it was [MASK] ."},
              {"label_words", {{"0", "terrible"}, {"1", "great"}}},
              {"max_length", 32}}},
            {"training", training},
            {"device", "cpu"},
            {"output", (*folder_ / "runs").string()}};
  }

  static TemporaryFolder* folder_;
  static MaskedLmPretrainingResult* pretraining_;
  static std::filesystem::path target_, target_validation_;
};

TemporaryFolder* PretrainedSentimentModel::folder_ = nullptr;
MaskedLmPretrainingResult* PretrainedSentimentModel::pretraining_ = nullptr;
std::filesystem::path PretrainedSentimentModel::target_, PretrainedSentimentModel::target_validation_;

/// The token the pre-trained model puts at the mask of `text`, over the whole vocabulary.
std::string fill_mask(MaskedLmBackbone& backbone, const std::string& text) {
  const auto& special = backbone.tokenizer->special_ids();
  auto ids = backbone.tokenizer->encode(text);
  ids.insert(ids.begin(), special.cls);
  ids.push_back(special.sep);
  const auto mask = std::find(ids.begin(), ids.end(), special.mask) - ids.begin();
  torch::NoGradGuard no_grad;
  const auto input_ids = torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end())).unsqueeze(0);
  MaskedLmInput input;
  input.input_embeddings = backbone.model->embed_tokens(input_ids);
  input.attention_mask = torch::ones_like(input_ids);
  const auto hidden = backbone.model->forward(input);
  const auto logits = backbone.model->token_logits(backbone.model->head_transform(hidden[0][mask]));
  return backbone.tokenizer->token(static_cast<int>(logits.argmax().item<std::int64_t>()));
}

/// A tokenizer for `corpus` written into `folder`.
std::unique_ptr<MaskedLmTokenizer> corpus_tokenizer(const TemporaryFolder& folder,
                                                    const std::vector<std::string>& corpus) {
  write_wordpiece_tokenizer(folder / "tokenizer", build_wordpiece_vocabulary(corpus));
  return load_masked_lm_tokenizer(folder / "tokenizer");
}

TEST(MaskedLmPretraining, IsDeterministicReportsProgressAndStopsWhenAsked) {
  TemporaryFolder folder;
  SentimentGrammar grammar(5);
  const auto corpus = grammar.corpus(96);
  const auto tokenizer = corpus_tokenizer(folder, corpus);
  const auto config = demo_bert_config(tokenizer->vocabulary_size());
  MaskedLmPretrainingOptions options;
  options.epochs = 2;
  options.seed = 9;
  std::vector<PretrainingProgress> reports;
  const auto first = pretrain_masked_lm(corpus, *tokenizer, config, options, [&](const auto& progress) {
    reports.push_back(progress);
    return true;
  });
  const auto second = pretrain_masked_lm(corpus, *tokenizer, config, options);
  options.seed = 10;
  const auto other = pretrain_masked_lm(corpus, *tokenizer, config, options);
  const auto same = first.model->named_parameters(), again = second.model->named_parameters(),
             different = other.model->named_parameters();
  bool any_difference = false;
  for (const auto& item : same) {
    EXPECT_TRUE(torch::equal(item.value(), again[item.key()])) << item.key();
    any_difference = any_difference || !torch::equal(item.value(), different[item.key()]);
  }
  EXPECT_TRUE(any_difference);
  ASSERT_EQ(reports.size(), 6u);  // 96 sentences in batches of 32, two epochs
  EXPECT_EQ(reports.back().step, 6);
  EXPECT_EQ(reports.back().total_steps, 6);
  EXPECT_EQ(reports.back().epoch, 1);
  EXPECT_GT(reports.front().remaining_seconds, 0.0);
  EXPECT_DOUBLE_EQ(reports.back().remaining_seconds, 0.0);

  const auto stopped =
      pretrain_masked_lm(corpus, *tokenizer, config, options, [](const auto& progress) { return progress.step < 2; });
  EXPECT_TRUE(stopped.cancelled);
  EXPECT_EQ(stopped.steps, 2);
}

TEST(MaskedLmPretraining, MistakesAreReported) {
  TemporaryFolder folder;
  const auto tokenizer = corpus_tokenizer(folder, {"the movie was good"});
  const auto config = demo_bert_config(tokenizer->vocabulary_size());
  MaskedLmPretrainingOptions options;
  EXPECT_NE(testing::error_of([&] {
              pretrain_masked_lm({"", "   "}, *tokenizer, config, options);
            }).find("the corpus holds no text"),
            std::string::npos);
  EXPECT_NE(testing::error_of([&] {
              pretrain_masked_lm({"good"}, *tokenizer, demo_bert_config(12), options);
            }).find("the model's vocab_size is 12"),
            std::string::npos);
  options.max_length = 200;
  EXPECT_NE(testing::error_of([&] {
              pretrain_masked_lm({"good"}, *tokenizer, config, options);
            }).find("max_length must be between 3 and the model's 64 positions"),
            std::string::npos);
}

// One test, because every test process would pre-train the model again (ctest runs each test on its own).
TEST_F(PretrainedSentimentModel, LearnsTheCorpusAndPoufAdaptsItToTheTargetRegister) {
  const auto& losses = pretraining_->epoch_losses;
  ASSERT_EQ(losses.size(), 12u);
  EXPECT_LT(losses.back(), 0.3 * losses.front());
  EXPECT_GT(pretraining_->epoch_accuracies.back(), 0.7);
  EXPECT_FALSE(pretraining_->cancelled);

  auto backbone = MaskedLmBackbone::load(*folder_ / "bert");
  EXPECT_TRUE(backbone->warnings.empty());
  EXPECT_EQ(fill_mask(*backbone, "the movie was good and the plot was fun . it was [MASK] ."), "great");
  EXPECT_EQ(fill_mask(*backbone, "the film was dull and the acting was awful . it was [MASK] ."), "terrible");

  {
    // Official recipe apart from the rate: tiny models need 1e-4 where RoBERTa-large takes 1e-5.
    std::vector<std::string> log;
    const auto outcome = run_session_document(session("pouf_mlm", {{"target", {{"path", target_.string()}}}},
                                                      {{"epochs", 60}, {"batch_size", 16}, {"learning_rate", 1e-4}}),
                                              &log);
    ASSERT_TRUE(outcome.succeeded) << outcome.error;
    const auto& target = summary_row(outcome, "target");
    EXPECT_GT(target.tuned_accuracy, 0.9);
    EXPECT_GT(target.tuned_accuracy, target.zero_shot_accuracy + 0.15);
    EXPECT_NE(std::find_if(
                  log.begin(), log.end(),
                  [](const auto& line) { return line.find("no label was read to choose them") != std::string::npos; }),
              log.end());
  }
  {
    const auto outcome = run_session_document(
        session("pouf_mlm_few_shot",
                {{"train", {{"path", target_.string()}}}, {"validation", {{"path", target_validation_.string()}}}},
                {{"epochs", 30}, {"batch_size", 16}, {"learning_rate", 1e-4}}));
    ASSERT_TRUE(outcome.succeeded) << outcome.error;
    const auto& validation = summary_row(outcome, "validation");
    EXPECT_GT(validation.tuned_accuracy, 0.9);
    EXPECT_GT(validation.tuned_accuracy, validation.zero_shot_accuracy + 0.15);
  }
}

}  // namespace
}  // namespace promptune
