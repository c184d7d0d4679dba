#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "core/util/error.h"
#include "core/vision/image_preprocessing.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

using testing::TemporaryFolder;

TEST(ImageDecoding, GreyAlphaAnd16BitBecome8BitRgb) {
  TemporaryFolder folder;
  cv::imwrite((folder / "grey.png").string(), cv::Mat(5, 7, CV_8UC1, cv::Scalar(100)));
  cv::imwrite((folder / "alpha.png").string(), cv::Mat(5, 7, CV_8UC4, cv::Scalar(10, 20, 30, 0)));  // B,G,R,A
  cv::imwrite((folder / "deep.png").string(), cv::Mat(5, 7, CV_16UC3, cv::Scalar(0, 0, 65535)));
  const cv::Mat grey = decode_image_rgb(folder / "grey.png");
  EXPECT_EQ(grey.type(), CV_8UC3);
  EXPECT_EQ(grey.at<cv::Vec3b>(0, 0), cv::Vec3b(100, 100, 100));
  EXPECT_EQ(decode_image_rgb(folder / "alpha.png").at<cv::Vec3b>(2, 3), cv::Vec3b(30, 20, 10));  // alpha dropped
  EXPECT_EQ(decode_image_rgb(folder / "deep.png").at<cv::Vec3b>(0, 0), cv::Vec3b(255, 0, 0));
  folder.write("corrupt.jpg", "\xff\xd8\xff garbage");
  EXPECT_THROW(decode_image_rgb(folder / "corrupt.jpg"), Error);
}

TEST(ImagePreprocessing, ResizesTheShortSideCropsTheCenterAndNormalises) {
  cv::Mat image(40, 80, CV_8UC3, cv::Scalar(0, 0, 0));
  image(cv::Rect(30, 0, 20, 40)).setTo(cv::Scalar(255, 255, 255));  // white band in the middle
  ImagePreprocessing settings;
  settings.resize_short_side = settings.crop_size = 20;
  settings.mean = {0.5f, 0.5f, 0.5f};
  settings.std = {0.5f, 0.5f, 0.5f};
  const auto pixels = preprocess_rgb(image, settings);
  ASSERT_EQ(pixels.size(), 3u * 20 * 20);
  // 80x40 -> 40x20, crop 20 columns starting at 10: the band (now columns 15..25) is at crop columns 5..15.
  EXPECT_NEAR(pixels[10 * 20 + 10], 1.0f, 1e-6);  // white, normalised (1 - 0.5) / 0.5
  EXPECT_NEAR(pixels[10 * 20 + 0], -1.0f, 1e-6);  // black
}

TEST(ImagePreprocessing, PilBicubicKeepsConstantsAndIdentity) {
  cv::Mat constant(13, 29, CV_8UC3, cv::Scalar(17, 99, 240));
  const cv::Mat small = resize_bicubic_like_pil(constant, 7, 5);
  EXPECT_EQ(cv::norm(small, cv::Mat(5, 7, CV_8UC3, cv::Scalar(17, 99, 240)), cv::NORM_INF), 0.0);
  cv::Mat noise(9, 9, CV_8UC3);
  cv::randu(noise, 0, 255);
  EXPECT_EQ(cv::norm(resize_bicubic_like_pil(noise, 9, 9), noise, cv::NORM_INF), 0.0);
}

}  // namespace
}  // namespace promptune
