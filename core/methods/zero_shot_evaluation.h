#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/metrics/classification_metrics.h"

namespace promptune {

/// What `promptune-cli zeroshot` (and later the GUI) asks for. Plain values: no torch in this header.
struct ZeroShotRequest {
  std::filesystem::path backbone;      ///< model folder or weight file
  std::filesystem::path images;        ///< class-per-folder image set
  std::filesystem::path classes_file;  ///< optional: class folders in label order, one per line
  std::filesystem::path tokenizer;     ///< optional tokenizer location for OpenAI checkpoints
  std::string templates = "photo";     ///< template set name or file
  std::string domain;                  ///< only this domain of a domain dataset (empty: all images)
  int batch_size = 64;                 ///< images per encoder call
  bool use_cache = true;               ///< reuse image features of earlier runs (keyed by weights, preprocessing, file)
  std::filesystem::path cache_folder;  ///< empty: default_feature_cache_folder()
};

/// One image's prediction.
struct ZeroShotPrediction {
  std::string path;
  int label = -1;                    ///< true class
  std::vector<int> ranked_classes;   ///< best first (up to 5)
  std::vector<float> probabilities;  ///< softmax probabilities of ranked_classes
};

struct ZeroShotResult {
  std::string backbone_description;
  std::vector<std::string> class_names;  ///< as written into the prompts
  std::vector<std::string> templates;
  ClassificationReport report;
  std::vector<ZeroShotPrediction> predictions;
  std::vector<std::string> skipped;   ///< "file: reason" for images that could not be used
  std::vector<std::string> warnings;  ///< from loading the backbone
  int features_from_cache = 0;        ///< images whose features came from the feature cache
  /// The classifier's unit prototypes, `dimensions` floats per class in class order: what the GUI draws into the
  /// embedding view when prompts are edited.
  int dimensions = 0;
  std::vector<float> prototypes;
};

/// Called on the calling thread with images done so far and the total.
using ProgressCallback = std::function<void(int done, int total)>;

/// Loads the backbone and images, builds the zero-shot classifier and evaluates it. Unreadable images are
/// skipped and listed, never fatal; bad backbones, folders and templates throw Error.
ZeroShotResult run_zero_shot_evaluation(const ZeroShotRequest& request, const ProgressCallback& progress = {});

/// Writes path,true_class,predicted_class,confidence,top5 (atomically).
void write_predictions_csv(const std::filesystem::path& file, const ZeroShotResult& result);

}  // namespace promptune
