#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <opencv2/core.hpp>
#include <random>
#include <string>
#include <vector>

namespace promptune {

/// One class of the demo's image task: a geometry and a colour ("red circle"); no two classes share either.
struct ShapeClass {
  std::string id;      ///< folder name, "red_circle"
  std::string colour;  ///< "red"
  std::string shape;   ///< "circle"
  cv::Vec3b rgb;
};

/// The ten classes of the demo image task.
const std::vector<ShapeClass>& demo_shape_classes();

/// How an image is drawn. Clean renders are the source domain; the others shift it in ways zero-shot CLIP
/// models are known to suffer from: busy backgrounds, line drawings without colour, and blur + noise with a
/// rotated palette.
enum class ShapeStyle { Clean, Textured, Sketch, Noisy };
const std::vector<ShapeStyle>& all_shape_styles();
const char* shape_style_name(ShapeStyle style);  ///< "clean", "textured", "sketch", "noisy"

struct RenderedShape {
  cv::Mat image;        ///< size x size, 8-bit BGR (OpenCV's order)
  std::string caption;  ///< "a photo of a small red circle."
};

/// Draws one image of `shape_class` in `style`: random size (small/large, said in the caption), position and
/// rotation from `random`.
RenderedShape render_shape(const ShapeClass& shape_class, ShapeStyle style, int size, std::mt19937_64& random);

struct ShapeDatasetOptions {
  int images_per_class = 40;  ///< per class and style
  int image_size = 64;
  std::vector<ShapeStyle> styles = all_shape_styles();
  std::uint64_t seed = 0;
};

/// Writes a domain dataset root/<style>/<class>/<NNNN>.png, root/classes.txt (id TAB name) and
/// root/captions.csv (path,caption for every image, paths relative to root). Every image depends only on the seed,
/// its style, class and index. `progress(done, total)` returning false stops early (Error "cancelled").
void write_shape_dataset(const std::filesystem::path& root, const ShapeDatasetOptions& options,
                         const std::function<bool(int done, int total)>& progress = {});

/// Writes `images` clean renders of random colour x geometry pairings of the demo's palette and shapes (100
/// pairings, the ten classes among them) as root/NNNNN.png with root/captions.csv. Web captions teach real CLIP
/// models colour and form apart because both vary freely there; pre-training on these does the same for the demo's
/// CLIP, so its features still tell the shapes apart when a target domain takes the colour away.
void write_pairing_shapes(const std::filesystem::path& root, int images, int image_size, std::uint64_t seed,
                          const std::function<bool(int done, int total)>& progress = {});

}  // namespace promptune
