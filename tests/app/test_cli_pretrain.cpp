// promptune-cli pretrain-clip: a CLIP from captioned images that the CLIP loader and `backbone` accept.

#include <gtest/gtest.h>

#include "core/demo/shape_renderer.h"
#include "tests/app/cli_runner.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

using testing::run_cli;

std::string quoted(const std::filesystem::path& path) {
  return "'" + path.string() + "'";
}

TEST(CliPretrain, PretrainClipWritesAModelTheBackboneCommandLoads) {
  testing::TemporaryFolder folder;
  ShapeDatasetOptions shapes;
  shapes.images_per_class = 4;
  shapes.image_size = 32;
  shapes.styles = {ShapeStyle::Clean};
  write_shape_dataset(folder / "shapes", shapes);
  const auto out = folder / "demo-clip";
  auto result = run_cli("pretrain-clip --captions " + quoted(folder / "shapes/captions.csv") + " --out " + quoted(out) +
                        " --epochs 2 --batch 20 --width 32 --embed 16");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("captions: 40 images"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("in-batch image->caption accuracy"), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(folder / "demo-clip.partial"));

  result = run_cli("backbone " + quoted(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("Name: demo-clip"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("/8 @32"), std::string::npos) << result.output;

  result = run_cli("pretrain-clip --captions " + quoted(folder / "shapes/captions.csv") + " --out " + quoted(out));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("already holds a model"), std::string::npos) << result.output;
  result = run_cli("pretrain-clip --captions " + quoted(folder / "shapes/captions.csv") + " --out " +
                   quoted(folder / "other") + " --image-size 30");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("--image-size must be a multiple of --patch"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace promptune
