#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/models/masked_lm_model.h"
#include "core/text/masked_lm_tokenizer.h"

namespace promptune {

struct MaskedLmIdentity {
  std::string name;          ///< _name_or_path of config.json, else the folder name
  std::string weights_hash;  ///< SHA-256 of the weight file(s)
  std::filesystem::path weights_file;
};

/// A loaded BERT or RoBERTa masked LM: the native model (frozen, eval mode), its tokenizer and its identity.
class MaskedLmBackbone {
 public:
  /// Loads a Hugging Face folder: config.json + model.safetensors (sharded, or a pytorch_model.bin zip archive) +
  /// tokenizer files. Checkpoint names are normalised (legacy LayerNorm gamma/beta, bare-encoder keys without the
  /// bert./roberta. prefix, a common "model." prefix, tied or absent decoder weights, decoder bias aliases;
  /// pooler, NSP head and position_ids buffers are ignored). A checkpoint without MLM head loads with a warning;
  /// methods that read the head refuse it. Errors name the file.
  static std::unique_ptr<MaskedLmBackbone> load(const std::filesystem::path& folder, bool compute_hash = true);
  /// "bert-tiny: BERT 2x128 (2 heads, FFN 512), vocabulary 30522; WordPiece (30522 tokens, lower-cased);
  /// 4.4 M parameters".
  std::string describe() const;
  /// Writes config.json and model.safetensors (tied decoder not stored, as transformers does) and copies
  /// `tokenizer_files` into `folder`.
  void save_huggingface(const std::filesystem::path& folder,
                        const std::vector<std::filesystem::path>& tokenizer_files) const;

  MaskedLm model{nullptr};
  std::unique_ptr<MaskedLmTokenizer> tokenizer;
  MaskedLmIdentity identity;
  std::vector<std::string> warnings;
};

/// True when `path` is a folder whose config.json describes a BERT/RoBERTa masked LM (model_type, or
/// architectures naming *ForMaskedLM / BertForPreTraining), or, without model_type, whose tokenizer is vocab.txt
/// or whose weights use bert./roberta. names. Used to route a session to the text pipeline.
bool is_masked_lm_folder(const std::filesystem::path& path);

/// Checkpoint names -> the names MaskedLm registers (see MaskedLmBackbone::load). `family` is set from the names
/// when they tell it. `has_head` and `tied` report what the checkpoint holds.
TensorMap normalize_masked_lm_weights(TensorMap tensors, MaskedLmFamily& family, bool family_known, bool& has_head,
                                      bool& tied, std::vector<std::string>& warnings);

}  // namespace promptune
