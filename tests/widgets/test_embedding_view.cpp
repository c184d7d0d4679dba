// The embedding view without a display: what the scene shows (aligned PCA snapshots, t-SNE layouts, selection,
// isolation, hit tests) and the viewer's t-SNE worker. The drawing itself is tested under Xvfb (test_viewer_gl).

#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTest>
#include <cmath>

#include "tests/widgets/embedding_snapshots.h"
#include "widgets/embedding_panel.h"
#include "widgets/embedding_scene.h"
#include "widgets/embedding_viewer.h"

namespace promptune {
namespace {

/// The same snapshot turned by `angle` and, with `mirror`, reflected: what a PCA refit may do to the axes.
std::shared_ptr<EmbeddingSnapshotEvent> turned(const EmbeddingSnapshotEvent& original, float angle, bool mirror) {
  auto copy = std::make_shared<EmbeddingSnapshotEvent>(original);
  auto turn = [&](Point2& point) {
    const float y = mirror ? -point.y : point.y;
    point = {std::cos(angle) * point.x - std::sin(angle) * y, std::sin(angle) * point.x + std::cos(angle) * y};
  };
  for (auto& point : copy->prototypes) turn(point);
  for (auto& point : copy->features) turn(point);
  copy->step = original.step + 1;
  return copy;
}

TEST(EmbeddingScene, AlignsARefittedPcaSnapshotToTheLayoutOnScreen) {
  EmbeddingScene scene;
  const auto first = synthetic_snapshot(4, 40);
  scene.set_snapshot(first);
  ASSERT_EQ(scene.points().size(), 44u);
  const auto before = scene.points();
  for (const bool mirror : {false, true}) {
    scene.set_snapshot(turned(*first, 1.3f, mirror));
    double worst = 0.0;
    for (std::size_t i = 0; i < before.size(); ++i)
      worst = std::max<double>(worst, std::hypot(scene.points()[i].x - before[i].x, scene.points()[i].y - before[i].y));
    EXPECT_LT(worst, 1e-4) << (mirror ? "mirrored" : "rotated") << " refit shown in place";
  }
  EXPECT_EQ(scene.shown()->step, 2);
  // Half way through the glide the points are between their old and new places.
  const auto moved = synthetic_snapshot(4, 40, 8, 0, 3, 99);
  scene.set_snapshot(moved);
  const float half = scene.blended_x(5, 0.5f);
  EXPECT_NEAR(half, (before[5].x + scene.points()[5].x) / 2, 1e-3);
  EXPECT_EQ(scene.blended_x(5, 1.0f), scene.points()[5].x);
}

TEST(EmbeddingScene, MarksKindsAndIsolatesSelectsAndHitTests) {
  EmbeddingScene scene;
  scene.set_snapshot(synthetic_snapshot(4, 40, 8, 10));
  const auto& points = scene.points();
  EXPECT_EQ(points[0].kind, PointKind::Prototype);
  EXPECT_EQ(points[4].kind, PointKind::UnlabeledFeature);
  EXPECT_EQ(points[20].kind, PointKind::LabeledFeature);
  EXPECT_EQ(points[20].feature, 16);

  EXPECT_EQ(scene.hit_test(points[0].x, points[0].y, 0.01f), 0);
  EXPECT_EQ(scene.hit_test(50.0f, 50.0f, 0.5f), -1);

  scene.isolate_class(2);
  EXPECT_TRUE(scene.isolating());
  int visible = 0;
  for (std::size_t i = 0; i < points.size(); ++i)
    if (scene.visible(i)) {
      ++visible;
      EXPECT_TRUE(points[i].class_index == 2 || points[i].predicted == 2) << i;
    }
  EXPECT_EQ(visible, 11);  // the prototype and 10 features
  const auto box = scene.bounds();
  EXPECT_LT(box.max_x - box.min_x, 1.5f) << "bounds follow the isolated points";
  EXPECT_EQ(scene.hit_test(points[0].x, points[0].y, 0.01f), -1) << "hidden points are not hit";

  scene.show_all();
  scene.select_rectangle(0.5f, -0.3f, 1.5f, 0.3f, false);  // around class 0 at (1, 0)
  EXPECT_EQ(scene.selection_size(), 11u);
  scene.select_rectangle(-1.5f, -0.3f, -0.5f, 0.3f, true);  // class 2 at (-1, 0), added
  EXPECT_EQ(scene.selection_size(), 22u);
  scene.isolate_selection();
  EXPECT_EQ(scene.selection_size(), 0u);
  EXPECT_TRUE(scene.visible(0));
  EXPECT_TRUE(scene.visible(2));
  EXPECT_FALSE(scene.visible(1));
  scene.show_all();
  EXPECT_FALSE(scene.isolating());
}

TEST(EmbeddingScene, ShowsATsneLayoutUntilPcaIsChosenAndSaysWhenItIsStale) {
  EmbeddingScene scene;
  const auto first = synthetic_snapshot(3, 30);
  scene.set_snapshot(first);
  TsneEmbedding layout;
  for (int i = 0; i < 33; ++i) layout.xy.push_back(static_cast<float>(i)), layout.xy.push_back(0.0f);
  scene.show_tsne(first, layout);
  EXPECT_EQ(scene.projection(), EmbeddingScene::Projection::Tsne);
  EXPECT_EQ(scene.points()[7].x, 7.0f);
  EXPECT_FALSE(scene.tsne_is_stale());
  scene.set_snapshot(synthetic_snapshot(3, 30, 8, 0, 2));
  EXPECT_TRUE(scene.tsne_is_stale());
  EXPECT_EQ(scene.points()[7].x, 7.0f) << "the t-SNE layout stays until the user asks";
  scene.show_pca();
  EXPECT_EQ(scene.shown()->step, 2);
  EXPECT_NE(scene.points()[7].x, 7.0f);
  TsneEmbedding wrong_size;
  wrong_size.xy = {1.0f, 2.0f};
  scene.show_tsne(first, wrong_size);
  EXPECT_EQ(scene.projection(), EmbeddingScene::Projection::Pca) << "a layout of other points is refused";
}

TEST(EmbeddingScene, DrawsPrototypesOfEditedPromptsWhereTheLayoutsMapPutsThem) {
  // The synthetic snapshot's 2-D points are its vectors' first two coordinates: a linear map the scene must find.
  EmbeddingScene scene;
  const auto snapshot = synthetic_snapshot(4, 60, 8);
  scene.set_snapshot(snapshot);
  auto preview = std::make_shared<PromptPreview>();
  preview->dimensions = 8;
  preview->class_names = {"class 2", "no such class", "class 0"};
  const std::vector<std::vector<float>> vectors = {
      {0.3f, -0.7f, 0.05f, 0, 0, 0, 0, 0.02f}, {0.1f, 0.1f, 0, 0, 0, 0, 0, 0}, {-0.4f, 0.25f, 0, 0.03f, 0, 0, 0, 0}};
  for (const auto& row : vectors) preview->prototypes.insert(preview->prototypes.end(), row.begin(), row.end());
  scene.set_preview(preview);
  ASSERT_EQ(scene.preview_points().size(), 2u) << "a class the run does not have is left out";
  EXPECT_EQ(scene.preview_points()[0].class_index, 2);
  EXPECT_NEAR(scene.preview_points()[0].x, 0.3f, 0.02f);
  EXPECT_NEAR(scene.preview_points()[0].y, -0.7f, 0.02f);
  EXPECT_NEAR(scene.preview_points()[1].x, -0.4f, 0.02f);
  EXPECT_NEAR(scene.preview_points()[1].y, 0.25f, 0.02f);

  // A refit that turns the axes turns the preview with the points.
  scene.set_snapshot(turned(*snapshot, 0.8f, false));
  EXPECT_NEAR(scene.preview_points()[0].x, 0.3f, 0.02f) << "the layout on screen is aligned, so is the preview";
  TsneEmbedding layout;
  layout.xy.assign(2 * 64, 0.0f);
  scene.show_tsne(snapshot, layout);
  EXPECT_TRUE(scene.preview_points().empty()) << "no linear map onto a t-SNE layout";
  scene.show_pca();
  EXPECT_EQ(scene.preview_points().size(), 2u);
  scene.set_preview(nullptr);
  EXPECT_TRUE(scene.preview_points().empty());
}

TEST(EmbeddingViewer, RunsTsneOnAWorkerAndReportsRefusals) {
  EmbeddingPanel panel;
  auto* viewer = panel.viewer();
  QSignalSpy failed(viewer, &EmbeddingViewer::tsne_failed);
  viewer->compute_tsne({});
  ASSERT_EQ(failed.count(), 1) << "nothing to compute before a snapshot";
  EXPECT_TRUE(panel.message().contains("start a run")) << panel.message().toStdString();

  viewer->show_snapshot(synthetic_snapshot(4, 60, 16));
  TsneOptions options;
  options.perplexity = 60;  // 64 points allow 21
  viewer->compute_tsne(options);
  ASSERT_EQ(failed.count(), 2);
  EXPECT_TRUE(panel.message().contains("perplexity")) << panel.message().toStdString();

  QSignalSpy finished(viewer, &EmbeddingViewer::tsne_finished);
  options.perplexity = 10;
  options.iterations = 300;
  viewer->compute_tsne(options);
  EXPECT_TRUE(viewer->tsne_running());
  ASSERT_TRUE(finished.wait(20000));
  EXPECT_FALSE(finished.at(0).at(0).toBool());
  EXPECT_FALSE(viewer->tsne_running());
  EXPECT_EQ(viewer->scene().projection(), EmbeddingScene::Projection::Tsne);
  EXPECT_TRUE(panel.message().contains("KL divergence")) << panel.message().toStdString();

  options.iterations = 100000;  // long enough to cancel
  viewer->compute_tsne(options);
  viewer->cancel_tsne();
  ASSERT_TRUE(finished.wait(20000));
  EXPECT_TRUE(finished.at(1).at(0).toBool());
  EXPECT_TRUE(panel.message().contains("cancelled")) << panel.message().toStdString();
  viewer->clear();
  EXPECT_TRUE(viewer->scene().points().empty());
}

}  // namespace
}  // namespace promptune

namespace promptune {
namespace {

TEST(EmbeddingViewer, SnapshotsInQuickSuccessionAreThinnedToTheNewest) {
  EmbeddingPanel panel;
  auto* viewer = panel.viewer();
  const auto first = synthetic_snapshot(4, 60, 16);
  viewer->show_snapshot(first);
  EXPECT_EQ(viewer->scene().latest(), first) << "the first snapshot shows at once";
  const auto second = synthetic_snapshot(4, 60, 16), third = synthetic_snapshot(4, 60, 16);
  viewer->show_snapshot(second);
  viewer->show_snapshot(third);
  EXPECT_EQ(viewer->scene().latest(), first) << "a fast run's snapshots wait their turn";
  EXPECT_TRUE(QTest::qWaitFor([&] { return viewer->scene().latest() == third; }, 2000))
      << "the newest follows shortly; the one between is skipped";
  viewer->clear();
  const auto after_clear = synthetic_snapshot(4, 60, 16);
  viewer->show_snapshot(after_clear);
  EXPECT_EQ(viewer->scene().latest(), after_clear) << "a new run's first snapshot is not held back";
}

}  // namespace
}  // namespace promptune
