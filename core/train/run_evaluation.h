#pragma once

#include <map>
#include <string>

#include "core/methods/prompt_method.h"
#include "core/train/run_data.h"
#include "core/train/run_events.h"

namespace promptune {

struct SplitEvaluation {
  double accuracy = -1.0;         ///< over labeled rows; -1 when none is labeled
  std::vector<double> per_class;  ///< -1 for classes without samples
  double macro_f1 = 0.0;          ///< over labeled rows (text tasks such as MRPC report it)
  double matthews = 0.0;          ///< Matthews correlation over labeled rows (CoLA's metric)
  torch::Tensor predicted;        ///< [n] int64 on the CPU
  torch::Tensor labels;           ///< [n] int64 on the CPU, -1 where unknown
  torch::Tensor features;         ///< [n, E] embedding-view features (image methods only), unit rows on the CPU
};

/// Fraction of rows whose prediction equals a known label (labels < 0 are ignored); -1 when none is known.
double split_accuracy(const torch::Tensor& predicted, const torch::Tensor& labels);

/// The method's predictions on a split, without gradient, in chunks: from its frozen features, or, with
/// `images` (the backbone's preprocessing), from its images decoded again (methods that change the image encoder).
SplitEvaluation evaluate_split(PromptMethod& method, const RunSplit& split, int class_count,
                               const torch::Device& device, Precision precision,
                               const ImagePreprocessing* images = nullptr);

/// The mean of the method's training loss over `split` in batches of `batch_size`, without gradient and without
/// labels: the unsupervised objective on held-out unlabeled data by which unsupervised runs may pick a checkpoint.
double unsupervised_objective(PromptMethod& method, const RunSplit& split, int batch_size, const torch::Device& device,
                              Precision precision, const ImagePreprocessing* images = nullptr);

/// Class prototypes and up to `samples` features of the target data (else validation, else train), projected
/// together by PCA.
EmbeddingSnapshotEvent embedding_snapshot(PromptMethod& method, const RunData& data,
                                          const std::map<std::string, SplitEvaluation>& results, int samples,
                                          long long step);

}  // namespace promptune
