#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/models/clip_model.h"
#include "core/text/clip_tokenizer.h"
#include "core/train/pretraining_progress.h"
#include "core/vision/image_preprocessing.h"

namespace promptune {

/// One training pair of contrastive pre-training.
struct CaptionedImage {
  std::filesystem::path image;
  std::string caption;
};

/// Reads `path,caption` rows (header optional, paths relative to the CSV). Throws Error naming the file and line
/// of a row without two fields; a listed image that does not exist is an error too.
std::vector<CaptionedImage> read_captions_csv(const std::filesystem::path& file);

struct ClipPretrainingOptions {
  int epochs = 30;
  int batch_size = 64;
  double learning_rate = 1e-3;  ///< AdamW peak rate
  double weight_decay = 0.1;    ///< not on biases, LayerNorm gains, embeddings of position/class, logit scale
  double warmup_fraction = 0.05;
  double gradient_clip = 1.0;
  std::uint64_t seed = 0;
  std::string device = "cpu";
};

/// Loss and in-batch image -> caption accuracy per epoch (duplicate captions count as right), and the model.
struct ClipPretrainingResult : PretrainingHistory {
  ClipModel model{nullptr};  ///< eval mode, on the CPU
};

/// Pre-trains a CLIP of `config` from scratch on image-caption pairs with the symmetric contrastive loss of CLIP
/// (learned temperature, capped at 100). Pairs whose captions are the same text are positives of each other, so
/// repeated captions do not push apart images that match them equally. Images are decoded and preprocessed once
/// (`preprocessing`); AdamW with linear warm-up and cosine decay. Deterministic for a seed on the CPU.
ClipPretrainingResult pretrain_clip(const std::vector<CaptionedImage>& pairs, const ClipTokenizer& tokenizer,
                                    const ClipConfig& config, const ImagePreprocessing& preprocessing,
                                    const ClipPretrainingOptions& options, const PretrainingCallback& progress = {});

}  // namespace promptune
