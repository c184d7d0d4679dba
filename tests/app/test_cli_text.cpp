// promptune-cli on a masked-LM session: run, predict --text, prompt --peft.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/models/masked_lm_backbone.h"
#include "tests/app/cli_runner.h"
#include "tests/support/sentiment_text.h"
#include "tests/support/temporary_folder.h"
#include "tests/support/tiny_masked_lm.h"

namespace promptune {
namespace {

using testing::run_cli;

std::string quoted(const std::filesystem::path& path) {
  return "'" + path.string() + "'";
}

TEST(CliText, RunsAPromptTuningSessionPredictsTextAndExportsThePeftAdapter) {
  testing::TemporaryFolder folder;
  const auto model = testing::write_tiny_bert(folder, "bert", testing::sentiment_vocabulary(), 7);
  const auto train = testing::write_sentiment_csv(folder, "train.csv", 32, 1);
  const auto validation = testing::write_sentiment_csv(folder, "validation.csv", 40, 2);
  const nlohmann::json session = {
      {"name", "sentiment"},
      {"backbone", {{"path", model.string()}}},
      {"data", {{"train", {{"path", train.string()}}}, {"validation", {{"path", validation.string()}}}}},
      {"method", {{"name", "prompt_tuning"}, {"options", {{"virtual_tokens", 4}}}}},
      {"text", {{"template", "{sentence} it was [MASK] ."}, {"label_words", {{"0", "terrible"}, {"1", "great"}}}}},
      {"training", {{"epochs", 3}, {"batch_size", 16}, {"learning_rate", 0.05}}},
      {"output", (folder / "runs").string()}};
  const auto session_file = folder.write("sentiment.promptune.json", session.dump(2));

  auto result = run_cli("run " + quoted(session_file));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("Hugging Face PEFT adapter"), std::string::npos) << result.output;
  std::filesystem::path prompt;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder / "runs"))
    if (entry.path().filename() == "sentiment.prompt.safetensors") prompt = entry.path();
  ASSERT_FALSE(prompt.empty());

  result = run_cli("predict --prompt " + quoted(prompt) + " --backbone " + quoted(model) + " --text " +
                   quoted(validation) + " --predictions " + quoted(folder / "predictions.csv"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("(40 texts)"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("Matthews correlation"), std::string::npos) << result.output;
  EXPECT_TRUE(std::filesystem::exists(folder / "predictions.csv"));

  result = run_cli("predict --prompt " + quoted(prompt) + " --backbone " + quoted(model) + " --text " +
                   quoted(validation) + " --images " + quoted(folder.path()));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("give --images or --text, not both"), std::string::npos) << result.output;

  result = run_cli("prompt " + quoted(prompt) + " --peft " + quoted(folder / "adapter"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("PROMPT_TUNING adapter written"), std::string::npos) << result.output;
  EXPECT_TRUE(std::filesystem::exists(folder / "adapter/adapter_config.json"));
  EXPECT_TRUE(std::filesystem::exists(folder / "adapter/adapter_model.safetensors"));
}

TEST(CliText, PretrainMlmWritesAModelTheSessionLoaderAccepts) {
  testing::TemporaryFolder folder;
  std::string corpus;
  for (int i = 0; i < 60; ++i)
    corpus += i % 2 ? "the movie was good . it was great .\n" : "the film was dull . it was terrible .\n";
  const auto corpus_file = folder.write("corpus.txt", corpus);
  const auto out = folder / "tiny-bert";
  folder.write("tiny-bert.partial/stale.txt", "left by a killed run");
  auto result = run_cli("pretrain-mlm --corpus " + quoted(corpus_file) + " --out " + quoted(out) +
                        " --epochs 3 --hidden 32 --heads 4 --max-length 16 --seed 1");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("corpus: 60 lines"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("masked-token accuracy"), std::string::npos) << result.output;
  for (const char* file : {"config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"})
    EXPECT_TRUE(std::filesystem::exists(out / file)) << file;
  EXPECT_FALSE(std::filesystem::exists(folder / "tiny-bert.partial"));
  EXPECT_FALSE(std::filesystem::exists(out / "stale.txt")) << "a killed run's leftovers are cleared, not published";
  const auto config = nlohmann::json::parse(std::ifstream(out / "config.json"));
  EXPECT_EQ(config["model_type"], "bert");
  EXPECT_EQ(config["hidden_size"], 32);
  EXPECT_EQ(config["_name_or_path"], "tiny-bert");
  const auto loaded = MaskedLmBackbone::load(out);
  EXPECT_EQ(loaded->tokenizer->kind(), MaskedLmTokenizerKind::WordPiece);
  EXPECT_TRUE(loaded->warnings.empty());

  result = run_cli("pretrain-mlm --corpus " + quoted(corpus_file) + " --out " + quoted(out));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("already holds a model"), std::string::npos) << result.output;
  result = run_cli("pretrain-mlm --corpus " + quoted(corpus_file) + " --out " + quoted(folder / "x") +
                   " --learning-rate fast");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("--learning-rate expects a number, got 'fast'"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace promptune
