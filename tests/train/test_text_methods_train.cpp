#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/export/peft_adapter.h"
#include "core/export/prompt_file.h"
#include "core/export/text_prompt_prediction.h"
#include "core/train/runner.h"
#include "tests/support/errors.h"
#include "tests/support/sentiment_text.h"
#include "tests/support/session_run.h"
#include "tests/support/temporary_folder.h"
#include "tests/support/tiny_masked_lm.h"

namespace promptune {
namespace {

using testing::run_session_document;
using testing::summary_row;
using testing::TemporaryFolder;

class TextTraining : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = testing::write_tiny_bert(folder_, "bert", testing::sentiment_vocabulary(), 7);
    train_ = testing::write_sentiment_csv(folder_, "train.csv", 64, 1);
    validation_ = testing::write_sentiment_csv(folder_, "validation.csv", 120, 2);
  }

  nlohmann::json session(const std::string& method, const nlohmann::json& options, const nlohmann::json& training) {
    return {{"name", method},
            {"backbone", {{"path", model_.string()}}},
            {"data", {{"train", {{"path", train_.string()}}}, {"validation", {{"path", validation_.string()}}}}},
            {"method", {{"name", method}, {"options", options}}},
            {"text",
             {{"template", "{sentence} it was [MASK] ."},
              {"label_words", {{"0", "terrible"}, {"1", "great"}}},
              {"max_length", 32}}},
            {"training", training},
            {"device", "cpu"},
            {"output", (folder_ / "runs").string()}};
  }

  TemporaryFolder folder_;
  std::filesystem::path model_, train_, validation_;
};

TEST_F(TextTraining, PromptBasedFineTuningBeatsZeroShotPrompting) {
  std::vector<EmbeddingSnapshotEvent> snapshots;
  const auto outcome = run_session_document(
      session("lm_bff", nlohmann::json::object(), {{"epochs", 15}, {"batch_size", 16}, {"learning_rate", 3e-3}}),
      nullptr, &snapshots);
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  // The embedding view of a text run: label-word prototypes against the mask features, hover shows the sentence.
  ASSERT_FALSE(snapshots.empty());
  const auto& last = snapshots.back();
  EXPECT_EQ(last.prototypes.size(), 2u);
  ASSERT_FALSE(last.features.empty());
  ASSERT_EQ(last.feature_items.size(), last.features.size());
  EXPECT_NE(last.feature_items.front().find(' '), std::string::npos) << "a sentence: " << last.feature_items.front();
  EXPECT_EQ(last.feature_domains, std::vector<int>(last.features.size(), -1));
  const auto& validation = summary_row(outcome, "validation");
  EXPECT_GT(validation.tuned_accuracy, 0.9);
  EXPECT_GT(validation.tuned_accuracy, validation.zero_shot_accuracy + 0.25);
  const auto prompt = load_prompt_file(outcome.prompt_file);
  EXPECT_FALSE(std::filesystem::exists(outcome.run_folder / "peft"));
  EXPECT_NE(testing::error_of([&] {
              peft_adapter_from_prompt(prompt, outcome.prompt_file);
            }).find("method lm_bff has no Hugging Face PEFT form"),
            std::string::npos);
  EXPECT_EQ(prompt.metadata["backbone"]["kind"], "masked_lm");
  EXPECT_EQ(prompt.metadata["text"]["template"], "{sentence} it was [MASK] .");
  EXPECT_EQ(prompt.metadata["text"]["label_words"]["1"], nlohmann::json::array({"great"}));
}

TEST_F(TextTraining, PromptTuningLearnsVirtualTokensWithTheModelFrozen) {
  const auto outcome = run_session_document(
      session("prompt_tuning", {{"virtual_tokens", 8}}, {{"epochs", 40}, {"batch_size", 16}, {"learning_rate", 0.05}}));
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  const auto& validation = summary_row(outcome, "validation");
  EXPECT_GT(validation.tuned_accuracy, validation.zero_shot_accuracy + 0.2);
  const auto prompt = load_prompt_file(outcome.prompt_file);
  EXPECT_EQ(prompt.tensors.at("prompt_embeddings").sizes(), torch::IntArrayRef({8, 32}));

  // The Hugging Face PEFT layout beside the prompt file: sorted keys, only PEFT's fields, one tensor.
  const auto peft = outcome.run_folder / "peft";
  const auto adapter = read_peft_adapter(peft);
  EXPECT_EQ(adapter.peft_type, "PROMPT_TUNING");
  EXPECT_TRUE(torch::equal(adapter.prompt_embeddings, prompt.tensors.at("prompt_embeddings")));
  const nlohmann::json expected = {{"auto_mapping", nullptr},
                                   {"base_model_name_or_path", "bert"},
                                   {"inference_mode", true},
                                   {"modules_to_save", nullptr},
                                   {"num_attention_heads", 4},
                                   {"num_layers", 2},
                                   {"num_transformer_submodules", 1},
                                   {"num_virtual_tokens", 8},
                                   {"peft_type", "PROMPT_TUNING"},
                                   {"prompt_tuning_init", "RANDOM"},
                                   {"prompt_tuning_init_text", nullptr},
                                   {"revision", nullptr},
                                   {"task_type", "FEATURE_EXTRACTION"},
                                   {"token_dim", 32},
                                   {"tokenizer_kwargs", nullptr},
                                   {"tokenizer_name_or_path", nullptr}};
  std::ifstream config_file(peft / "adapter_config.json");
  const std::string config_text((std::istreambuf_iterator<char>(config_file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(config_text, expected.dump(2) + "\n");
  EXPECT_EQ(load_safetensors(peft / "adapter_model.safetensors").metadata.at("format"), "pt");

  // The prompt file predicts the validation text exactly as the run evaluated it.
  TextPredictionRequest request;
  request.prompt = outcome.prompt_file;
  request.backbone = model_;
  request.texts = validation_;
  const auto predicted = run_text_prompt_prediction(request);
  EXPECT_EQ(predicted.predictions.size(), 120u);
  EXPECT_NEAR(predicted.report.top1, validation.tuned_accuracy, 1e-9);
  EXPECT_GT(predicted.report.matthews, 0.0);
  const auto other = testing::write_tiny_bert(folder_, "other-bert", testing::sentiment_vocabulary(), 8);
  request.backbone = other;
  EXPECT_NE(testing::error_of([&] { run_text_prompt_prediction(request); }).find("not on these weights"),
            std::string::npos);

  auto config = nlohmann::json::parse(config_text);
  config["num_transformer_submodules"] = 2;
  folder_.write("bad-peft/adapter_config.json", config.dump());
  std::filesystem::copy_file(peft / "adapter_model.safetensors", folder_ / "bad-peft/adapter_model.safetensors");
  EXPECT_NE(testing::error_of([&] {
              read_peft_adapter(folder_ / "bad-peft");
            }).find("num_transformer_submodules is 2; encoder-only masked LMs take 1"),
            std::string::npos);
}

TEST_F(TextTraining, PTuningAndPrefixTuningBeatZeroShotPrompting) {
  struct Case {
    std::string method;
    nlohmann::json options;
    double learning_rate;
    int epochs;
  };
  for (const auto& [method, options, learning_rate, epochs] :
       std::vector<Case>{{"p_tuning", {{"virtual_tokens", 8}, {"encoder", "mlp"}}, 0.05, 60},
                         {"p_tuning", {{"virtual_tokens", 8}, {"encoder", "lstm"}}, 0.005, 150},
                         {"prefix_tuning", {{"virtual_tokens", 8}}, 0.05, 60},
                         {"prefix_tuning", {{"virtual_tokens", 8}, {"projection", true}}, 0.05, 60}}) {
    const auto outcome = run_session_document(
        session(method, options, {{"epochs", epochs}, {"batch_size", 16}, {"learning_rate", learning_rate}}));
    ASSERT_TRUE(outcome.succeeded) << method << ": " << outcome.error;
    const auto& validation = summary_row(outcome, "validation");
    EXPECT_GT(validation.tuned_accuracy, validation.zero_shot_accuracy + 0.2) << method << " " << options.dump();
    const auto adapter = read_peft_adapter(outcome.run_folder / "peft");
    EXPECT_EQ(adapter.peft_type, method == "p_tuning" ? "P_TUNING" : "PREFIX_TUNING");
    EXPECT_EQ(adapter.prompt_embeddings.sizes(),
              torch::IntArrayRef({8, method == "p_tuning" ? 32 : 2 * 2 * 32}));  // PEFT's [P, layers * 2 * H]
    // The exported state restores the method exactly: the final vectors PEFT stores and the encoder behind them.
    const auto prompt = load_prompt_file(outcome.prompt_file);
    EXPECT_TRUE(prompt.tensors.count("prompt_embeddings")) << method;
  }
}

TEST_F(TextTraining, MistakesAreReportedBeforeAnythingTrains) {
  auto clip_method = session("coop", nlohmann::json::object(), nlohmann::json::object());
  auto outcome = run_session_document(clip_method);
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_NE(outcome.error.find("is a CLIP method; the backbone is a masked LM"), std::string::npos) << outcome.error;
  auto split_word = session("lm_bff", nlohmann::json::object(), nlohmann::json::object());
  split_word["text"]["label_words"]["1"] = "greatness";
  outcome = run_session_document(split_word);
  EXPECT_NE(outcome.error.find("label word \"greatness\""), std::string::npos) << outcome.error;
  auto no_mask = session("lm_bff", nlohmann::json::object(), nlohmann::json::object());
  no_mask["text"]["template"] = "{sentence} it was great .";
  outcome = run_session_document(no_mask);
  EXPECT_NE(outcome.error.find("has no mask"), std::string::npos) << outcome.error;
  auto too_long = session("mlm_zero_shot", nlohmann::json::object(), nlohmann::json::object());
  too_long["text"]["max_length"] = 200;
  outcome = run_session_document(too_long);
  EXPECT_NE(outcome.error.find("text.max_length: 200 is more than the 64 positions"), std::string::npos)
      << outcome.error;
}

}  // namespace
}  // namespace promptune
