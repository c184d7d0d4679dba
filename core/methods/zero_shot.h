#pragma once

#include <string>
#include <vector>

#include "core/data/image_dataset.h"
#include "core/methods/prompt_method.h"
#include "core/methods/zero_shot_evaluation.h"
#include "core/models/clip_backbone.h"

namespace promptune {

/// CLIP's zero-shot head: one unit-length prototype per class, the renormalised mean of the normalised text
/// features of every template filled with the class name ("normalise, average, renormalise").
struct ZeroShotClassifier {
  torch::Tensor prototypes;   ///< [K, E], unit rows
  torch::Tensor logit_scale;  ///< scalar exp(logit_scale) of the backbone (100 for OpenAI checkpoints)

  /// Logits [B, K] = scale * normalise(features) . prototypes^T.
  torch::Tensor logits(const torch::Tensor& image_features) const;
};

/// Encodes class names x templates without gradient, in chunks so that large ensembles fit in memory.
ZeroShotClassifier build_zero_shot_classifier(ClipBackbone& backbone, const std::vector<std::string>& class_names,
                                              const std::vector<std::string>& templates);

/// Fills `result.predictions` (top-5 with probabilities) and `result.report` (over rows with a known label) from
/// class probabilities [n, K] of the samples `kept` (positions in `samples`, one per row).
void add_predictions(ZeroShotResult& result, const torch::Tensor& probabilities,
                     const std::vector<ImageSample>& samples, const std::vector<int>& kept);

/// One row of predictions: what names it in the CSV (a path, "line N: text") and its class or -1.
struct PredictedItem {
  std::string name;
  int label = -1;
};
/// The same for any kind of sample: `items` holds one entry per row of `probabilities`.
void add_predictions(ZeroShotResult& result, const torch::Tensor& probabilities,
                     const std::vector<PredictedItem>& items);

/// Zero-shot CLIP as a method: the prototypes of a single template or an ensemble, nothing trained. Every run
/// reports it first as the baseline; exported, it is a prompt file of fixed prototypes.
class ZeroShotMethod : public PromptMethod {
 public:
  explicit ZeroShotMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();

  const MethodDescription& description() const override { return method_description(); }
  torch::Tensor logits(const MethodBatch& batch) override { return classifier_.logits(batch.features); }
  torch::Tensor class_prototypes() override { return classifier_.prototypes; }
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

 private:
  ZeroShotClassifier classifier_;
  std::vector<std::string> templates_;
};

}  // namespace promptune
