#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "core/data/feature_cache.h"
#include "core/data/image_batch_loader.h"
#include "core/data/seeded_random.h"
#include "core/data/splits.h"
#include "core/util/error.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

using testing::TemporaryFolder;

TEST(SeededRandom, IsTheStandardSequenceAndDerivesIndependentStreams) {
  SeededRandom random(5489);
  std::uint64_t value = 0;
  for (int i = 0; i < 10000; ++i) value = random.next();
  EXPECT_EQ(value, 9981545732273789042ULL);  // the C++ standard's required 10000th value of mt19937_64
  EXPECT_NE(SeededRandom::derive(1, 2).next(), SeededRandom::derive(1, 3).next());
  EXPECT_EQ(SeededRandom::derive(1, 2).next(), SeededRandom::derive(1, 2).next());
  SeededRandom bounded(3);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(bounded.below(7), 7u);
}

TEST(FewShot, SameSeedSameSubsetPerClassWithoutReplacement) {
  std::vector<int> labels;
  for (int i = 0; i < 100; ++i) labels.push_back(i % 5);
  labels.push_back(5);  // a class with a single example
  std::vector<int> all(labels.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  const auto a = sample_few_shot(labels, all, 4, 1);
  EXPECT_EQ(a, sample_few_shot(labels, all, 4, 1));
  EXPECT_NE(a, sample_few_shot(labels, all, 4, 2));
  EXPECT_EQ(a.size(), 5u * 4 + 1);
  std::vector<int> per_class(6, 0);
  for (int index : a) ++per_class[static_cast<std::size_t>(labels[static_cast<std::size_t>(index)])];
  EXPECT_EQ(per_class, (std::vector<int>{4, 4, 4, 4, 4, 1}));
  // Pinned: a change here would change every user's K-shot subsets for the same seed.
  EXPECT_EQ(std::vector<int>(a.begin(), a.begin() + 6), (std::vector<int>{3, 14, 16, 22, 25, 26}));
  EXPECT_THROW(sample_few_shot(labels, all, 0, 1), Error);
}

TEST(StratifiedSplit, KeepsEveryClassInTrainingAndIsSeeded) {
  std::vector<int> labels = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2};
  std::vector<int> all(labels.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  const auto split = stratified_split(labels, all, 0.2, 7);
  EXPECT_EQ(split.validation.size(), 3u);  // 2 of class 0, 1 of class 1, none of the single-item class 2
  EXPECT_EQ(split.train.size(), 10u);
  EXPECT_EQ(split.validation, stratified_split(labels, all, 0.2, 7).validation);
  EXPECT_THROW(stratified_split(labels, all, 1.0, 7), Error);
}

TEST(UnlabeledTarget, LabelsOnlyThroughTheEvaluationAccessor) {
  const UnlabeledTarget unlabeled({3, 4}, {});
  EXPECT_FALSE(unlabeled.has_labels_for_evaluation());
  const UnlabeledTarget labeled({3, 4}, {1, -1});
  EXPECT_TRUE(labeled.has_labels_for_evaluation());
  EXPECT_EQ(labeled.evaluation_labels()[0], 1);
}

std::vector<ImageSample> write_images(const TemporaryFolder& folder, int count) {
  std::vector<ImageSample> samples;
  std::filesystem::create_directories(folder / "img");
  for (int i = 0; i < count; ++i) {
    cv::Mat image(40 + i, 50, CV_8UC3);
    cv::randu(image, 0, 255);
    const auto file = folder / ("img/" + std::to_string(i) + ".png");
    cv::imwrite(file.string(), image);
    samples.push_back({file, i % 3, -1});
  }
  return samples;
}

TEST(ImageBatchLoader, InOrderBatchesWithReportedFailuresAndDeterministicAugmentation) {
  TemporaryFolder folder;
  auto samples = write_images(folder, 10);
  samples[4].path = folder.write("img/broken.png", "not a png");
  ImageLoaderOptions options;
  options.batch_size = 3;
  options.threads = 3;
  options.queue_batches = 1;
  options.preprocessing.resize_short_side = options.preprocessing.crop_size = 24;
  options.augmentation.random_resized_crop = options.augmentation.horizontal_flip = true;
  options.shuffle = true;
  options.seed = 11;
  const auto collect = [&](int threads) {
    options.threads = threads;
    ImageBatchLoader loader(samples, options);
    EXPECT_EQ(loader.batch_count(), 4);
    std::vector<torch::Tensor> images;
    std::vector<int> order;
    int skipped = 0;
    while (auto batch = loader.next()) {
      images.push_back(batch->images);
      order.insert(order.end(), batch->sample_indices.begin(), batch->sample_indices.end());
      skipped += static_cast<int>(batch->skipped.size());
      EXPECT_EQ(batch->labels.size(0), batch->images.size(0));
    }
    EXPECT_EQ(skipped, 1);
    return std::make_pair(torch::cat(images), order);
  };
  const auto [one_thread, order] = collect(1);
  const auto [three_threads, order_again] = collect(3);
  EXPECT_EQ(order, order_again);
  EXPECT_EQ(order.size(), 9u);
  EXPECT_TRUE(torch::equal(one_thread, three_threads));  // augmentation does not depend on the thread
  EXPECT_EQ(one_thread.sizes(), (std::vector<std::int64_t>{9, 3, 24, 24}));
  options.epoch = 1;
  ImageBatchLoader next_epoch(samples, options);
  EXPECT_FALSE(torch::equal(next_epoch.next()->images, one_thread.narrow(0, 0, 3)));
}

TEST(ImageBatchLoader, CancelStopsWorkersPromptly) {
  TemporaryFolder folder;
  const auto samples = write_images(folder, 12);
  ImageLoaderOptions options;
  options.batch_size = 1;
  options.preprocessing.resize_short_side = options.preprocessing.crop_size = 16;
  ImageBatchLoader loader(samples, options);
  ASSERT_TRUE(loader.next().has_value());
  loader.cancel();
  EXPECT_FALSE(loader.next().has_value());
}

TEST(FeatureCache, ReusesAcrossInstancesAndInvalidatesOnChange) {
  TemporaryFolder folder;
  auto samples = write_images(folder, 5);
  ImageLoaderOptions options;
  options.batch_size = 2;
  options.preprocessing.resize_short_side = options.preprocessing.crop_size = 16;
  int encoded = 0;
  const auto encode = [&](const torch::Tensor& images) {
    encoded += static_cast<int>(images.size(0));
    return images.mean({2, 3});
  };
  torch::Tensor first;
  {
    FeatureCache cache(folder / "cache", "hashA", "16", "test");
    const CachedFeatures result = encode_with_cache(cache, samples, options, encode);
    EXPECT_EQ(encoded, 5);
    EXPECT_EQ(result.from_cache, 0);
    first = result.features;
  }
  FeatureCache reopened(folder / "cache", "hashA", "16", "test");
  EXPECT_EQ(reopened.entries(), 5u);
  const CachedFeatures again = encode_with_cache(reopened, samples, options, encode);
  EXPECT_EQ(encoded, 5);  // nothing re-encoded
  EXPECT_EQ(again.from_cache, 5);
  EXPECT_TRUE(torch::allclose(again.features, first));

  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  cv::imwrite(samples[0].path.string(), cv::Mat(30, 30, CV_8UC3, cv::Scalar(1, 2, 3)));  // the file changes
  const CachedFeatures changed = encode_with_cache(reopened, samples, options, encode);
  EXPECT_EQ(changed.from_cache, 4);
  EXPECT_EQ(encoded, 6);

  FeatureCache other_backbone(folder / "cache", "hashB", "16", "test");
  EXPECT_EQ(other_backbone.entries(), 0u);
  FeatureCache other_view(folder / "cache", "hashA", "16", "rrc1");
  EXPECT_EQ(other_view.entries(), 0u);
  const auto [bytes, shards] = feature_cache_disk_usage(folder / "cache");
  EXPECT_GT(bytes, 0u);
  EXPECT_EQ(shards, 2);
  clear_feature_cache(folder / "cache");
  EXPECT_EQ(feature_cache_disk_usage(folder / "cache").second, 0);
}

}  // namespace
}  // namespace promptune
