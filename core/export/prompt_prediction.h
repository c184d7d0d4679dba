#pragma once

#include <filesystem>
#include <string>

#include "core/methods/zero_shot_evaluation.h"

namespace promptune {

/// What `promptune-cli predict` (and the GUI's predict action) asks for. Plain values: no torch in this header.
struct PredictionRequest {
  std::filesystem::path prompt;     ///< *.prompt.safetensors
  std::filesystem::path backbone;   ///< must be the backbone the prompt was trained on (checked by weights hash)
  std::filesystem::path images;     ///< class folders (accuracy is reported) or a folder of images (predictions only)
  std::filesystem::path tokenizer;  ///< optional, for OpenAI checkpoints
  int batch_size = 64;
  bool use_cache = true;
  std::filesystem::path cache_folder;
};

/// Loads the prompt file and the backbone (refusing a backbone whose weights differ), rebuilds the method with the
/// prompt file's class names and predicts every image. Class folders whose names match the prompt's class ids
/// give labels and an accuracy report; unknown folders and a flat folder of images give predictions only.
ZeroShotResult run_prompt_prediction(const PredictionRequest& request, const ProgressCallback& progress = {});

/// A readable summary of a prompt file: method and options, backbone, classes, metrics, and - when `backbone` is
/// given and the method learned context vectors - each vector's nearest vocabulary tokens (CoOp's
/// interpret_prompt.py, Euclidean distance).
std::string describe_prompt_file(const std::filesystem::path& prompt, const std::filesystem::path& backbone = {},
                                 const std::filesystem::path& tokenizer = {}, int nearest = 3);
/// The nearest vocabulary tokens of the context vectors in a run's checkpoint (what the GUI shows while a run
/// trains, before any prompt file exists). Throws Error naming the file when it holds no context vectors.
std::string describe_checkpoint_context(const std::filesystem::path& checkpoint, const std::filesystem::path& backbone,
                                        const std::filesystem::path& tokenizer = {}, int nearest = 3);

}  // namespace promptune
