#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/imgproc.hpp>
#include <set>

#include "core/data/image_dataset.h"
#include "core/demo/shape_renderer.h"
#include "tests/support/errors.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

cv::Mat render(const ShapeClass& shape_class, ShapeStyle style, std::uint64_t seed, int size = 64) {
  std::mt19937_64 random(seed);
  return render_shape(shape_class, style, size, random).image;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
  return cv::norm(a, b, cv::NORM_INF) == 0.0;
}

TEST(ShapeRenderer, TenClassesOfDistinctGeometryAndColour) {
  const auto& classes = demo_shape_classes();
  ASSERT_EQ(classes.size(), 10u);
  std::set<std::string> ids, colours, shapes;
  for (const auto& shape_class : classes) {
    ids.insert(shape_class.id);
    colours.insert(shape_class.colour);
    shapes.insert(shape_class.shape);
  }
  EXPECT_EQ(ids.size(), 10u);
  EXPECT_EQ(colours.size(), 10u);
  EXPECT_EQ(shapes.size(), 10u);
  // With the same placement, the sketches (geometry only) of any two classes differ.
  for (std::size_t a = 0; a < classes.size(); ++a)
    for (std::size_t b = a + 1; b < classes.size(); ++b)
      EXPECT_FALSE(same(render(classes[a], ShapeStyle::Sketch, 3), render(classes[b], ShapeStyle::Sketch, 3)))
          << classes[a].id << " vs " << classes[b].id;
}

TEST(ShapeRenderer, SameSeedSameImageAndEachStyleLooksAsSaid) {
  const auto& red_circle = demo_shape_classes().front();
  EXPECT_TRUE(same(render(red_circle, ShapeStyle::Noisy, 5), render(red_circle, ShapeStyle::Noisy, 5)));
  EXPECT_FALSE(same(render(red_circle, ShapeStyle::Clean, 5), render(red_circle, ShapeStyle::Clean, 6)));

  // Clean: the centre pixel is the class colour (BGR), the corner the grey background.
  std::mt19937_64 random(1);
  const auto clean = render_shape(red_circle, ShapeStyle::Clean, 64, random);
  EXPECT_EQ(clean.image.at<cv::Vec3b>(32, 32), cv::Vec3b(40, 40, 220));
  const auto corner = clean.image.at<cv::Vec3b>(0, 0);
  EXPECT_TRUE(corner[0] == corner[1] && corner[1] == corner[2] && corner[0] >= 205) << corner;
  EXPECT_NE(clean.caption.find("red circle"), std::string::npos) << clean.caption;

  // Sketch: no colour at all, and ink only along the outline (the centre of a filled circle is paper).
  const auto sketch = render(red_circle, ShapeStyle::Sketch, 1);
  std::vector<cv::Mat> channels;
  cv::split(sketch, channels);
  EXPECT_TRUE(same(channels[0], channels[1]) && same(channels[1], channels[2]));
  EXPECT_EQ(sketch.at<cv::Vec3b>(32, 32), cv::Vec3b(245, 245, 245));
  EXPECT_LT(cv::mean(channels[0])[0], 245.0);

  // Noisy: the palette is rotated, so the circle is no longer red.
  const auto noisy = render(red_circle, ShapeStyle::Noisy, 1);
  const auto centre = noisy.at<cv::Vec3b>(32, 32);
  EXPECT_FALSE(centre[2] > 150 && centre[1] < 90 && centre[0] < 90);
}

TEST(ShapeRenderer, DatasetLoadsAsDomainFoldersWithCaptions) {
  testing::TemporaryFolder folder;
  ShapeDatasetOptions options;
  options.images_per_class = 2;
  options.image_size = 32;
  options.styles = {ShapeStyle::Clean, ShapeStyle::Sketch};
  int last = 0, total = 0;
  write_shape_dataset(folder / "shapes", options, [&](int done, int all) {
    last = done;
    total = all;
    return true;
  });
  EXPECT_EQ(last, 40);
  EXPECT_EQ(total, 40);
  const auto dataset = load_image_dataset(folder / "shapes");
  EXPECT_EQ(dataset.class_ids.size(), 10u);
  EXPECT_EQ(dataset.samples.size(), 40u);
  EXPECT_EQ(dataset.domains, (std::vector<std::string>{"clean", "sketch"}));
  EXPECT_TRUE(dataset.report.skipped.empty());
  std::ifstream captions(folder / "shapes/captions.csv");
  std::string header, first;
  std::getline(captions, header);
  std::getline(captions, first);
  EXPECT_EQ(header, "path,caption");
  EXPECT_EQ(first.rfind("clean/red_circle/0000.png,\"", 0), 0u) << first;

  // Rendering again gives the same files; stopping is an error the caller sees.
  testing::TemporaryFolder again;
  write_shape_dataset(again / "shapes", options);
  for (const auto& sample : dataset.samples) {
    const auto relative = std::filesystem::relative(sample.path, folder / "shapes");
    std::ifstream a(sample.path, std::ios::binary), b(again / "shapes" / relative, std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(a), {}), std::string(std::istreambuf_iterator<char>(b), {}))
        << relative;
  }
  EXPECT_NE(testing::error_of([&] {
              write_shape_dataset(folder / "stopped", options, [](int done, int) { return done < 3; });
            }).find("cancelled"),
            std::string::npos);
}

}  // namespace
}  // namespace promptune
