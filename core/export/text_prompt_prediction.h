#pragma once

#include <filesystem>
#include <string>

#include "core/methods/zero_shot_evaluation.h"

namespace promptune {

/// `promptune-cli predict --text`: a masked-LM prompt file applied to a table of text. Plain values.
struct TextPredictionRequest {
  std::filesystem::path prompt;    ///< *.prompt.safetensors of a masked-LM session
  std::filesystem::path backbone;  ///< the BERT/RoBERTa folder it was trained on (checked by weights hash)
  std::filesystem::path texts;     ///< CSV, TSV or JSONL; with a label column whose values are the prompt's class ids
                                   ///< accuracy, macro-F1 and Matthews correlation are reported
  std::string text_column, pair_column, label_column;  ///< empty: the session's columns, else the loader's defaults
  int batch_size = 32;
};

/// Rebuilds the method from the prompt file (template, label words, limits, learned tensors), refusing another
/// backbone or tokenizer, and predicts every row. Prediction "paths" are "line N: <text>". Rows the loader skips
/// (not UTF-8, empty, unknown label) are listed in `skipped`.
ZeroShotResult run_text_prompt_prediction(const TextPredictionRequest& request, const ProgressCallback& progress = {});

}  // namespace promptune
