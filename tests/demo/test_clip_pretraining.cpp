// A tiny CLIP pre-trained by our own code on rendered shapes: it learns the captions, saves in the Hugging Face
// layout, loads through the normal loader, and classifies the clean images zero-shot well above chance.

#include <gtest/gtest.h>

#include "core/demo/demo_workspace.h"
#include "core/demo/shape_renderer.h"
#include "core/methods/zero_shot_evaluation.h"
#include "core/models/clip_backbone.h"
#include "core/text/clip_vocabulary.h"
#include "core/train/clip_pretraining.h"
#include "tests/support/errors.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

TEST(ClipPretraining, LearnsRenderedShapesAndClassifiesThemZeroShot) {
  testing::TemporaryFolder folder;
  ShapeDatasetOptions shapes;
  shapes.images_per_class = 16;
  shapes.image_size = 32;
  shapes.styles = {ShapeStyle::Clean, ShapeStyle::Sketch};
  write_shape_dataset(folder / "shapes", shapes);
  auto pairs = read_captions_csv(folder / "shapes/captions.csv");
  std::vector<CaptionedImage> clean;
  for (const auto& pair : pairs)
    if (pair.image.parent_path().parent_path().filename() == "clean") clean.push_back(pair);
  ASSERT_EQ(clean.size(), 160u);
  std::vector<std::string> captions;
  for (const auto& pair : clean) captions.push_back(pair.caption);
  const auto tokenizer_files = write_clip_vocabulary(folder / "tokenizer", learn_clip_merges(captions));
  const auto tokenizer = ClipTokenizer::from_directory(folder / "tokenizer");

  ImagePreprocessing preprocessing;
  preprocessing.resize_short_side = preprocessing.crop_size = 32;
  ClipPretrainingOptions options;
  options.epochs = 15;
  options.batch_size = 40;
  options.seed = 2;
  const auto result = pretrain_clip(clean, *tokenizer, demo_clip_config(), preprocessing, options);

  ClipBackbone backbone;
  backbone.model = result.model;
  backbone.identity.name = "demo-clip";
  backbone.preprocessing = preprocessing;
  backbone.save_huggingface(folder / "clip", tokenizer_files);
  const auto loaded = ClipBackbone::load(folder / "clip");
  EXPECT_TRUE(loaded->warnings.empty());

  folder.write("templates.txt", "a photo of a {}.\n");
  ZeroShotRequest request;
  request.backbone = folder / "clip";
  request.images = folder / "shapes";
  request.templates = (folder / "templates.txt").string();
  request.use_cache = false;
  request.domain = "clean";
  const double clean_accuracy = run_zero_shot_evaluation(request).report.top1;
  request.domain = "sketch";
  const double sketch_accuracy = run_zero_shot_evaluation(request).report.top1;
  EXPECT_GT(clean_accuracy, 0.6);
  EXPECT_GT(clean_accuracy, sketch_accuracy + 0.3) << "line drawings without colour are a real shift";
  EXPECT_LT(result.epoch_losses.back(), 0.5 * result.epoch_losses.front());
}

TEST(ClipPretraining, MistakesAreReported) {
  testing::TemporaryFolder folder;
  const auto files = write_clip_vocabulary(folder / "tokenizer", {});
  const auto tokenizer = ClipTokenizer::from_directory(folder / "tokenizer");
  ImagePreprocessing preprocessing;
  EXPECT_NE(testing::error_of([&] {
              pretrain_clip({}, *tokenizer, demo_clip_config(), preprocessing, {});
            }).find("at least two image-caption pairs"),
            std::string::npos);
  folder.write("captions.csv", "path,caption\nmissing.png,a red circle\n");
  EXPECT_NE(testing::error_of([&] { read_captions_csv(folder / "captions.csv"); }).find("missing.png does not exist"),
            std::string::npos);
}

}  // namespace
}  // namespace promptune
