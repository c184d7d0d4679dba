#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data/feature_cache.h"
#include "core/data/image_dataset.h"
#include "core/data/text_dataset.h"
#include "core/methods/prompt_method.h"
#include "core/models/clip_backbone.h"
#include "core/train/session_config.h"

namespace promptune {

/// One role's examples: images and, once encoded, their frozen features (rows = decodable samples only), or, in
/// masked-LM sessions, texts and their prompts as token ids.
struct RunSplit {
  std::string name;  ///< "train", "validation", "target"
  std::vector<ImageSample> samples;
  std::vector<TextSample> texts;
  torch::Tensor features;            ///< [n, E] on the run's device, or undefined before encoding
  TextBatch text;                    ///< masked-LM sessions: the texts through the template, on the run's device
  torch::Tensor labels;              ///< [n] int64, -1 where unknown
  std::vector<std::string> domains;  ///< names that samples[i].domain indexes; empty for single-domain data
  std::size_t size() const { return samples.size() + texts.size(); }
  bool empty() const { return size() == 0; }
  bool has_labels() const;
};

/// The data of one run: class list (from the training data, else the target data), and the three roles with
/// the few-shot subset and validation split drawn as the session asks.
struct RunData {
  std::vector<std::string> class_ids;
  std::vector<std::string> class_names;
  RunSplit train, validation, target;
  std::vector<std::string> notes;  ///< load-report lines for the log
  /// The chosen files per role with their labels, written to the run folder so a run can be audited and repeated.
  nlohmann::json record() const;
};

/// Loads the datasets of `config`, remaps validation and target labels onto the training classes by id, draws the
/// validation split and K-shot subset. Throws Error naming the role when a dataset cannot be used.
RunData load_run_data(const SessionConfig& config);

/// The text datasets of a masked-LM session (CSV, TSV or JSONL with the columns of config.text): classes from the
/// training data (else the target data), validation and target labels mapped onto them by id, the validation split
/// and K-shot subset drawn as for images. Throws Error naming the role.
RunData load_text_run_data(const SessionConfig& config);

/// Every split's texts through the template as token ids on `device`; returns notes for the log (shortened texts).
std::vector<std::string> encode_text_splits(RunData& data, const LmTemplate& lm_template,
                                            const MaskedLmTokenizer& tokenizer, const TemplateLimits& limits,
                                            int segments, const torch::Device& device);

using EncodeProgress = std::function<void(long long done, long long total)>;

/// What encoding a split did: the samples dropped ("split: file: reason") and how many features the cache had.
struct SplitEncoding {
  std::vector<std::string> skipped;
  int from_cache = 0;
};

/// Frozen image features of `split` through the cache (test-time preprocessing), moved to `device`. Samples that
/// cannot be decoded are dropped from the split (and listed in `skipped`).
SplitEncoding encode_split(RunSplit& split, ClipBackbone& backbone, FeatureCache& cache, const torch::Device& device,
                           const EncodeProgress& progress);

/// The feature cache a run uses: `config.cache_folder`, the default folder, or memory only for "off".
std::unique_ptr<FeatureCache> open_feature_cache(const SessionConfig& config, const ClipBackbone& backbone,
                                                 const Augmentation& view);

}  // namespace promptune
