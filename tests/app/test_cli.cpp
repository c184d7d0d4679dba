#include <gtest/gtest.h>

#include <regex>

#include "core/system/system_info.h"
#include "promptune/version.h"
#include "tests/app/cli_runner.h"

namespace promptune {
namespace {

using testing::run_cli;

TEST(CliInfo, ExitsZeroAndReportsTheThreadCount) {
  const auto result = run_cli("info");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(result.output, match, std::regex("Intra-op threads: (\\d+) of (\\d+)")))
      << result.output;
  EXPECT_EQ(std::stoi(match[1]), available_cores());
  EXPECT_NE(result.output.find("LibTorch: "), std::string::npos);
  EXPECT_NE(result.output.find("OpenCV: "), std::string::npos);
  EXPECT_NE(result.output.find("BLAS: "), std::string::npos);
  EXPECT_NE(result.output.find("CUDA: "), std::string::npos);
  EXPECT_NE(result.output.find("Qt: "), std::string::npos);
}

TEST(CliInfo, HonoursThreadsOption) {
  const auto result = run_cli("info --threads 1");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("Intra-op threads: 1 of"), std::string::npos) << result.output;
}

TEST(CliInfo, RejectsBadOptionsWithUsage) {
  const auto unknown = run_cli("info --thread 2");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("unknown option --thread"), std::string::npos) << unknown.output;
  EXPECT_NE(unknown.output.find("usage: promptune-cli info"), std::string::npos);
  const auto not_a_number = run_cli("info --threads many");
  EXPECT_EQ(not_a_number.exit_code, 2);
  EXPECT_NE(not_a_number.output.find("expects an integer, got 'many'"), std::string::npos);
}

TEST(Cli, VersionHelpAndUnknownCommand) {
  const auto version = run_cli("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find(kVersion), std::string::npos);
  const auto help = run_cli("help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("info"), std::string::npos);
  const auto unknown = run_cli("frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("unknown command 'frobnicate'"), std::string::npos);
}

}  // namespace
}  // namespace promptune
