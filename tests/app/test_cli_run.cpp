// promptune-cli run / predict / prompt on a generated workspace, as a user would type them.
#include <gtest/gtest.h>

#include <fstream>

#include "core/export/prompt_file.h"
#include "tests/app/cli_runner.h"
#include "tests/support/tiny_session.h"

namespace promptune {
namespace {

using testing::run_cli;
using testing::TinyWorkspace;

std::string quoted(const std::filesystem::path& path) {
  return "'" + path.string() + "'";
}

class CliRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = new TinyWorkspace();
    auto session = workspace_->session(
        "coop", {{"n_ctx", 4}},
        {{"optimizer", "adamw"}, {"weight_decay", 0.0}, {"learning_rate", 0.01}, {"epochs", 30}, {"batch_size", 16}});
    // Paths relative to the session file, as users write them.
    session["backbone"]["path"] = "clip";
    session["data"]["train"]["path"] = "train";
    session["data"]["validation"]["path"] = "validation";
    session["output"] = "runs";
    std::ofstream(workspace_->folder() / "coop.promptune.json") << session.dump(2);
    // Every test needs a trained prompt file (ctest runs each test in its own process).
    const auto result = run_cli("run " + quoted(workspace_->folder() / "coop.promptune.json"));
    if (result.exit_code != 0) ADD_FAILURE() << result.output;
  }
  static void TearDownTestSuite() { delete workspace_; }
  static TinyWorkspace* workspace_;

  static std::filesystem::path prompt_file() {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(workspace_->folder() / "runs"))
      if (entry.path().string().find(".prompt.safetensors") != std::string::npos) return entry.path();
    return {};
  }
};
TinyWorkspace* CliRun::workspace_ = nullptr;

TEST_F(CliRun, RunsASessionAndEndsWithTheSummaryTable) {
  const auto result = run_cli("run " + quoted(workspace_->folder() / "coop.promptune.json"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("zero-shot"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("validation/accuracy"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("validation        48"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("prompt file: "), std::string::npos) << result.output;
  EXPECT_FALSE(prompt_file().empty());
}

TEST_F(CliRun, JsonModePrintsOneEventPerLine) {
  const auto result = run_cli("run --json " + quoted(workspace_->folder() / "coop.promptune.json") + " 2>/dev/null");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::istringstream lines(result.output);
  std::string line, last;
  int metrics = 0;
  while (std::getline(lines, line)) {
    const auto event = nlohmann::json::parse(line);  // every line is JSON
    if (event["event"] == "metric") ++metrics;
    last = event["event"];
  }
  EXPECT_GT(metrics, 100);
  EXPECT_EQ(last, "finished");
}

TEST_F(CliRun, PredictLoadsThePromptBackAndReportsAccuracy) {
  const auto csv = workspace_->folder() / "predictions.csv";
  const auto result = run_cli("predict --no-cache --prompt " + quoted(prompt_file()) + " --backbone " +
                              quoted(workspace_->folder() / "clip") + " --images " +
                              quoted(workspace_->folder() / "validation") + " --predictions " + quoted(csv));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("48 with a known class"), std::string::npos) << result.output;
  const auto prompt = load_prompt_file(prompt_file());
  const double tuned = prompt.metadata["metrics"]["validation"]["tuned_accuracy"];
  std::ostringstream expected;
  expected << "top-1 accuracy: " << std::fixed << std::setprecision(2) << 100.0 * tuned << "%";
  EXPECT_NE(result.output.find(expected.str()), std::string::npos) << "expected " << expected.str() << "\n"
                                                                   << result.output;
  EXPECT_TRUE(std::filesystem::exists(csv));
}

TEST_F(CliRun, PredictRefusesADifferentBackbone) {
  testing::write_tiny_clip(workspace_->folder() / "other-clip", 99);
  const auto result =
      run_cli("predict --no-cache --prompt " + quoted(prompt_file()) + " --backbone " +
              quoted(workspace_->folder() / "other-clip") + " --images " + quoted(workspace_->folder() / "validation"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("only work with the exact weights they were trained on"), std::string::npos)
      << result.output;
}

TEST_F(CliRun, PromptShowsNearestTokensOfTheLearnedContext) {
  const auto result =
      run_cli("prompt " + quoted(prompt_file()) + " --backbone " + quoted(workspace_->folder() / "clip"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("method: coop"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("ctx[3]:"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("classes (4): cat, dog, fox, owl"), std::string::npos) << result.output;
}

TEST_F(CliRun, DamagedPromptAndSessionFilesGetClearErrors) {
  // A prompt file cut in half.
  std::ifstream in(prompt_file(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto damaged = workspace_->folder().write("damaged.prompt.safetensors", bytes.substr(0, bytes.size() / 2));
  auto result = run_cli("prompt " + quoted(damaged));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("damaged.prompt.safetensors"), std::string::npos) << result.output;

  // A safetensors file that is not a prompt file.
  result = run_cli("prompt " + quoted(workspace_->folder() / "clip/model.safetensors"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("not a Promptune prompt file"), std::string::npos) << result.output;

  // A session with a typo and one that is not JSON.
  auto session = workspace_->session("coop");
  session["training"]["learnig_rate"] = 0.1;
  const auto typo = workspace_->folder().write("typo.promptune.json", session.dump());
  result = run_cli("run " + quoted(typo));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("training.learnig_rate: unknown field"), std::string::npos) << result.output;
  const auto broken = workspace_->folder().write("broken.promptune.json", "{\"name\": ");
  result = run_cli("run " + quoted(broken));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("is not valid JSON"), std::string::npos) << result.output;
}

TEST_F(CliRun, ExamplePrintsACompleteValidSession) {
  const auto result = run_cli("run --example cocoop 2>/dev/null");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto document = nlohmann::json::parse(result.output);
  EXPECT_EQ(document["training"]["batch_size"], 1);  // CoCoOp's official recipe
  EXPECT_EQ(document["method"]["options"]["init"], "a photo of a");
  EXPECT_NO_THROW(SessionConfig::from_json(document));

  const auto text = nlohmann::json::parse(run_cli("run --example pouf_mlm 2>/dev/null").output);
  EXPECT_EQ(text["data"]["target"]["path"], "data/target.csv");
  EXPECT_EQ(text["text"]["label_words"]["1"], nlohmann::json::array({"great"}));
  EXPECT_NO_THROW(SessionConfig::from_json(text));
  const auto list = run_cli("run --example list");
  EXPECT_NE(list.output.find("prefix_tuning"), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("vpt_deep"), std::string::npos) << list.output;
}

}  // namespace
}  // namespace promptune
