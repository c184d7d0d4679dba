#include "core/data/image_batch_loader.h"

#include <algorithm>

#include <cmath>
#include <opencv2/core.hpp>
#include <sstream>

#include "core/data/seeded_random.h"
#include "core/system/system_info.h"
#include "core/util/error.h"

namespace promptune {
namespace {

// torchvision RandomResizedCrop.get_params: ten tries at a random area and log-uniform aspect ratio, then a
// center crop with the ratio clamped into range.
cv::Rect random_resized_crop(int width, int height, const Augmentation& a, SeededRandom& random) {
  const double area = static_cast<double>(width) * height;
  const double log_min = std::log(a.ratio_min), log_max = std::log(a.ratio_max);
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target = area * random.uniform(a.scale_min, a.scale_max);
    const double ratio = std::exp(random.uniform(log_min, log_max));
    const int w = static_cast<int>(std::lround(std::sqrt(target * ratio)));
    const int h = static_cast<int>(std::lround(std::sqrt(target / ratio)));
    if (w > 0 && h > 0 && w <= width && h <= height) {
      const int top = static_cast<int>(random.below(static_cast<std::uint64_t>(height - h + 1)));
      const int left = static_cast<int>(random.below(static_cast<std::uint64_t>(width - w + 1)));
      return {left, top, w, h};
    }
  }
  const double in_ratio = static_cast<double>(width) / height;
  int w = width, h = height;
  if (in_ratio < a.ratio_min) {
    h = static_cast<int>(std::lround(w / a.ratio_min));
  } else if (in_ratio > a.ratio_max) {
    w = static_cast<int>(std::lround(h * a.ratio_max));
  }
  return {(width - w) / 2, (height - h) / 2, w, h};
}

}  // namespace

std::string Augmentation::identity() const {
  if (!enabled()) return "test";
  std::ostringstream out;
  out << "rrc" << random_resized_crop << ":" << scale_min << "-" << scale_max << ":" << ratio_min << "-" << ratio_max
      << ":flip" << horizontal_flip;
  return out.str();
}

std::vector<float> load_training_image(const std::filesystem::path& file, const ImagePreprocessing& preprocessing,
                                       const Augmentation& augmentation, std::uint64_t random_seed) {
  cv::Mat rgb = decode_image_rgb(file);
  if (!augmentation.enabled()) return preprocess_rgb(rgb, preprocessing);
  SeededRandom random(random_seed);
  if (augmentation.random_resized_crop) {
    const cv::Rect crop = random_resized_crop(rgb.cols, rgb.rows, augmentation, random);
    rgb = resize_bicubic_like_pil(rgb(crop).clone(), preprocessing.crop_size, preprocessing.crop_size);
  }
  if (augmentation.horizontal_flip && random.uniform() < 0.5) cv::flip(rgb, rgb, 1);
  ImagePreprocessing settings = preprocessing;
  if (augmentation.random_resized_crop) settings.resize_short_side = settings.crop_size;  // already the final size
  return preprocess_rgb(rgb, settings);
}

std::vector<int> epoch_order(int count, bool shuffle, std::uint64_t seed, int epoch) {
  std::vector<int> order(static_cast<std::size_t>(std::max(0, count)));
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  if (shuffle) SeededRandom::derive(seed, static_cast<std::uint64_t>(epoch), 0x5a0f).shuffle(order);
  return order;
}

ImageBatchLoader::ImageBatchLoader(std::vector<ImageSample> samples, ImageLoaderOptions options)
    : samples_(std::move(samples)), options_(std::move(options)) {
  if (options_.batch_size < 1) throw Error("the batch size must be at least 1");
  order_ = epoch_order(static_cast<int>(samples_.size()), options_.shuffle, options_.seed, options_.epoch);
  const int count = static_cast<int>(samples_.size());
  batch_count_ =
      options_.drop_last ? count / options_.batch_size : (count + options_.batch_size - 1) / options_.batch_size;
  next_to_build_ = next_to_return_ = std::clamp(options_.first_batch, 0, batch_count_);
  const int threads =
      std::max(1, std::min(options_.threads > 0 ? options_.threads : available_cores(), std::max(1, batch_count_)));
  for (int t = 0; t < threads && batch_count_ > 0; ++t) workers_.emplace_back([this] { work(); });
}

ImageBatchLoader::~ImageBatchLoader() {
  cancel();
}

void ImageBatchLoader::cancel() {
  cancelled_ = true;
  space_.notify_all();
  ready_.notify_all();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

ImageBatch ImageBatchLoader::build_batch(int batch_index) {
  const int begin = batch_index * options_.batch_size;
  const int end = std::min(static_cast<int>(order_.size()), begin + options_.batch_size);
  const int size = options_.preprocessing.crop_size;
  const std::int64_t plane = 3LL * size * size;
  std::vector<std::vector<float>> pixels;
  ImageBatch batch;
  std::vector<std::int64_t> labels;
  for (int position = begin; position < end && !cancelled_; ++position) {
    const int index = order_[static_cast<std::size_t>(position)];
    const ImageSample& sample = samples_[static_cast<std::size_t>(index)];
    try {
      const auto seed = SeededRandom::derive(options_.seed, static_cast<std::uint64_t>(options_.epoch),
                                             static_cast<std::uint64_t>(index))
                            .next();
      pixels.push_back(load_training_image(sample.path, options_.preprocessing, options_.augmentation, seed));
      batch.sample_indices.push_back(index);
      labels.push_back(sample.label);
    } catch (const Error& error) {
      batch.skipped.push_back({sample.path.string(), error.what()});
    }
  }
  auto tensor_options =
      torch::TensorOptions().dtype(torch::kFloat32).pinned_memory(options_.pin_memory && torch::cuda::is_available());
  batch.images = torch::empty({static_cast<std::int64_t>(pixels.size()), 3, size, size}, tensor_options);
  float* destination = batch.images.data_ptr<float>();
  for (std::size_t i = 0; i < pixels.size(); ++i)
    std::copy(pixels[i].begin(), pixels[i].end(), destination + i * plane);
  batch.labels = torch::tensor(labels, torch::kInt64);
  return batch;
}

void ImageBatchLoader::work() {
  while (!cancelled_) {
    const int batch_index = next_to_build_++;
    if (batch_index >= batch_count_) return;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      space_.wait(lock, [&] { return cancelled_ || batch_index < next_to_return_ + options_.queue_batches; });
    }
    if (cancelled_) return;
    ImageBatch batch = build_batch(batch_index);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_.emplace(batch_index, std::move(batch));
    }
    ready_.notify_all();
  }
}

std::optional<ImageBatch> ImageBatchLoader::next() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (cancelled_ || next_to_return_ >= batch_count_) return std::nullopt;
  ready_.wait(lock, [&] { return cancelled_ || finished_.count(next_to_return_) > 0; });
  if (cancelled_) return std::nullopt;
  ImageBatch batch = std::move(finished_.at(next_to_return_));
  finished_.erase(next_to_return_++);
  lock.unlock();
  space_.notify_all();
  return batch;
}

}  // namespace promptune
