#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/data/image_dataset.h"
#include "core/util/torch.h"
#include "core/vision/image_preprocessing.h"

namespace promptune {

/// Training augmentation as CoOp uses it: RandomResizedCrop(scale, ratio, bicubic) then a horizontal flip.
struct Augmentation {
  bool random_resized_crop = false;
  double scale_min = 0.08, scale_max = 1.0;             ///< fraction of the image area kept
  double ratio_min = 3.0 / 4.0, ratio_max = 4.0 / 3.0;  ///< aspect ratio range of the crop
  bool horizontal_flip = false;                         ///< with probability 0.5

  bool enabled() const { return random_resized_crop || horizontal_flip; }
  /// Identifies the augmentation in feature-cache keys ("test" when disabled).
  std::string identity() const;
};

struct ImageLoaderOptions {
  int batch_size = 32;
  int threads = 0;          ///< decode threads; 0: the available cores
  int queue_batches = 4;    ///< finished batches kept ahead of the consumer (bounds memory)
  bool shuffle = false;     ///< order shuffled per epoch with `seed`
  bool drop_last = false;   ///< skip a final partial batch
  std::uint64_t seed = 0;   ///< shuffling and augmentation; the same seed gives the same batches everywhere
  int epoch = 0;            ///< mixes into the seed so every epoch sees new crops
  int first_batch = 0;      ///< start at this batch of the epoch (resuming mid-epoch decodes nothing before it)
  bool pin_memory = false;  ///< page-locked batches for fast copies to CUDA (only with a CUDA build)
  Augmentation augmentation;
  ImagePreprocessing preprocessing;
};

/// One batch, in the loader's order.
struct ImageBatch {
  torch::Tensor images;              ///< [n, 3, S, S] float32
  torch::Tensor labels;              ///< [n] int64 (-1 where unknown)
  std::vector<int> sample_indices;   ///< positions in the sample list given to the loader
  std::vector<SkippedItem> skipped;  ///< files of this batch that could not be decoded
};

/// Decodes and preprocesses images on a pool of threads, a bounded number of batches ahead of the consumer, and
/// returns them in a fixed order. Augmentation draws come from a generator derived from (seed, epoch, sample), so
/// results do not depend on which thread ran which image. Unreadable images are skipped and reported per batch.
class ImageBatchLoader {
 public:
  ImageBatchLoader(std::vector<ImageSample> samples, ImageLoaderOptions options);
  ~ImageBatchLoader();
  ImageBatchLoader(const ImageBatchLoader&) = delete;
  ImageBatchLoader& operator=(const ImageBatchLoader&) = delete;

  /// The next batch, or nullopt at the end. Blocks until it is ready.
  std::optional<ImageBatch> next();
  int batch_count() const { return batch_count_; }
  /// Stops the workers early (next() then returns nullopt).
  void cancel();

 private:
  void work();
  ImageBatch build_batch(int batch_index);

  std::vector<ImageSample> samples_;
  ImageLoaderOptions options_;
  std::vector<int> order_;
  int batch_count_ = 0;
  std::atomic<int> next_to_build_{0};
  int next_to_return_ = 0;
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::map<int, ImageBatch> finished_;
  std::vector<std::thread> workers_;
};

/// The order an epoch visits `count` samples: identity, or the seeded shuffle the loader uses, so that code
/// iterating cached features sees the same batches as code loading the images.
std::vector<int> epoch_order(int count, bool shuffle, std::uint64_t seed, int epoch);

/// Decodes one image with the augmentation (when enabled, seeded by `random_seed`) and preprocessing:
/// [3 * S * S] floats, channel-major. Throws Error naming the file when it cannot be decoded.
std::vector<float> load_training_image(const std::filesystem::path& file, const ImagePreprocessing& preprocessing,
                                       const Augmentation& augmentation, std::uint64_t random_seed);

}  // namespace promptune
