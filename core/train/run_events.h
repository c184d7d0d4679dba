#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "core/util/log_level.h"

namespace promptune {

/// Where a run is, emitted at least once per step.
struct ProgressEvent {
  std::string phase;  ///< "loading", "encoding images", "baseline", "training", "fitting", "evaluating", "paused"
  long long done = 0, total = 0;  ///< units of the phase (steps while training)
  int epoch = 0, epochs = 0;      ///< 1-based epoch while training
  double elapsed_seconds = 0.0;
  double eta_seconds = -1.0;  ///< -1 while unknown
};

/// One scalar: "train/loss", "train/learning_rate", "validation/accuracy", "target/accuracy",
/// "validation/accuracy/<class>", "zero_shot/validation/accuracy", and method-specific ones.
struct MetricEvent {
  std::string name;
  double value = 0.0;
  long long step = 0;
  int epoch = 0;
};

struct Point2 {
  float x = 0.0f, y = 0.0f;
};

/// Class prototypes and a sample of target (else validation) features, projected together onto their first two
/// principal components, for the embedding view.
struct EmbeddingSnapshotEvent {
  long long step = 0;
  std::vector<std::string> class_names;
  std::vector<Point2> prototypes;          ///< one per class
  std::vector<Point2> features;            ///< sampled image features
  std::vector<int> feature_labels;         ///< true class of each feature, -1 when unknown
  std::vector<int> predicted;              ///< predicted class of each feature
  std::string feature_source;              ///< "target" or "validation"
  double explained_variance = 0.0;         ///< fraction of the variance the two axes keep
  std::vector<std::string> feature_items;  ///< each feature's image file, or sentence in text runs (hover)
  std::vector<std::string> domains;        ///< domain names of the feature source; empty for single-domain data
  std::vector<int> feature_domains;        ///< index into `domains` of each feature, -1 when none
  /// The unit rows before projection, prototypes first then features, `dimensions` floats each: what t-SNE and
  /// nearest neighbours in the original space work on.
  int dimensions = 0;
  std::vector<float> vectors;
};

struct LogEvent {
  LogLevel level = LogLevel::Info;
  std::string message;
};

/// Accuracy of one split before and after tuning.
struct SplitSummary {
  std::string split;  ///< "train", "validation", "target"
  int samples = 0;
  double zero_shot_accuracy = -1.0;  ///< -1: not measured
  double tuned_accuracy = -1.0;
};

struct FinishedEvent {
  bool cancelled = false;
  std::filesystem::path run_folder;
  std::filesystem::path prompt_file;  ///< empty when nothing was exported
  std::vector<SplitSummary> summary;
  long long steps = 0;
  double seconds = 0.0;
};

struct FailedEvent {
  std::string message;                    ///< what went wrong and what to do about it
  std::filesystem::path last_checkpoint;  ///< the newest good checkpoint, empty when none
  std::filesystem::path run_folder;       ///< empty when the run failed before its folder existed
};

using RunEvent = std::variant<ProgressEvent, MetricEvent, EmbeddingSnapshotEvent, LogEvent, FinishedEvent, FailedEvent>;

/// Called on the runner's thread; observers that touch a UI must hand the event over to their own thread.
using RunObserver = std::function<void(const RunEvent&)>;

}  // namespace promptune
