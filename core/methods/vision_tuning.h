#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/methods/context_prompts.h"
#include "core/methods/prompt_method.h"
#include "core/metrics/prompt_nmi.h"

namespace promptune {

/// The classifier on top of a tuned image encoder (METHODS-vision.md §5.7 and §5.3):
/// - zero_shot: CLIP's text prototypes of the session's templates, frozen, logits = scale * cos (MaPLe's VPT);
/// - coop: the same text classifier with a CoOp context ("a photo of a") tuned together with the image side;
/// - linear: VPT's Linear(D -> K) on the CLS token after ln_post (kaiming-normal fan_out, bias -log(99)).
class ClassifierHead {
 public:
  ClassifierHead(const MethodSetup& setup, const std::string& kind);

  const std::string& kind() const { return kind_; }
  std::vector<torch::Tensor> parameters() const;
  torch::Tensor logits(const VisionOutput& output);
  /// Unit rows in the space of class_prototypes(): image features (text heads) or CLS tokens (linear head).
  torch::Tensor embedding_features(const VisionOutput& output) const;
  torch::Tensor class_prototypes();
  void begin_evaluation();
  void end_evaluation() { frozen_text_features_ = torch::Tensor(); }
  TensorMap state() const;
  void load_state(const TensorMap& state, const std::string& method);

 private:
  torch::Tensor text_features();

  std::string kind_;
  torch::Tensor logit_scale_;
  torch::Tensor prototypes_;               ///< zero_shot: [K, E]
  std::optional<ContextPrompts> prompts_;  ///< coop
  torch::Tensor context_;                  ///< coop: [M, D_text]
  torch::Tensor frozen_text_features_;
  torch::Tensor weight_, bias_;  ///< linear: [K, D_vision], [K]
};

/// The options every image-encoder method shares: the head and the NMI normalisation.
std::vector<MethodOption> vision_tuning_options();

/// WiSE-FT's weight-space ensemble (METHODS-vision.md §9.6) as an option of every method that fine-tunes encoder
/// weights: after training each tuned tensor becomes (1 - alpha) * zero-shot + alpha * fine-tuned.
MethodOption wise_ft_option();
/// Applies WiSE-FT in place to every (tuned, zero-shot) pair; returns false (and changes nothing) at alpha = 1.
bool interpolate_weights(const std::vector<std::pair<torch::Tensor, torch::Tensor>>& tuned_and_zero_shot, double alpha,
                         const LogCallback& log);

/// Base of the methods that change what the image encoder computes (VPT, SPT, BitFit, partial-k): they read images,
/// so the runner bypasses the feature cache for them, and they share the head, the loss and the NMI diagnostics.
class VisionTuningMethod : public PromptMethod {
 public:
  explicit VisionTuningMethod(const MethodSetup& setup);

  std::vector<torch::Tensor> parameters() override;
  torch::Tensor logits(const MethodBatch& batch) override;
  LossOutput loss(const MethodBatch& batch) override;
  MethodPrediction predict(const MethodBatch& batch) override;
  std::map<std::string, double> diagnostics(const MethodBatch& batch) override;
  void begin_evaluation() override { head_.begin_evaluation(); }
  void end_evaluation() override { head_.end_evaluation(); }
  torch::Tensor class_prototypes() override { return head_.class_prototypes(); }
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

 protected:
  /// The tower's output for `images`; `training` turns prompt dropout on; `capture` keeps the block inputs.
  virtual VisionOutput encode(const torch::Tensor& images, bool training, bool capture) = 0;
  /// The tower `encode` runs (for the NMI, which needs its attention weights).
  virtual VisionTransformerImpl& tower() { return *backbone_->model->visual; }
  virtual std::vector<torch::Tensor> encoder_parameters() const = 0;
  virtual TensorMap encoder_state() const = 0;
  virtual void load_encoder_state(const TensorMap& state) = 0;
  virtual nlohmann::json encoder_metadata() const = 0;

  ClipBackbone* backbone_;
  torch::Device device_;
  ClassifierHead head_;
  NmiNormalization nmi_normalization_;
};

/// Base of the methods that fine-tune some of the image encoder's own weights (BitFit, partial-k): they train a
/// copy of the tower (the shared backbone stays frozen for the zero-shot baseline) whose selected parameters require
/// gradients, and save exactly those.
class TunedTowerMethod : public VisionTuningMethod {
 public:
  /// `trainable` selects parameters by OpenAI name without the "visual." prefix.
  TunedTowerMethod(const MethodSetup& setup, const std::function<bool(const std::string&)>& trainable);
  /// WiSE-FT (option wise_ft_alpha) between the tuned tensors and the backbone's.
  bool end_training(const FeatureSet& validation, const LogCallback& log) override;

 protected:
  VisionOutput encode(const torch::Tensor& images, bool training, bool capture) override;
  VisionTransformerImpl& tower() override { return *tower_; }
  std::vector<torch::Tensor> encoder_parameters() const override;
  TensorMap encoder_state() const override;
  void load_encoder_state(const TensorMap& state) override;
  /// The number of trainable encoder parameters and where they sit in the prompt file.
  nlohmann::json tuned_summary() const;

  VisionTransformer tower_{nullptr};
  double wise_ft_alpha_ = 1.0;
};

/// A trainable copy of the backbone's vision tower (the shared backbone stays frozen for the zero-shot baseline),
/// with requires_grad set on the parameters `trainable` selects by OpenAI name (without the "visual." prefix).
VisionTransformer trainable_vision_copy(ClipBackbone& backbone, const torch::Device& device,
                                        const std::function<bool(const std::string&)>& trainable);

/// Selects the last `k` blocks of the backbone's vision tower with ln_post and proj (partial-k, ProReg's last_k);
/// throws Error naming method.options.k when the tower has fewer blocks.
std::function<bool(const std::string&)> last_vision_blocks(const ClipBackbone& backbone, int k);

/// Each trainable tensor of `tower` paired with the backbone's tensor of the same name, for WiSE-FT.
std::vector<std::pair<torch::Tensor, torch::Tensor>> tuned_and_zero_shot(const VisionTransformerImpl& tower,
                                                                         const ClipBackbone& backbone);

/// The trainable parameters of `tower` by "visual."-prefixed name, detached copies on the CPU.
TensorMap trainable_tower_state(const VisionTransformerImpl& tower);
/// Copies `state` (as trainable_tower_state wrote it) into `tower`; throws Error naming a missing or wrong tensor.
void load_trainable_tower_state(VisionTransformerImpl& tower, const TensorMap& state, const std::string& method);

}  // namespace promptune
