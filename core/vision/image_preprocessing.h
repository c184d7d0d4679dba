#pragma once

#include <array>
#include <filesystem>
#include <opencv2/core/mat.hpp>
#include <string>
#include <vector>

namespace promptune {

/// CLIP test-time preprocessing: resize the short side (bicubic), center crop, scale to [0,1], normalise.
struct ImagePreprocessing {
  int resize_short_side = 224;                                         ///< short side after resizing
  int crop_size = 224;                                                 ///< square crop, the model's input size
  std::array<float, 3> mean = {0.48145466f, 0.4578275f, 0.40821073f};  ///< per RGB channel (CLIP statistics)
  std::array<float, 3> std = {0.26862954f, 0.26130258f, 0.27577711f};  ///< per RGB channel

  /// "224/224/0.481455,0.268630": identifies the preprocessing in feature-cache keys.
  std::string identity() const;
};

/// Decodes any image OpenCV reads into 8-bit RGB (grey is replicated, alpha dropped as PIL's convert("RGB")
/// does, 16-bit scaled down). Throws Error naming the file when it is missing or cannot be decoded.
cv::Mat decode_image_rgb(const std::filesystem::path& path);

/// Resizes 8-bit RGB with PIL's bicubic filter (a = -0.5, support widened by the downscale factor, horizontal
/// pass then vertical, each rounded to 8 bits), which is what the reference preprocessing uses through torchvision.
cv::Mat resize_bicubic_like_pil(const cv::Mat& rgb, int width, int height);

/// The whole pipeline on a decoded RGB image; returns [3, crop, crop] floats, channel-major.
std::vector<float> preprocess_rgb(const cv::Mat& rgb, const ImagePreprocessing& settings);

}  // namespace promptune
