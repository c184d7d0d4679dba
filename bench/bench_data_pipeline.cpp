// Data pipeline throughput and the feature cache's effect on a zero-shot pass.
// Usage: bench_data_pipeline [--images N]
// 1) decode + preprocess (224 px, CLIP test transform, and CoOp training augmentation) images/s with 1..N threads,
//    on JPEG photos of 500x375 generated here; 2) a zero-shot pass of a ViT-B/32-sized model over the same images:
//    uncached (image encoder + text encoder) vs cached (lookups + text encoder).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "bench/bench_support.h"
#include "core/data/feature_cache.h"
#include "core/data/image_batch_loader.h"
#include "core/models/clip_model.h"
#include "core/system/system_info.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<promptune::ImageSample> generate_photos(const std::filesystem::path& folder, int count) {
  std::filesystem::create_directories(folder);
  std::vector<promptune::ImageSample> samples;
  cv::RNG random(1);
  for (int i = 0; i < count; ++i) {
    cv::Mat image(375, 500, CV_8UC3);
    random.fill(image, cv::RNG::UNIFORM, 0, 255);
    cv::GaussianBlur(image, image, cv::Size(9, 9), 3);
    cv::circle(image, {250, 180}, 60 + i % 40, cv::Scalar(i * 7 % 255, 120, 200), -1);
    const auto file = folder / (std::to_string(i) + ".jpg");
    cv::imwrite(file.string(), image, {cv::IMWRITE_JPEG_QUALITY, 90});
    samples.push_back({file, i % 10, -1});
  }
  return samples;
}

double loader_rate(const std::vector<promptune::ImageSample>& samples, int threads, bool augment) {
  promptune::ImageLoaderOptions options;
  options.batch_size = 32;
  options.threads = threads;
  options.augmentation.random_resized_crop = options.augmentation.horizontal_flip = augment;
  const auto start = std::chrono::steady_clock::now();
  promptune::ImageBatchLoader loader(samples, options);
  int images = 0;
  while (auto batch = loader.next()) images += static_cast<int>(batch->images.size(0));
  return images / seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  promptune::bench::start_like_the_application(argv);
  int count = 128;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--images") count = std::stoi(argv[i + 1]);
  }
  const auto folder = std::filesystem::temp_directory_path() / "promptune-bench-photos";
  const auto samples = generate_photos(folder, count);
  const int cores = promptune::available_cores();
  std::printf("Machine: %d cores; %d JPEG photos 500x375 -> 224x224\n\n", cores, count);
  std::printf("| decode threads | test transform (images/s) | CoOp augmentation (images/s) |\n|---|---|---|\n");
  for (int threads = 1; threads <= cores; ++threads) {
    std::printf("| %d | %.0f | %.0f |\n", threads, loader_rate(samples, threads, false),
                loader_rate(samples, threads, true));
    std::fflush(stdout);
  }

  promptune::configure_threads();
  torch::manual_seed(0);
  promptune::ClipModel model(promptune::vit_b32_config());
  model->eval();
  c10::InferenceMode inference;
  const auto encode_images = [&](const torch::Tensor& images) { return model->encode_image(images).features; };
  const auto ids = torch::randint(1, 49000, {10, 77}, torch::kLong);
  const auto eot = torch::full({10}, 8, torch::kLong);
  promptune::ImageLoaderOptions options;
  options.batch_size = 32;
  const auto cache_folder = folder / "cache";
  promptune::clear_feature_cache(cache_folder);

  const auto zero_shot_pass = [&] {
    promptune::FeatureCache cache(cache_folder, "bench-vit-b32", "224", "test");
    const auto start = std::chrono::steady_clock::now();
    const auto text = model->encode_text(ids, eot);  // 10 class prompts
    const auto features = promptune::encode_with_cache(cache, samples, options, encode_images);
    const auto logits = torch::matmul(features.features, text.t());
    return std::make_pair(seconds_since(start), features.from_cache);
  };
  const auto [uncached, hits_first] = zero_shot_pass();
  const auto [cached, hits_second] = zero_shot_pass();
  std::printf("\nZero-shot pass, ViT-B/32-sized model, %d images, 10 classes (%d threads):\n\n", count, cores);
  std::printf("| pass | seconds | images from cache |\n|---|---|---|\n");
  std::printf("| uncached | %.2f | %d |\n| cached | %.3f | %d |\n\nCached pass is %.0fx faster.\n", uncached,
              hits_first, cached, hits_second, uncached / cached);
  std::filesystem::remove_all(folder);
  return 0;
}
