#pragma once

#include "core/methods/prompt_method.h"

namespace promptune {

/// Label-word ids per class as tensors: ids [C, K] (padded with the first word) and mask [C, K] (1 for real words).
struct LabelWordTensors {
  torch::Tensor ids;
  torch::Tensor mask;
};
LabelWordTensors label_word_tensors(const Verbalizer& verbalizer, const torch::Device& device);

/// What a method puts into the masked LM besides the template's tokens (ARCHITECTURE.md's prompt slot).
struct PromptInjection {
  /// [P, H] virtual tokens before [CLS] / <s>, as PEFT prompt tuning and P-tuning place them (positions 0..P-1,
  /// the real tokens shifted by P); undefined: none.
  torch::Tensor soft_prompt;
  PrefixKeyValues prefix;   ///< per-layer keys/values (prefix tuning)
  int position_offset = 0;  ///< first position id of the real tokens (PEFT prefixes: P)
};

/// Encodes (text_a, text_b) pairs through `lm_template` into one right-padded batch on the CPU. Segment ids are
/// capped at `segments` - 1 (the model's token-type rows); `truncated` counts examples whose text was shortened.
TextBatch encode_text_batch(const LmTemplate& lm_template, const MaskedLmTokenizer& tokenizer,
                            const std::vector<std::pair<std::string, std::string>>& texts, const TemplateLimits& limits,
                            int segments, int& truncated);

/// Last hidden state at each example's mask [B, H].
torch::Tensor mask_hidden_states(MaskedLmImpl& model, const TextBatch& batch, const PromptInjection& injection);
/// Class scores [B, C] from head features z [B, H]: the mean of the raw logits of each class's label words (PET's
/// aggregation; with one word per class it is LM-BFF's and POUF's label logit).
torch::Tensor label_word_scores(MaskedLmImpl& model, const torch::Tensor& z, const LabelWordTensors& words);
/// The mean decoder row of each class's words [C, H]; the graph is kept (POUF trains the rows).
torch::Tensor label_word_prototypes(MaskedLmImpl& model, const LabelWordTensors& words);

/// A trainable copy of the backbone's model on `device` (train mode, every parameter requiring gradient).
MaskedLm trainable_masked_lm_copy(MaskedLmBackbone& backbone, const torch::Device& device);
/// Parameters of a copy worth tuning: all, or the last `k` layers plus the head (LM-BFF's partial tuning).
std::vector<torch::Tensor> masked_lm_tuned_parameters(MaskedLmImpl& model, int last_k);
/// Named tensors of `model` that require gradient, on the CPU (method state), and their loading back.
TensorMap tuned_masked_lm_state(const MaskedLmImpl& model);
void load_tuned_masked_lm_state(MaskedLmImpl& model, const TensorMap& state, const std::string& method);

/// The parameters of a prompt encoder (P-tuning, prefix tuning) as method state, named `prefix` + their
/// PyTorch names so sidecar files round-trip with Python, and their loading back (shapes checked).
TensorMap module_state(const torch::nn::Module& module, const std::string& prefix);
void load_module_state(torch::nn::Module& module, const TensorMap& state, const std::string& prefix,
                       const std::string& method);

/// Base of the masked-LM methods: a template with one mask, the MLM head at the mask and a verbalizer
/// (METHODS-language.md §1). Subclasses say which model runs (the frozen backbone or a tuned copy) and what
/// they inject; logits, embedding-view features (head features at the mask) and label-word prototypes are shared.
class MaskedLmPromptMethod : public PromptMethod {
 public:
  explicit MaskedLmPromptMethod(const MethodSetup& setup);
  torch::Tensor logits(const MethodBatch& batch) override;
  MethodPrediction predict(const MethodBatch& batch) override;
  torch::Tensor class_prototypes() override;
  nlohmann::json export_metadata() const override;

 protected:
  virtual MaskedLmImpl& model() = 0;
  virtual PromptInjection injection() { return {}; }
  /// Head features z at the mask [B, H]; `tanh_gelu`: POUF's feature path.
  torch::Tensor mask_features(const MethodBatch& batch, bool tanh_gelu = false);
  /// Encodes `texts` (as text_a) through the session's template: for content-free calibration inputs.
  TextBatch encode_texts(const std::vector<std::string>& texts) const;

  MaskedLmBackbone* backbone_;
  const LmTemplate* template_;
  TemplateLimits limits_;
  LabelWordTensors words_;
  torch::Device device_;
};

}  // namespace promptune
