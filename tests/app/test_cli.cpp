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

TEST(CliInfo, RestartsWithPassiveOpenMpWaitingUnlessTheUserChose) {
  // OpenMP threads that spin while OpenBLAS's threads work halve the speed on small machines (PERFORMANCE.md).
  const auto restarted = testing::run_shell(std::string("env -u OMP_WAIT_POLICY '") + PROMPTUNE_CLI_PATH + "' info");
  ASSERT_EQ(restarted.exit_code, 0) << restarted.output;
  EXPECT_NE(restarted.output.find("Idle OpenMP threads: PASSIVE (set by Promptune at start"), std::string::npos)
      << restarted.output;
  const auto chosen = testing::run_shell(std::string("OMP_WAIT_POLICY=ACTIVE '") + PROMPTUNE_CLI_PATH + "' info");
  EXPECT_NE(chosen.output.find("Idle OpenMP threads: ACTIVE (OMP_WAIT_POLICY)"), std::string::npos) << chosen.output;
  const auto off = testing::run_shell(std::string("env -u OMP_WAIT_POLICY PROMPTUNE_NO_RESTART=1 '") +
                                      PROMPTUNE_CLI_PATH + "' info");
  EXPECT_NE(off.output.find("Idle OpenMP threads: spin, then sleep"), std::string::npos) << off.output;
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

TEST(Cli, WritesItsManualPageFromTheCommandTable) {
  const auto manual = run_cli("help --man");
  EXPECT_EQ(manual.exit_code, 0);
  EXPECT_EQ(manual.output.rfind(".TH PROMPTUNE\\-CLI 1", 0), 0u) << manual.output.substr(0, 80);
  EXPECT_NE(manual.output.find(std::string("\"Promptune ") + kVersion + "\""), std::string::npos);
  for (const char* section : {".SS run\n", ".SS pretrain\\-mlm\n", ".SS convert\n", ".SH EXIT STATUS", ".SH SEE ALSO"})
    EXPECT_NE(manual.output.find(section), std::string::npos) << section;
  // Usage lines are set verbatim, with hyphens escaped so that options copy and paste as typed.
  EXPECT_NE(manual.output.find("promptune\\-cli run \\-\\-resume RUN_FOLDER"), std::string::npos);
}

}  // namespace
}  // namespace promptune

#include <opencv2/imgcodecs.hpp>

#include "tests/support/tiny_clip.h"

namespace promptune {
namespace {

TEST(CliZeroShot, ClassifiesAFolderAndWritesPredictions) {
  testing::TemporaryFolder folder;
  testing::write_tiny_clip(folder / "model");
  folder.write("images/cat/readme.txt", "x");
  for (const std::string name : {"cat", "dog"}) {
    std::filesystem::create_directories(folder / ("images/" + name));
    cv::imwrite((folder / ("images/" + name + "/a.png")).string(),
                cv::Mat(32, 32, CV_8UC3, cv::Scalar(name == "cat" ? 200 : 20)));
  }
  const auto csv = folder / "out.csv";
  const auto result = testing::run_cli("zeroshot --backbone '" + (folder / "model").string() + "' --images '" +
                                       (folder / "images").string() + "' --predictions '" + csv.string() +
                                       "' --cache-dir '" + (folder / "cache").string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("top-1 accuracy:"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("skipped 1 file(s)"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(csv));

  const auto bad = testing::run_cli("zeroshot --backbone '" + (folder / "model").string() + "' --images '" +
                                    (folder / "images").string() + "' --templates nonsense --no-cache");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("unknown template set 'nonsense'"), std::string::npos) << bad.output;
  const auto missing = testing::run_cli("zeroshot --images x");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("missing required option --backbone"), std::string::npos);
}

TEST(CliDataset, SummarisesImageAndTextDatasets) {
  testing::TemporaryFolder folder;
  std::filesystem::create_directories(folder / "images/red_fox");
  cv::imwrite((folder / "images/red_fox/a.png").string(), cv::Mat(8, 8, CV_8UC3, cv::Scalar(1)));
  folder.write("images/red_fox/b.txt", "x");
  const auto images = testing::run_cli("dataset '" + (folder / "images").string() + "' --shots 4 --seed 2");
  ASSERT_EQ(images.exit_code, 0) << images.output;
  EXPECT_NE(images.output.find("1 images, 1 classes"), std::string::npos) << images.output;
  EXPECT_NE(images.output.find("red fox"), std::string::npos);
  EXPECT_NE(images.output.find("Skipped 1 item(s)"), std::string::npos);
  EXPECT_NE(images.output.find("4-shot subset with seed 2: 1 examples"), std::string::npos);
  const auto text = folder.write("sst.tsv", "sentence\tlabel\ngood\t1\nbad\t0\n");
  const auto table = testing::run_cli("dataset '" + text.string() + "'");
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("Text dataset (TSV): 2 examples, 2 classes"), std::string::npos) << table.output;
  const auto cache = testing::run_cli("cache --dir '" + (folder / "cache").string() + "' --clear");
  EXPECT_EQ(cache.exit_code, 0);
  EXPECT_NE(cache.output.find("0 shard(s)"), std::string::npos) << cache.output;
}

TEST(CliBackbone, ShowsArchitectureAndHashAndConvertsArchives) {
  testing::TemporaryFolder folder;
  testing::write_tiny_clip(folder / "model");
  const auto shown = testing::run_cli("backbone '" + (folder / "model").string() + "'");
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_NE(shown.output.find("Architecture: ViT 2x32 /8 @32px, text 2x32, embedding 16"), std::string::npos)
      << shown.output;
  EXPECT_NE(shown.output.find("SHA-256: "), std::string::npos);
  const auto converted = testing::run_cli("convert '" + (folder / "model/model.safetensors").string() + "' '" +
                                          (folder / "copy.safetensors").string() + "'");
  ASSERT_EQ(converted.exit_code, 0) << converted.output;
  EXPECT_EQ(load_safetensors(folder / "copy.safetensors").tensors.size(),
            load_safetensors(folder / "model/model.safetensors").tensors.size());
  const auto refused = testing::run_cli("convert a.pt b.bin");
  EXPECT_EQ(refused.exit_code, 2);
}

}  // namespace
}  // namespace promptune
