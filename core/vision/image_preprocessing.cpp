#include "core/vision/image_preprocessing.h"

#include <sstream>

#include <cfenv>
#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/util/error.h"

namespace promptune {

std::string ImagePreprocessing::identity() const {
  std::ostringstream out;
  out << resize_short_side << "/" << crop_size << "/" << mean[0] << "," << std[0];
  return out.str();
}
namespace {

double bicubic(double x) {
  constexpr double a = -0.5;
  x = std::fabs(x);
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  return 0.0;
}

struct Taps {
  int first = 0;
  std::vector<double> weights;
};

// PIL's precompute_coeffs: one window of input pixels and normalised weights per output pixel.
std::vector<Taps> pil_coefficients(int input_size, int output_size) {
  const double scale = static_cast<double>(input_size) / output_size;
  const double filter_scale = std::max(scale, 1.0);
  const double support = 2.0 * filter_scale;
  std::vector<Taps> taps(static_cast<std::size_t>(output_size));
  for (int x = 0; x < output_size; ++x) {
    const double center = (x + 0.5) * scale;
    const int first = std::max(static_cast<int>(center - support + 0.5), 0);
    const int last = std::min(static_cast<int>(center + support + 0.5), input_size);
    Taps& tap = taps[static_cast<std::size_t>(x)];
    tap.first = first;
    double total = 0.0;
    for (int i = first; i < last; ++i) {
      const double w = bicubic((i - center + 0.5) / filter_scale);
      tap.weights.push_back(w);
      total += w;
    }
    if (total != 0.0) {
      for (double& w : tap.weights) w /= total;
    }
  }
  return taps;
}

unsigned char clip_to_byte(double value) {
  const double rounded = std::floor(value + 0.5);
  return static_cast<unsigned char>(std::min(255.0, std::max(0.0, rounded)));
}

cv::Mat resample_horizontal(const cv::Mat& input, int width) {
  if (input.cols == width) return input.clone();
  const auto taps = pil_coefficients(input.cols, width);
  cv::Mat output(input.rows, width, CV_8UC3);
  for (int y = 0; y < input.rows; ++y) {
    const auto* row = input.ptr<cv::Vec3b>(y);
    auto* out = output.ptr<cv::Vec3b>(y);
    for (int x = 0; x < width; ++x) {
      const Taps& tap = taps[static_cast<std::size_t>(x)];
      double sum[3] = {0, 0, 0};
      for (std::size_t k = 0; k < tap.weights.size(); ++k) {
        const cv::Vec3b& pixel = row[tap.first + static_cast<int>(k)];
        for (int c = 0; c < 3; ++c) sum[c] += tap.weights[k] * pixel[c];
      }
      for (int c = 0; c < 3; ++c) out[x][c] = clip_to_byte(sum[c]);
    }
  }
  return output;
}

cv::Mat resample_vertical(const cv::Mat& input, int height) {
  if (input.rows == height) return input.clone();
  const auto taps = pil_coefficients(input.rows, height);
  cv::Mat output(height, input.cols, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    const Taps& tap = taps[static_cast<std::size_t>(y)];
    auto* out = output.ptr<cv::Vec3b>(y);
    for (int x = 0; x < input.cols; ++x) {
      double sum[3] = {0, 0, 0};
      for (std::size_t k = 0; k < tap.weights.size(); ++k) {
        const cv::Vec3b& pixel = input.ptr<cv::Vec3b>(tap.first + static_cast<int>(k))[x];
        for (int c = 0; c < 3; ++c) sum[c] += tap.weights[k] * pixel[c];
      }
      for (int c = 0; c < 3; ++c) out[x][c] = clip_to_byte(sum[c]);
    }
  }
  return output;
}

// Python's round(): halves go to the even neighbour.
int round_half_even(double value) {
  const int previous = std::fegetround();
  std::fesetround(FE_TONEAREST);
  const int result = static_cast<int>(std::nearbyint(value));
  std::fesetround(previous);
  return result;
}

}  // namespace

cv::Mat decode_image_rgb(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) throw file_error(path, "does not exist");
  cv::Mat image;
  try {
    image = cv::imread(path.string(), cv::IMREAD_UNCHANGED | cv::IMREAD_IGNORE_ORIENTATION);
  } catch (const cv::Exception& error) {
    throw file_error(path, std::string("cannot be decoded: ") + error.what());
  }
  if (image.empty()) throw file_error(path, "cannot be decoded as an image (unsupported format or corrupt file)");
  if (image.depth() == CV_16U) {
    image.convertTo(image, CV_8U, 1.0 / 257.0);
  } else if (image.depth() == CV_32F) {
    image.convertTo(image, CV_8U, 255.0);
  } else if (image.depth() != CV_8U) {
    image.convertTo(image, CV_8U);
  }
  cv::Mat rgb;
  switch (image.channels()) {
    case 1:
      cv::cvtColor(image, rgb, cv::COLOR_GRAY2RGB);
      break;
    case 2: {
      std::vector<cv::Mat> planes;
      cv::split(image, planes);
      cv::cvtColor(planes[0], rgb, cv::COLOR_GRAY2RGB);
      break;
    }
    case 3:
      cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
      break;
    case 4:
      cv::cvtColor(image, rgb, cv::COLOR_BGRA2RGB);
      break;
    default:
      throw file_error(path, "has " + std::to_string(image.channels()) + " channels; expected 1 to 4");
  }
  return rgb;
}

cv::Mat resize_bicubic_like_pil(const cv::Mat& rgb, int width, int height) {
  CV_Assert(rgb.type() == CV_8UC3);
  return resample_vertical(resample_horizontal(rgb, width), height);
}

std::vector<float> preprocess_rgb(const cv::Mat& rgb, const ImagePreprocessing& settings) {
  if (rgb.empty() || rgb.type() != CV_8UC3) throw Error("preprocessing expects a decoded 8-bit RGB image");
  const int short_side = settings.resize_short_side;
  int width = rgb.cols, height = rgb.rows;
  // torchvision Resize(int): the short side becomes `short_side`, the long side int(short_side * long / short).
  if (width <= height) {
    height = static_cast<int>(static_cast<double>(short_side) * rgb.rows / rgb.cols);
    width = short_side;
  } else {
    width = static_cast<int>(static_cast<double>(short_side) * rgb.cols / rgb.rows);
    height = short_side;
  }
  cv::Mat resized = (width == rgb.cols && height == rgb.rows) ? rgb : resize_bicubic_like_pil(rgb, width, height);
  const int crop = settings.crop_size;
  if (resized.cols < crop || resized.rows < crop) {
    // torchvision pads with zeros when the crop is larger than the image.
    cv::Mat padded(std::max(crop, resized.rows), std::max(crop, resized.cols), CV_8UC3, cv::Scalar(0, 0, 0));
    resized.copyTo(padded(
        cv::Rect((padded.cols - resized.cols) / 2, (padded.rows - resized.rows) / 2, resized.cols, resized.rows)));
    resized = padded;
  }
  const int top = round_half_even((resized.rows - crop) / 2.0);
  const int left = round_half_even((resized.cols - crop) / 2.0);
  const cv::Mat cropped = resized(cv::Rect(left, top, crop, crop));
  std::vector<float> pixels(static_cast<std::size_t>(3 * crop * crop));
  const std::size_t plane = static_cast<std::size_t>(crop) * crop;
  for (int y = 0; y < crop; ++y) {
    const auto* row = cropped.ptr<cv::Vec3b>(y);
    for (int x = 0; x < crop; ++x) {
      for (int c = 0; c < 3; ++c) {
        const float value = row[x][c] / 255.0f;
        pixels[c * plane + static_cast<std::size_t>(y) * crop + x] = (value - settings.mean[c]) / settings.std[c];
      }
    }
  }
  return pixels;
}

}  // namespace promptune
