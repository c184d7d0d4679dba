// The embedding viewer drawn for real (run under xvfb-run with QT_QPA_PLATFORM=xcb: Mesa's software OpenGL):
// 10,000 points reach the screen in class colours, hover finds the feature under the mouse, the wheel zooms,
// and the frame time with 10,000 points is measured and reported (the target lives in the benchmark, not here).

#include <gtest/gtest.h>

#include <QImage>
#include <QMouseEvent>
#include <QTest>
#include <QWheelEvent>
#include <algorithm>
#include <vector>

#include "tests/widgets/embedding_snapshots.h"
#include "widgets/embedding_canvas.h"
#include "widgets/embedding_viewer.h"

namespace promptune {
namespace {

int pixels_of_colour(const QImage& image, unsigned int imgui_colour) {
  const QColor wanted(imgui_colour & 0xff, (imgui_colour >> 8) & 0xff, (imgui_colour >> 16) & 0xff);
  int count = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QColor pixel = image.pixelColor(x, y);
      // Points are drawn at 85 % opacity: allow for the blend with the background.
      if (std::abs(pixel.red() - wanted.red()) < 40 && std::abs(pixel.green() - wanted.green()) < 40 &&
          std::abs(pixel.blue() - wanted.blue()) < 40)
        ++count;
    }
  return count;
}

class EmbeddingViewerGl : public ::testing::Test {
 protected:
  void SetUp() override {
    if (QGuiApplication::platformName() != "xcb")
      GTEST_SKIP() << "needs a display with OpenGL: run under xvfb-run with QT_QPA_PLATFORM=xcb";
    viewer_.resize(900, 650);
    viewer_.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&viewer_));
    viewer_.grabFramebuffer();
    ASSERT_TRUE(viewer_.renderer_ready()) << "ImGui's OpenGL 3 renderer did not start";
  }
  EmbeddingViewer viewer_;
};

TEST_F(EmbeddingViewerGl, DrawsTenThousandPointsAndReportsTheFrameTime) {
  viewer_.show_snapshot(synthetic_snapshot(10, 10000, 8, 2000));
  QTest::qWait(400);  // past the glide
  QImage frame = viewer_.grabFramebuffer();
  EXPECT_EQ(viewer_.canvas().drawn_points(), 10010);
  for (int c = 0; c < 10; c += 3)
    EXPECT_GT(pixels_of_colour(frame, EmbeddingCanvas::palette_colour(c)), 200) << "class " << c << " on screen";

  std::vector<double> cpu, total;
  for (int i = 0; i < 30; ++i) {
    QElapsedTimer clock;
    clock.start();
    frame = viewer_.grabFramebuffer();  // paints and reads back: the GPU (here llvmpipe) work is included
    total.push_back(clock.nsecsElapsed() / 1e6);
    cpu.push_back(viewer_.last_frame_milliseconds());
  }
  std::sort(cpu.begin(), cpu.end());
  std::sort(total.begin(), total.end());
  RecordProperty("frame_cpu_ms_median", std::to_string(cpu[15]));
  RecordProperty("frame_with_readback_ms_median", std::to_string(total[15]));
  std::printf("embedding viewer, 10,010 points, 900x650: paintGL %.2f ms, paint + read-back %.2f ms (median of 30)\n",
              cpu[15], total[15]);
}

TEST_F(EmbeddingViewerGl, HoverFindsTheFeatureAndTheWheelZooms) {
  const auto snapshot = synthetic_snapshot(4, 200);
  viewer_.show_snapshot(snapshot);
  QTest::qWait(400);
  viewer_.grabFramebuffer();
  const auto& point = viewer_.scene().points()[4 + 57];
  const QPointF at(viewer_.canvas().screen_x(point.x), viewer_.canvas().screen_y(point.y));
  QMouseEvent move(QEvent::MouseMove, at, viewer_.mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&viewer_, &move);
  viewer_.grabFramebuffer();
  viewer_.grabFramebuffer();  // ImGui sees the new mouse position in the frame after the event
  const int hit = viewer_.scene().hit_test(point.x, point.y, 7.0f / viewer_.canvas().pixels_per_unit());
  ASSERT_GE(hit, 4);
  EXPECT_EQ(viewer_.hovered_item(),
            snapshot->feature_items[static_cast<std::size_t>(viewer_.scene().points()[hit].feature)]);

  const float before = viewer_.canvas().pixels_per_unit();
  QWheelEvent wheel(at, viewer_.mapToGlobal(at), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                    false);
  QCoreApplication::sendEvent(&viewer_, &wheel);
  viewer_.grabFramebuffer();
  EXPECT_NEAR(viewer_.canvas().pixels_per_unit() / before, 1.44f, 0.01f);
  EXPECT_FALSE(viewer_.canvas().following()) << "new layouts no longer refit once the user zoomed";
  // Zooming keeps the point under the mouse where it was.
  EXPECT_NEAR(viewer_.canvas().screen_x(point.x), at.x(), 1.0);
}

}  // namespace
}  // namespace promptune
