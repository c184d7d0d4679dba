#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace promptune {

/// One dataset a session uses. The same folder may appear in several roles with different domains
/// (train on Office-Home "Art", target "Clipart").
struct DatasetRef {
  std::filesystem::path path;          ///< image folder or CSV manifest; empty: role not used
  std::filesystem::path classes_file;  ///< optional label order / prompt names
  std::string domain;                  ///< optional: only this domain of a domain dataset
  bool used() const { return !path.empty(); }
};

/// The optimiser and schedule. Defaults are the method's official recipe (MethodDescription::training_defaults).
struct TrainingConfig {
  int epochs = 10;
  int batch_size = 32;
  int max_steps = 0;              ///< stop after this many steps when > 0 (for quick trials)
  std::string optimizer = "sgd";  ///< sgd | adamw
  double learning_rate = 0.002;
  double momentum = 0.9;              ///< SGD
  bool nesterov = false;              ///< SGD (POUF)
  double weight_decay = 5e-4;         ///< SGD: L2 added to the gradient; AdamW: decoupled
  double beta1 = 0.9, beta2 = 0.999;  ///< AdamW
  double adam_epsilon = 1e-8;         ///< AdamW (Tip-Adapter-F uses 1e-4)
  int warmup_epochs = 1;
  double warmup_learning_rate = 1e-5;    ///< constant rate during warm-up (Dassl's ConstantWarmupScheduler)
  std::string warmup_type = "constant";  ///< constant (Dassl) | linear: from 0 to the rate, cosine after (VPT, SPT)
  /// cosine | constant | linear (to 0 after warm-up, HF's polynomial decay of power 1: ProReg) |
  /// inverse: lr * (1 + inverse_gamma * t)^(-inverse_power) with t the step (the DANN/POUF LambdaLR)
  std::string schedule = "cosine";
  double inverse_gamma = 2e-4, inverse_power = 0.75;
  std::string schedule_unit = "epoch";  ///< epoch: rate changes once per epoch (Dassl); step: every step
  double gradient_clip = 0.0;           ///< max global L2 norm of the gradients; 0: off
  std::string augmentation = "none";    ///< none: cached frozen features; coop: random resized crop + flip
};

struct EvaluationConfig {
  int every_epochs = 1;         ///< evaluate validation and target data every N epochs (and always at the end)
  int embedding_samples = 300;  ///< target (else validation) features sent to the embedding view
  /// Which weights the run ends with: "last" (the last iterate) or, for methods that train on unlabeled target
  /// data, "unsupervised_objective": the evaluation with the lowest training objective on the validation data,
  /// whose labels are not read. Labeled validation accuracy is never used to pick (target labels would leak).
  std::string select = "last";
};

/// Masked-LM sessions: how an example becomes a prompt and how a class becomes label words (METHODS-language.md).
struct TextPromptConfig {
  std::string template_text = "{sentence} It was [MASK].";  ///< plain form or LM-BFF mini-language (LmTemplate)
  /// class id -> label words; classes not named use their class name as the word.
  std::vector<std::pair<std::string, std::vector<std::string>>> label_words;
  /// Tokens per example with the specials; 0: 128, or fewer when the model has fewer positions (less the
  /// method's virtual tokens).
  int max_length = 0;
  int first_sentence_limit = 0;  ///< tokens of text_a (0: no limit)
  int other_sentence_limit = 0;  ///< tokens of text_b (0: no limit)
  std::string too_long = "cut";  ///< cut: shorten the text, keep the template; error: refuse the example
  std::string text_column, pair_column, label_column;  ///< table columns; empty: the loader's defaults
  /// Contextual calibration of zero-shot predictions (Zhao et al. 2021): "none" | "contextual".
  std::string calibration = "none";
};

struct CheckpointConfig {
  int every_epochs = 1;  ///< also written on cancel and at the end
  int keep = 2;          ///< newest checkpoints kept on disk
};

/// A session: everything needed to run one training, as one versioned JSON document (`*.promptune.json`). The GUI
/// saves exactly this; `promptune-cli run FILE` runs it unchanged. Relative paths are relative to the file.
struct SessionConfig {
  static constexpr int kFormatVersion = 1;

  std::string name = "session";
  std::filesystem::path backbone;
  std::filesystem::path tokenizer;  ///< optional, for OpenAI checkpoints without a tokenizer beside them
  DatasetRef train, validation, target;
  int shots = 0;                     ///< K images per class from `train` (0: all)
  double validation_fraction = 0.0;  ///< held out of `train` when no validation dataset is given
  std::uint64_t data_seed = 1;       ///< few-shot subset and validation split
  std::string method = "coop";
  nlohmann::json method_options = nlohmann::json::object();  ///< validated, defaults filled
  std::string templates = "photo";                           ///< template set or file, for zero-shot and the baseline
  TextPromptConfig text;                                     ///< masked-LM sessions only
  TrainingConfig training;
  EvaluationConfig evaluation;
  CheckpointConfig checkpoints;
  std::string device = "auto";     ///< auto | cpu | cuda | cuda:N
  std::string precision = "fp32";  ///< fp32 | fp16 | bf16 (half precisions on CUDA only)
  std::uint64_t seed = 1;          ///< initialisation, batch order and augmentation
  std::filesystem::path output = "runs";
  std::string cache_folder;  ///< feature cache; empty: the default, "off": no cache

  /// Parses and validates. Missing fields take defaults (the method's official recipe for `training`); unknown
  /// fields and bad values throw Error naming the field and the allowed values. `base` resolves relative paths.
  static SessionConfig from_json(const nlohmann::json& document, const std::filesystem::path& base = {});
  /// Reads a session file; errors start with its path.
  static SessionConfig load(const std::filesystem::path& file);
  /// The complete document, every default written out, paths as stored.
  nlohmann::json to_json() const;
  /// Writes the file atomically.
  void save(const std::filesystem::path& file) const;
};

}  // namespace promptune
