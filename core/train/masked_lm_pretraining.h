#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/models/masked_lm_model.h"
#include "core/text/masked_lm_tokenizer.h"
#include "core/train/pretraining_progress.h"

namespace promptune {

/// BERT's masked-LM objective with RoBERTa's dynamic masking: every epoch draws new masks.
struct MaskedLmPretrainingOptions {
  int epochs = 40;
  int batch_size = 32;
  double learning_rate = 1e-3;    ///< AdamW peak rate (tiny models learn faster than BERT-base's 1e-4)
  double weight_decay = 0.01;     ///< not applied to biases and LayerNorm gains, as BERT does
  double warmup_fraction = 0.06;  ///< linear warm-up over this share of the steps, then linear decay to 0
  double mask_probability = 0.15;
  double gradient_clip = 1.0;
  int max_length = 64;  ///< tokens per sentence with [CLS] and [SEP]; longer sentences are cut
  std::uint64_t seed = 0;
  std::string device = "cpu";
};

/// Loss and masked-token accuracy per epoch, and the model.
struct MaskedLmPretrainingResult : PretrainingHistory {
  MaskedLm model{nullptr};  ///< eval mode, on the CPU
  int sentences = 0;        ///< sentences used (empty ones skipped)
};

/// BERT's initialisation: normal(0, 0.02) weights and embeddings, zero biases, unit LayerNorm gains.
void initialise_masked_lm(MaskedLmImpl& model, double standard_deviation = 0.02);

/// Pre-trains a masked LM of `config` from scratch on `texts`: 15 % of the tokens of each sentence (at least one)
/// are chosen; of those 80 % become the mask token, 10 % a random token, 10 % stay; cross-entropy of the chosen
/// tokens over the whole vocabulary. Deterministic for a seed on the CPU. Throws Error when the corpus holds no
/// text or the tokenizer and config disagree on the vocabulary size.
MaskedLmPretrainingResult pretrain_masked_lm(const std::vector<std::string>& texts, const MaskedLmTokenizer& tokenizer,
                                             const MaskedLmConfig& config, const MaskedLmPretrainingOptions& options,
                                             const PretrainingCallback& progress = {});

}  // namespace promptune
