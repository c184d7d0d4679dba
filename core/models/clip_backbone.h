#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/models/clip_model.h"
#include "core/text/clip_tokenizer.h"
#include "core/vision/image_preprocessing.h"

namespace promptune {

/// Key naming of a CLIP checkpoint.
enum class ClipLayout {
  HuggingFace,  ///< CLIPModel: vision_model.*, text_model.*, separate q/k/v, projections as Linear weights
  OpenAi        ///< openai/CLIP and open_clip: visual.*, transformer.*, packed in_proj, right-multiplied projections
};

/// What identifies a backbone in prompt files and feature caches.
struct BackboneIdentity {
  std::string name;          ///< _name_or_path of config.json, else the folder or file name
  std::string weights_hash;  ///< SHA-256 of the weight file(s)
  std::filesystem::path weights_file;
  ClipLayout layout = ClipLayout::HuggingFace;
};

struct ClipLoadOptions {
  std::filesystem::path tokenizer;  ///< folder or bpe_simple_vocab_16e6.txt.gz; empty: look beside the weights
  bool compute_hash = true;         ///< SHA-256 of the weights (seconds for large checkpoints)
};

/// A loaded CLIP backbone: the native model, its tokenizer and preprocessing, and where it came from.
class ClipBackbone {
 public:
  /// Loads a Hugging Face folder (config.json + model.safetensors [sharded or .bin zip] + vocab.json/merges.txt +
  /// preprocessor_config.json), an OpenAI/open_clip checkpoint (.safetensors or .pt; architecture inferred from the
  /// tensor shapes unless an architecture.json lies beside it), or a folder holding one. Errors name the file.
  static std::unique_ptr<ClipBackbone> load(const std::filesystem::path& path, const ClipLoadOptions& options = {});

  /// Decodes and preprocesses images: [B, 3, S, S] float32.
  torch::Tensor load_images(const std::vector<std::filesystem::path>& files) const;
  /// Tokenizes texts (truncating to the context): ids [K, L] int64 and EOT positions [K] int64.
  std::pair<torch::Tensor, torch::Tensor> tokenize(const std::vector<std::string>& texts) const;
  /// Text features [K, E] of `texts` (no gradient).
  torch::Tensor encode_texts(const std::vector<std::string>& texts);
  /// "tiny-clip-hf: ViT 3x96 /16 @64px, text 2x64, embedding 48 (1.2 M parameters, Hugging Face layout)".
  std::string describe() const;

  /// Writes the model in the Hugging Face layout (config.json, model.safetensors, preprocessor_config.json) and
  /// copies the tokenizer's files when `tokenizer_files` names them.
  void save_huggingface(const std::filesystem::path& folder,
                        const std::vector<std::filesystem::path>& tokenizer_files) const;

  ClipModel model{nullptr};
  std::unique_ptr<ClipTokenizer> tokenizer;
  ImagePreprocessing preprocessing;
  BackboneIdentity identity;
  std::vector<std::string> warnings;  ///< things the user should know (e.g. .pt safety, inferred heads)
};

/// Detects the layout from the key names; throws Error for ResNet CLIPs and non-CLIP files.
ClipLayout detect_clip_layout(const TensorMap& tensors, const std::string& source);
/// Hugging Face names -> OpenAI names (q/k/v packed into in_proj, projections transposed, position_ids dropped).
TensorMap huggingface_to_openai(const TensorMap& tensors);
/// OpenAI names -> Hugging Face names.
TensorMap openai_to_huggingface(const TensorMap& tensors);
/// Architecture from OpenAI-named tensor shapes, as the reference build_model infers it (heads = width / 64).
ClipConfig infer_clip_config(const TensorMap& openai_tensors, const std::string& source);

const char* clip_layout_name(ClipLayout layout);

}  // namespace promptune
