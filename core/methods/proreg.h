#pragma once

#include "core/methods/prompt_method.h"
#include "core/models/clip_model.h"

namespace promptune {

/// ProReg's per-sample terms (METHODS-vision.md §7.3) from student logits z, teacher (zero-shot prompt) logits z0
/// and labels y: cross-entropy CE(z, y), distillation KD = T^2 sum_k -softmax(z0/T) log_softmax(z/T) and, for the
/// adaptive trade-off, w = stopgrad(p0(y)^sharpen / (p(y) + p0(y)^sharpen + 1e-5)).
struct ProRegTerms {
  torch::Tensor cross_entropy, distillation, weight;  ///< [B] each
};
ProRegTerms proreg_terms(const torch::Tensor& student, const torch::Tensor& teacher, const torch::Tensor& labels,
                         double temperature, double sharpen);
/// Adaptive: mean((1 - w) CE) + alpha * mean(w KD). Fixed: (1 - alpha) mean(CE) + alpha * mean(KD).
torch::Tensor proreg_loss(const ProRegTerms& terms, bool adaptive, double alpha);

/// ProReg (Zhu et al., AAAI 2023): fine-tunes the image encoder (all of it, or its last k blocks) and a classifier
/// initialised with the text features of "{template} {class}.", with the loss pulled towards the zero-shot prompt
/// prediction per sample. The zero-shot (teacher) predictions of the training images are computed once, from the
/// run's cached frozen features.
class ProRegMethod : public PromptMethod {
 public:
  explicit ProRegMethod(const MethodSetup& setup);
  static const MethodDescription& method_description();

  const MethodDescription& description() const override { return method_description(); }
  std::vector<torch::Tensor> parameters() override;
  std::vector<ParameterGroup> parameter_groups() override;
  void prepare(const PreparationData& data, const FitProgress& progress, const LogCallback& log) override;
  torch::Tensor logits(const MethodBatch& batch) override;
  LossOutput loss(const MethodBatch& batch) override;
  MethodPrediction predict(const MethodBatch& batch) override;
  bool end_training(const FeatureSet& validation, const LogCallback& log) override;
  torch::Tensor class_prototypes() override;
  TensorMap state() const override;
  void load_state(const TensorMap& state) override;
  nlohmann::json export_metadata() const override;

 private:
  torch::Tensor student_logits(const torch::Tensor& features) const;

  ClipBackbone* backbone_;
  VisionTransformer tower_{nullptr};
  torch::Tensor classifier_;      ///< W [K, E], trained (100x the encoder's rate)
  torch::Tensor zero_shot_;       ///< its initial value: unit text features, the teacher's head
  torch::Tensor log_scale_;       ///< student logit scale (log), trained with the head
  torch::Tensor teacher_logits_;  ///< [N_train, K] zero-shot logits of the training images, cached
  std::string tuned_, template_;
  int blocks_ = 0;
  bool adaptive_;
  double kd_weight_, fixed_alpha_, sharpen_, temperature_, wise_ft_alpha_;
};

}  // namespace promptune
