#include "core/demo/shape_renderer.h"

#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/io/atomic_file.h"
#include "core/util/error.h"

namespace promptune {

namespace fs = std::filesystem;

namespace {

constexpr double kPi = 3.14159265358979323846;

/// Points of a polygon with `radii` repeating around the centre, starting at angle `rotation`.
std::vector<cv::Point> star_polygon(cv::Point2d centre, const std::vector<double>& radii, int points, double rotation) {
  std::vector<cv::Point> polygon;
  for (int i = 0; i < points; ++i) {
    const double angle = rotation + 2.0 * kPi * i / points;
    const double radius = radii[static_cast<std::size_t>(i) % radii.size()];
    polygon.emplace_back(static_cast<int>(std::lround(centre.x + radius * std::cos(angle))),
                         static_cast<int>(std::lround(centre.y + radius * std::sin(angle))));
  }
  return polygon;
}

/// `shape` outline points in a unit frame (x right, y down), rotated and scaled to the image.
std::vector<cv::Point> place(const std::vector<cv::Point2d>& unit, cv::Point2d centre, double radius, double rotation) {
  std::vector<cv::Point> polygon;
  for (const auto& p : unit) {
    const double x = p.x * std::cos(rotation) - p.y * std::sin(rotation);
    const double y = p.x * std::sin(rotation) + p.y * std::cos(rotation);
    polygon.emplace_back(static_cast<int>(std::lround(centre.x + radius * x)),
                         static_cast<int>(std::lround(centre.y + radius * y)));
  }
  return polygon;
}

void fill(cv::Mat& mask, const std::vector<cv::Point>& polygon) {
  cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{polygon}, cv::Scalar(255), cv::LINE_AA);
}

/// The shape's coverage (0..255, anti-aliased) on a size x size canvas.
cv::Mat shape_mask(const std::string& shape, int size, cv::Point2d centre, double radius, double rotation) {
  cv::Mat mask = cv::Mat::zeros(size, size, CV_8U);
  const cv::Point c(static_cast<int>(std::lround(centre.x)), static_cast<int>(std::lround(centre.y)));
  const int r = static_cast<int>(std::lround(radius));
  if (shape == "circle") {
    cv::circle(mask, c, r, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
  } else if (shape == "ring") {
    cv::circle(mask, c, r - std::max(1, r / 6), cv::Scalar(255), std::max(2, r / 3), cv::LINE_AA);
  } else if (shape == "crescent") {
    cv::circle(mask, c, r, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
    const cv::Point2d offset(0.5 * radius * std::cos(rotation), 0.5 * radius * std::sin(rotation));
    cv::circle(mask,
               cv::Point(static_cast<int>(std::lround(centre.x + offset.x)),
                         static_cast<int>(std::lround(centre.y + offset.y))),
               static_cast<int>(std::lround(0.85 * radius)), cv::Scalar(0), cv::FILLED, cv::LINE_AA);
  } else if (shape == "triangle") {
    fill(mask, star_polygon(centre, {radius}, 3, rotation));
  } else if (shape == "square") {
    fill(mask, star_polygon(centre, {radius}, 4, rotation));
  } else if (shape == "hexagon") {
    fill(mask, star_polygon(centre, {radius}, 6, rotation));
  } else if (shape == "star") {
    fill(mask, star_polygon(centre, {radius, 0.42 * radius}, 10, rotation));
  } else if (shape == "diamond") {
    fill(mask, place({{0, -1}, {0.55, 0}, {0, 1}, {-0.55, 0}}, centre, radius, rotation));
  } else if (shape == "cross") {
    const double w = 0.3;
    fill(mask, place({{-w, -1},
                      {w, -1},
                      {w, -w},
                      {1, -w},
                      {1, w},
                      {w, w},
                      {w, 1},
                      {-w, 1},
                      {-w, w},
                      {-1, w},
                      {-1, -w},
                      {-w, -w}},
                     centre, radius, rotation));
  } else if (shape == "arrow") {
    fill(mask, place({{-1, -0.25}, {0.1, -0.25}, {0.1, -0.7}, {1, 0}, {0.1, 0.7}, {0.1, 0.25}, {-1, 0.25}}, centre,
                     radius, rotation));
  } else {
    throw Error("unknown demo shape \"" + shape + "\"");
  }
  return mask;
}

cv::Vec3b bgr(const cv::Vec3b& rgb) {
  return {rgb[2], rgb[1], rgb[0]};
}

cv::Vec3b random_colour(std::mt19937_64& random) {
  std::uniform_int_distribution<int> channel(0, 255);
  return {static_cast<uchar>(channel(random)), static_cast<uchar>(channel(random)),
          static_cast<uchar>(channel(random))};
}

/// Stripes, a checkerboard or coloured blobs in random colours.
cv::Mat textured_background(int size, std::mt19937_64& random) {
  cv::Mat background(size, size, CV_8UC3);
  const auto first = random_colour(random), second = random_colour(random);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const int kind = static_cast<int>(random() % 3);
  const double period = 4.0 + 8.0 * unit(random), angle = kPi * unit(random);
  if (kind == 2) {
    cv::Mat blobs(4, 4, CV_8UC3);
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 4; ++x) blobs.at<cv::Vec3b>(y, x) = random_colour(random);
    cv::resize(blobs, background, background.size(), 0, 0, cv::INTER_CUBIC);
    return background;
  }
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      bool on;
      if (kind == 0)
        on = std::fmod(x * std::cos(angle) + y * std::sin(angle) + 1000.0, period) < period / 2;
      else
        on = (static_cast<int>(x / period) + static_cast<int>(y / period)) % 2 == 0;
      background.at<cv::Vec3b>(y, x) = on ? first : second;
    }
  return background;
}

/// `colour` painted over `background` through the coverage `mask`.
void composite(cv::Mat& background, const cv::Mat& mask, const cv::Vec3b& colour) {
  for (int y = 0; y < background.rows; ++y)
    for (int x = 0; x < background.cols; ++x) {
      const double alpha = mask.at<uchar>(y, x) / 255.0;
      auto& pixel = background.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c)
        pixel[c] = static_cast<uchar>(std::lround((1.0 - alpha) * pixel[c] + alpha * colour[c]));
    }
}

/// Hue rotated by `degrees` (OpenCV's 8-bit hue runs 0..179).
void rotate_hue(cv::Mat& image, int degrees) {
  cv::Mat hsv;
  cv::cvtColor(image, hsv, cv::COLOR_BGR2HSV);
  for (int y = 0; y < hsv.rows; ++y)
    for (int x = 0; x < hsv.cols; ++x) {
      auto& pixel = hsv.at<cv::Vec3b>(y, x);
      pixel[0] = static_cast<uchar>((pixel[0] + degrees / 2) % 180);
    }
  cv::cvtColor(hsv, image, cv::COLOR_HSV2BGR);
}

std::uint64_t mix(std::uint64_t value) {  // splitmix64's finaliser
  value += 0x9e3779b97f4a7c15ULL;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

}  // namespace

const std::vector<ShapeClass>& demo_shape_classes() {
  static const std::vector<ShapeClass> classes = {
      {"red_circle", "red", "circle", {220, 40, 40}},          {"green_triangle", "green", "triangle", {40, 170, 60}},
      {"blue_square", "blue", "square", {40, 80, 220}},        {"yellow_star", "yellow", "star", {235, 200, 30}},
      {"purple_hexagon", "purple", "hexagon", {140, 50, 180}}, {"orange_cross", "orange", "cross", {245, 130, 20}},
      {"cyan_diamond", "cyan", "diamond", {30, 200, 210}},     {"pink_ring", "pink", "ring", {240, 110, 180}},
      {"brown_arrow", "brown", "arrow", {130, 80, 40}},        {"black_crescent", "black", "crescent", {25, 25, 25}}};
  return classes;
}

const std::vector<ShapeStyle>& all_shape_styles() {
  static const std::vector<ShapeStyle> styles = {ShapeStyle::Clean, ShapeStyle::Textured, ShapeStyle::Sketch,
                                                 ShapeStyle::Noisy};
  return styles;
}

const char* shape_style_name(ShapeStyle style) {
  switch (style) {
    case ShapeStyle::Clean:
      return "clean";
    case ShapeStyle::Textured:
      return "textured";
    case ShapeStyle::Sketch:
      return "sketch";
    case ShapeStyle::Noisy:
      return "noisy";
  }
  return "clean";
}

RenderedShape render_shape(const ShapeClass& shape_class, ShapeStyle style, int size, std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double relative_radius = 0.22 + 0.18 * unit(random);
  const double radius = relative_radius * size;
  const cv::Point2d centre(size * (0.5 + 0.1 * (2 * unit(random) - 1)), size * (0.5 + 0.1 * (2 * unit(random) - 1)));
  const double rotation = 2.0 * kPi * unit(random);
  const cv::Mat mask = shape_mask(shape_class.shape, size, centre, radius, rotation);
  const std::string size_word = relative_radius < 0.31 ? "small" : "large";

  RenderedShape rendered;
  const std::vector<std::string> captions = {
      "a photo of a " + size_word + " " + shape_class.colour + " " + shape_class.shape + ".",
      "a " + size_word + " " + shape_class.colour + " " + shape_class.shape + ".",
      "a " + shape_class.colour + " " + shape_class.shape + " on a plain background."};
  rendered.caption = captions[random() % captions.size()];
  switch (style) {
    case ShapeStyle::Clean: {
      const auto grey = static_cast<uchar>(205 + random() % 30);
      rendered.image = cv::Mat(size, size, CV_8UC3, cv::Scalar(grey, grey, grey));
      composite(rendered.image, mask, bgr(shape_class.rgb));
      break;
    }
    case ShapeStyle::Textured:
      rendered.image = textured_background(size, random);
      composite(rendered.image, mask, bgr(shape_class.rgb));
      break;
    case ShapeStyle::Sketch: {
      // A pencil outline on paper: the geometry stays, the colour is gone.
      cv::Mat outline;
      const int width = std::max(1, size / 32);
      cv::morphologyEx(mask, outline, cv::MORPH_GRADIENT,
                       cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * width + 1, 2 * width + 1)));
      rendered.image = cv::Mat(size, size, CV_8UC3, cv::Scalar(245, 245, 245));
      const auto ink = static_cast<uchar>(40 + random() % 50);
      composite(rendered.image, outline, {ink, ink, ink});
      break;
    }
    case ShapeStyle::Noisy: {
      const auto grey = static_cast<uchar>(150 + random() % 80);
      rendered.image = cv::Mat(size, size, CV_8UC3, cv::Scalar(grey, grey, grey));
      composite(rendered.image, mask, bgr(shape_class.rgb));
      rotate_hue(rendered.image, 90 + static_cast<int>(random() % 120));
      cv::GaussianBlur(rendered.image, rendered.image, cv::Size(0, 0), 0.02 * size + 0.5);
      cv::Mat noise(size, size, CV_16SC3);
      cv::RNG noise_random(random());  // not OpenCV's global generator: images depend on the seed only
      noise_random.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(28));
      cv::Mat wide;
      rendered.image.convertTo(wide, CV_16SC3);
      wide += noise;
      wide.convertTo(rendered.image, CV_8UC3);
      break;
    }
  }
  return rendered;
}

void write_shape_dataset(const fs::path& root, const ShapeDatasetOptions& options,
                         const std::function<bool(int, int)>& progress) {
  if (options.images_per_class < 1 || options.image_size < 16)
    throw Error("demo images: at least 1 image per class and 16 pixels are needed");
  const auto& classes = demo_shape_classes();
  const int total = static_cast<int>(options.styles.size() * classes.size()) * options.images_per_class;
  std::string captions = "path,caption\n", names;
  for (const auto& shape_class : classes)
    names += shape_class.id + "\t" + shape_class.colour + " " + shape_class.shape + "\n";
  int done = 0;
  for (const auto style : options.styles) {
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const fs::path folder = root / shape_style_name(style) / classes[c].id;
      fs::create_directories(folder);
      for (int i = 0; i < options.images_per_class; ++i) {
        // Each image has its own stream, so it does not depend on what else is rendered.
        std::mt19937_64 random(
            mix(options.seed ^ mix((static_cast<std::uint64_t>(style) << 40) ^ (c << 20) ^ static_cast<unsigned>(i))));
        const auto rendered = render_shape(classes[c], style, options.image_size, random);
        char name[16];
        std::snprintf(name, sizeof(name), "%04d.png", i);
        if (!cv::imwrite((folder / name).string(), rendered.image))
          throw file_error(folder / name, "cannot be written");
        captions += (fs::path(shape_style_name(style)) / classes[c].id / name).generic_string() + ",\"" +
                    rendered.caption + "\"\n";
        if (progress && !progress(++done, total)) throw Error("demo images: cancelled");
      }
    }
  }
  write_file_atomically(root / "classes.txt", names);
  write_file_atomically(root / "captions.csv", captions);
}

void write_pairing_shapes(const fs::path& root, int images, int image_size, std::uint64_t seed,
                          const std::function<bool(int, int)>& progress) {
  if (images < 1 || image_size < 16) throw Error("demo images: at least 1 image and 16 pixels are needed");
  const auto& classes = demo_shape_classes();
  fs::create_directories(root);
  std::string captions = "path,caption\n";
  for (int i = 0; i < images; ++i) {
    std::mt19937_64 random(mix(seed ^ mix(0xC0105ULL << 40 ^ static_cast<unsigned>(i))));
    const auto& form = classes[random() % classes.size()];
    const auto& paint = classes[random() % classes.size()];
    const ShapeClass pairing{paint.colour + "_" + form.shape, paint.colour, form.shape, paint.rgb};
    const auto rendered = render_shape(pairing, ShapeStyle::Clean, image_size, random);
    char name[16];
    std::snprintf(name, sizeof(name), "%05d.png", i);
    if (!cv::imwrite((root / name).string(), rendered.image)) throw file_error(root / name, "cannot be written");
    captions += std::string(name) + ",\"" + rendered.caption + "\"\n";
    if (progress && !progress(i + 1, images)) throw Error("demo images: cancelled");
  }
  write_file_atomically(root / "captions.csv", captions);
}

}  // namespace promptune
