#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data/image_batch_loader.h"
#include "core/io/tensor_archive.h"
#include "core/methods/method_description.h"
#include "core/models/clip_backbone.h"
#include "core/models/masked_lm_backbone.h"
#include "core/text/lm_template.h"
#include "core/train/optimizer.h"

namespace promptune {

/// What a method is built from. The backbone is shared and frozen; methods keep a pointer, never a copy.
struct MethodSetup {
  ClipBackbone* backbone = nullptr;            ///< vision methods
  MaskedLmBackbone* language_model = nullptr;  ///< text methods
  const LmTemplate* text_template = nullptr;   ///< text methods: how an example becomes a prompt
  const Verbalizer* verbalizer = nullptr;      ///< text methods: the label words of each class
  TemplateLimits text_limits;                  ///< text methods: encoding limits (content-free calibration inputs)
  std::vector<std::string> class_names;        ///< prompt names in label order
  std::vector<std::string> templates;          ///< for zero-shot prototypes
  nlohmann::json options;                      ///< validated against the method's schema, defaults filled
  torch::Device device = torch::kCPU;
  std::uint64_t seed = 1;  ///< initialisation
};

/// Prompts of text as masked-LM input, right-padded: rows of one split, or one batch of them.
struct TextBatch {
  torch::Tensor ids;             ///< [B, L] int64
  torch::Tensor attention_mask;  ///< [B, L] int64: 1 real, 0 padding
  torch::Tensor token_types;     ///< [B, L] int64 segment ids
  torch::Tensor mask_positions;  ///< [B] int64: where the label word goes
  bool defined() const { return ids.defined(); }
  std::int64_t size() const { return ids.defined() ? ids.size(0) : 0; }
  /// Rows `rows` (on the rows' device), trimmed to the longest of them.
  TextBatch select(const torch::Tensor& rows) const;
  /// `count` rows from `start`, trimmed to the longest of them.
  TextBatch narrow(std::int64_t start, std::int64_t count) const;
  TextBatch to(const torch::Device& device) const;
};

/// One mini-batch. Feature-based methods read `features` (frozen image features, unnormalised [B, E]);
/// image-based methods (VPT, SPT) read `images`.
/// Methods that train on unlabeled target data never see labels here, even where the data has them.
struct MethodBatch {
  torch::Tensor features;
  torch::Tensor images;
  TextBatch text;                ///< text methods
  torch::Tensor labels;          ///< [B] int64; undefined for unlabeled data
  torch::Tensor sample_indices;  ///< [B] int64: rows of the training split (while training only)
};

/// Labeled frozen features for methods that fit in closed form (linear probe).
struct FeatureSet {
  torch::Tensor features;  ///< [N, E]
  torch::Tensor labels;    ///< [N] int64
  bool empty() const { return !features.defined() || features.size(0) == 0; }
};

/// What one training step computes: the loss to minimise, the logits (for running accuracy) and named loss terms
/// worth a curve of their own (POUF's alignment and entropy, ProReg's KL).
struct LossOutput {
  torch::Tensor loss;
  torch::Tensor logits;
  std::map<std::string, torch::Tensor> terms;
};

/// Logits and the features the embedding view plots next to class_prototypes() (same space, unit rows).
struct MethodPrediction {
  torch::Tensor logits;
  torch::Tensor features;
};

/// What a method may read to prepare itself before training (SPT's prototypes of the data's tokens).
struct PreparationData {
  std::vector<ImageSample> train;      ///< decodable training images with labels
  std::vector<ImageSample> target;     ///< unlabeled (or held-out) target images; may be empty
  torch::Tensor train_features;        ///< frozen image features of `train` [N, E] (rows as `train`), on the device
  ImageLoaderOptions loader;           ///< preprocessing, training augmentation, threads
  std::filesystem::path cache_folder;  ///< where results worth keeping go; empty: keep nothing
  std::uint64_t seed = 1;
  /// The run resumed from a checkpoint whose state has been loaded: recompute what state() lacks (ProReg's cached
  /// teacher predictions), never overwrite what it restored.
  bool resumed = false;
};

using LogCallback = std::function<void(const std::string&)>;
using FitProgress = std::function<void(long long done, long long total)>;

/// A prompt method behind one interface (ARCHITECTURE.md): trainable tensors, loss, logits, prototypes for the
/// embedding view, and its state for checkpoints and the exported prompt file. Each method is one file pair in
/// core/methods and is listed in method_registry.cpp; adding one touches no other method.
class PromptMethod {
 public:
  virtual ~PromptMethod() = default;
  virtual const MethodDescription& description() const = 0;

  /// Tensors the runner's optimiser updates (leaf tensors with requires_grad). Empty: nothing to train by gradient.
  virtual std::vector<torch::Tensor> parameters() { return {}; }
  /// The same tensors in groups with their own rate scale or weight decay (default: one group of parameters()).
  virtual std::vector<ParameterGroup> parameter_groups() { return {{"all", parameters(), 1.0, std::nullopt}}; }
  /// Closed-form methods fit here; `validation` may be empty. Called once, before evaluation.
  virtual void fit(const FeatureSet& /*train*/, const FeatureSet& /*validation*/, const FitProgress& /*progress*/,
                   const LogCallback& /*log*/) {}
  /// Work before the first step that depends on data, such as SPT's prototype initialisation. When a run resumes
  /// from a checkpoint it is called after the state was restored, with `data.resumed` set.
  virtual void prepare(const PreparationData& /*data*/, const FitProgress& /*progress*/, const LogCallback& /*log*/) {}
  /// Called once when training has run to its end, before the final evaluation and export (not on cancel):
  /// Tip-Adapter-F searches its blend again on `validation`, WiSE-FT interpolates the weights. Returns whether
  /// the predictions may have changed (the runner then evaluates again).
  virtual bool end_training(const FeatureSet& /*validation*/, const LogCallback& /*log*/) { return false; }
  /// Class scores [B, K].
  virtual torch::Tensor logits(const MethodBatch& batch) = 0;
  /// Logits and embedding-view features of an evaluation batch (default: the logits and the frozen features).
  virtual MethodPrediction predict(const MethodBatch& batch);
  /// Named diagnostics of a fixed batch of images, logged as curves at initialisation and at every evaluation
  /// (the NMI between prompt and patch tokens per layer). Called without gradient.
  virtual std::map<std::string, double> diagnostics(const MethodBatch& /*batch*/) { return {}; }
  /// Training loss of a batch (default: cross-entropy of the logits against the labels).
  virtual LossOutput loss(const MethodBatch& batch);
  /// Called before and after an evaluation pass (no gradient in between), so that methods can cache quantities
  /// that do not depend on the image, such as CoOp's text features.
  virtual void begin_evaluation() {}
  virtual void end_evaluation() {}
  /// One unit vector per class [K, E] in the image-feature space, for the embedding view.
  virtual torch::Tensor class_prototypes() = 0;
  /// Everything learned, by name; load_state(state()) restores the method exactly.
  virtual TensorMap state() const = 0;
  virtual void load_state(const TensorMap& state) = 0;
  /// Method-specific facts for the prompt file (context length, class position, ...).
  virtual nlohmann::json export_metadata() const { return nlohmann::json::object(); }
};

/// Cross-entropy with a message instead of a crash when labels are missing.
torch::Tensor classification_loss(const torch::Tensor& logits, const torch::Tensor& labels);

/// Rows scaled to unit length.
torch::Tensor normalize_rows(const torch::Tensor& x);

/// The tensor `name` of a method state, checked for shape; throws Error naming the method and tensor.
torch::Tensor state_tensor(const TensorMap& state, const std::string& name, const std::vector<std::int64_t>& shape,
                           const std::string& method);

}  // namespace promptune
