#include <gtest/gtest.h>

#include <cmath>

#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "core/methods/zero_shot.h"
#include "core/methods/zero_shot_evaluation.h"
#include "core/metrics/classification_metrics.h"
#include "core/text/prompt_templates.h"
#include "core/util/error.h"
#include "tests/support/tiny_clip.h"

namespace promptune {
namespace {

using testing::TemporaryFolder;

TEST(PromptTemplates, NamedSetsFilesAndPlaceholders) {
  EXPECT_EQ(named_templates("imagenet80").size(), 80u);
  EXPECT_EQ(named_templates("cifar").size(), 18u);
  EXPECT_EQ(named_templates("imagenet7").size(), 7u);
  EXPECT_EQ(named_templates("imagenet80")[44], "a origami {}.");  // article errors kept on purpose
  EXPECT_EQ(format_template("a photo of a {}.", "red fox"), "a photo of a red fox.");
  EXPECT_EQ(format_template("{class} and {class}", "x"), "x and x");
  EXPECT_THROW(format_template("no placeholder", "x"), Error);
  EXPECT_EQ(class_name_for_prompt("golden_retriever"), "golden retriever");
  TemporaryFolder folder;
  const auto good = folder.write("t.txt", "# mine\n\na sketch of a {}.\n  itap of {class}\n");
  EXPECT_EQ(load_templates(good.string()), (std::vector<std::string>{"a sketch of a {}.", "itap of {class}"}));
  const auto bad = folder.write("bad.txt", "a sketch\n");
  try {
    load_templates(bad.string());
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("bad.txt: line 1 has no {} or {class} placeholder"), std::string::npos);
  }
  try {
    load_templates("imagenet81");
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("known: cifar, imagenet7, imagenet80, photo"), std::string::npos);
  }
}

TEST(ClassificationMetrics, TopOneTopFivePerClassAndConfusion) {
  const std::vector<std::vector<int>> ranked = {{0, 1, 2, 3, 4}, {2, 1, 0, 3, 4}, {1, 0, 2, 3, 4}, {4, 3, 2, 1, 0}};
  const ClassificationReport report = classification_report(ranked, {0, 1, 1, 5 - 5}, 6);
  EXPECT_DOUBLE_EQ(report.top1, 0.5);
  EXPECT_DOUBLE_EQ(report.top5, 1.0);
  EXPECT_DOUBLE_EQ(report.per_class_accuracy[0], 0.5);
  EXPECT_DOUBLE_EQ(report.per_class_accuracy[1], 0.5);
  EXPECT_DOUBLE_EQ(report.per_class_accuracy[3], -1.0);
  EXPECT_EQ(report.confusion[1][2], 1);
  EXPECT_EQ(report.confusion[0][4], 1);
  const std::string table = format_report(report, {"a", "b", "c", "d", "e", "f"});
  EXPECT_NE(table.find("top-1 accuracy: 50.00% (4 images)"), std::string::npos) << table;
}

TEST(ClassificationMetrics, MacroF1AndMatthewsCorrelationMatchTheirDefinitions) {
  // Binary: TP 4, FN 2, FP 1, TN 5 -> MCC (4*5 - 1*2) / sqrt(5*6*6*7); F1 8/11 and 10/13.
  EXPECT_NEAR(matthews_correlation({{5, 1}, {2, 4}}), 18.0 / std::sqrt(1260.0), 1e-12);
  EXPECT_NEAR(macro_f1_score({{5, 1}, {2, 4}}), (8.0 / 11.0 + 10.0 / 13.0) / 2.0, 1e-12);
  // Three classes (Gorodkin's R_K, as scikit-learn computes it).
  EXPECT_NEAR(matthews_correlation({{3, 1, 0}, {0, 2, 2}, {1, 0, 3}}), 0.5052911526399114, 1e-12);
  EXPECT_NEAR(macro_f1_score({{3, 1, 0}, {0, 2, 2}, {1, 0, 3}}), 0.6626984126984127, 1e-12);
  EXPECT_DOUBLE_EQ(matthews_correlation({{3, 0}, {3, 0}}), 0.0) << "constant prediction";
  EXPECT_DOUBLE_EQ(matthews_correlation({{0, 4}, {4, 0}}), -1.0);
  EXPECT_DOUBLE_EQ(macro_f1_score({{2, 0, 0}, {0, 2, 0}, {0, 0, 0}}), 1.0) << "an absent class is left out";
  const auto report = classification_report({{0}, {1}, {1}, {0}}, {0, 1, 0, 1}, 2);
  EXPECT_DOUBLE_EQ(report.matthews, 0.0);
  EXPECT_DOUBLE_EQ(report.macro_f1, 0.5);
  const std::string table = format_report(report, {"no", "yes"}, "texts", true);
  EXPECT_NE(table.find("(4 texts)"), std::string::npos) << table;
  EXPECT_NE(table.find("macro F1: 50.00%"), std::string::npos) << table;
  EXPECT_NE(table.find("Matthews correlation: 0.0000"), std::string::npos) << table;
}

TEST(ZeroShotClassifier, PrototypesAreRenormalisedMeansOfNormalisedTemplateFeatures) {
  TemporaryFolder folder;
  auto backbone = testing::write_tiny_clip(folder.path());
  const std::vector<std::string> templates = {"a photo of a {}.", "{} art"};
  const ZeroShotClassifier classifier = build_zero_shot_classifier(*backbone, {"dog", "cat"}, templates);
  torch::NoGradGuard no_grad;
  const auto dog = backbone->encode_texts({"a photo of a dog.", "dog art"});
  auto expected = (dog / dog.norm(2, -1, true)).mean(0);
  expected = expected / expected.norm();
  EXPECT_TRUE(torch::allclose(classifier.prototypes[0], expected, 1e-5, 1e-6));
  EXPECT_NEAR(classifier.prototypes.norm(2, -1).sum().item<double>(), 2.0, 1e-5);
  const auto features = torch::randn({3, 16});
  const auto cosine = torch::matmul(features / features.norm(2, -1, true), classifier.prototypes.t());
  EXPECT_TRUE(torch::allclose(classifier.logits(features), backbone->model->logit_scale_value() * cosine, 1e-5, 1e-5));
}

TEST(ZeroShotEvaluation, EvaluatesAFolderSkipsBrokenImagesAndWritesCsv) {
  TemporaryFolder folder;
  testing::write_tiny_clip(folder / "model");
  for (const std::string name : {"red_square", "blue_circle"}) {
    std::filesystem::create_directories(folder / ("images/" + name));
    for (int i = 0; i < 3; ++i) {
      cv::Mat image(48, 40, CV_8UC3, name == "red_square" ? cv::Scalar(0, 0, 255) : cv::Scalar(255, 0, 0));
      cv::imwrite((folder / ("images/" + name + "/" + std::to_string(i) + ".png")).string(), image);
    }
  }
  std::filesystem::create_directories(folder / "images/red_square");
  folder.write("images/red_square/broken.png", "not a png");
  folder.write("images/red_square/notes.txt", "ignored");
  ZeroShotRequest request;
  request.backbone = folder / "model";
  request.images = folder / "images";
  request.templates = "cifar";
  request.batch_size = 4;
  request.cache_folder = folder / "cache";
  std::vector<int> progress;
  const ZeroShotResult result = run_zero_shot_evaluation(request, [&](int done, int) { progress.push_back(done); });
  EXPECT_EQ(result.class_names, (std::vector<std::string>{"blue circle", "red square"}));
  EXPECT_EQ(result.report.samples, 6);
  EXPECT_EQ(result.skipped.size(), 2u);  // broken.png and notes.txt, each with its reason
  EXPECT_EQ(progress.back(), 7);
  EXPECT_EQ(result.features_from_cache, 0);
  const ZeroShotResult cached = run_zero_shot_evaluation(request);
  EXPECT_EQ(cached.features_from_cache, 6);
  EXPECT_EQ(cached.report.top1, result.report.top1);
  EXPECT_EQ(result.templates.size(), 18u);
  write_predictions_csv(folder / "p.csv", result);
  std::ifstream csv(folder / "p.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "path,true_class,predicted_class,confidence,top5");
}

}  // namespace
}  // namespace promptune
