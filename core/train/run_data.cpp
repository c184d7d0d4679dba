#include "core/train/run_data.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>

#include "core/data/splits.h"
#include "core/methods/mlm_prompting.h"
#include "core/util/error.h"
#include "core/util/join.h"

namespace promptune {
namespace {

struct LoadedRole {
  ImageDataset dataset;
  std::vector<int> indices;  ///< samples of the chosen domain
};

LoadedRole load_role(const DatasetRef& ref, const std::string& role, std::vector<std::string>& notes) {
  LoadedRole loaded;
  try {
    loaded.dataset = load_image_dataset(ref.path, {ref.classes_file});
  } catch (const Error& error) {
    throw Error("data." + role + ": " + error.what());
  }
  int domain = -1;
  if (!ref.domain.empty()) {
    const auto& domains = loaded.dataset.domains;
    const auto found = std::find(domains.begin(), domains.end(), ref.domain);
    if (found == domains.end())
      throw Error("data." + role + ".domain: " + ref.path.string() + " has no domain '" + ref.domain + "'" +
                  (domains.empty() ? " (it is not a domain dataset)" : " (domains: " + join(domains) + ")"));
    domain = static_cast<int>(found - domains.begin());
  }
  loaded.indices = loaded.dataset.indices_of_domain(domain);
  for (const auto& item : loaded.dataset.report.skipped)
    notes.push_back(role + ": skipped " + item.where + ": " + item.reason);
  return loaded;
}

/// Samples of `role` with labels mapped onto `class_ids` by id.
std::vector<ImageSample> remap(const LoadedRole& role, const std::vector<int>& indices,
                               const std::vector<std::string>& class_ids, const std::string& name) {
  std::map<std::string, int> label_of;
  for (std::size_t i = 0; i < class_ids.size(); ++i) label_of[class_ids[i]] = static_cast<int>(i);
  std::vector<std::string> unknown;
  std::vector<int> mapping;
  for (const auto& id : role.dataset.class_ids) {
    const auto found = label_of.find(id);
    mapping.push_back(found == label_of.end() ? -1 : found->second);
    if (found == label_of.end()) unknown.push_back(id);
  }
  if (!unknown.empty())
    throw Error("data." + name + ": classes not in the training data: " + join(unknown) +
                " (prompts exist only for the training classes; use a classes file to select a common subset)");
  std::vector<ImageSample> samples;
  for (int index : indices) {
    ImageSample sample = role.dataset.samples[static_cast<std::size_t>(index)];
    if (sample.label >= 0) sample.label = mapping[static_cast<std::size_t>(sample.label)];
    samples.push_back(sample);
  }
  return samples;
}

nlohmann::json split_record(const RunSplit& split) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& sample : split.samples) files.push_back({sample.path.string(), sample.label});
  for (const auto& sample : split.texts) files.push_back({sample.line, sample.label});
  return files;
}

}  // namespace

bool RunSplit::has_labels() const {
  return std::any_of(samples.begin(), samples.end(), [](const ImageSample& sample) { return sample.label >= 0; }) ||
         std::any_of(texts.begin(), texts.end(), [](const TextSample& sample) { return sample.label >= 0; });
}

nlohmann::json RunData::record() const {
  return {{"class_ids", class_ids},
          {"class_names", class_names},
          {"train", split_record(train)},
          {"validation", split_record(validation)},
          {"target", split_record(target)}};
}

RunData load_run_data(const SessionConfig& config) {
  RunData data;
  std::optional<LoadedRole> train;
  if (config.train.used()) {
    train = load_role(config.train, "train", data.notes);
    data.class_ids = train->dataset.class_ids;
    data.class_names = train->dataset.class_names;
    std::vector<int> labels;
    for (const auto& sample : train->dataset.samples) labels.push_back(sample.label);
    std::vector<int> pool = train->indices;
    if (config.validation_fraction > 0.0) {
      const auto split = stratified_split(labels, pool, config.validation_fraction, config.data_seed);
      pool = split.train;
      data.validation.samples = remap(*train, split.validation, data.class_ids, "validation");
      data.validation.domains = train->dataset.domains;
    }
    const auto chosen = config.shots > 0 ? sample_few_shot(labels, pool, config.shots, config.data_seed) : pool;
    data.train.samples = remap(*train, chosen, data.class_ids, "train");
    data.train.domains = train->dataset.domains;
  }
  std::optional<LoadedRole> target;
  if (config.target.used()) {
    target = load_role(config.target, "target", data.notes);
    // Without training data (unsupervised adaptation) the target data names the classes.
    if (data.class_ids.empty()) {
      data.class_ids = target->dataset.class_ids;
      data.class_names = target->dataset.class_names;
    }
  }
  if (config.validation.used()) {
    const auto role = load_role(config.validation, "validation", data.notes);
    data.validation.samples = remap(role, role.indices, data.class_ids, "validation");
    data.validation.domains = role.dataset.domains;
  }
  if (target) {
    data.target.samples = remap(*target, target->indices, data.class_ids, "target");
    data.target.domains = target->dataset.domains;
  }
  data.train.name = "train";
  data.validation.name = "validation";
  data.target.name = "target";
  if (config.train.used() && data.train.empty()) throw Error("data.train: no training images were selected");
  return data;
}

SplitEncoding encode_split(RunSplit& split, ClipBackbone& backbone, FeatureCache& cache, const torch::Device& device,
                           const EncodeProgress& progress) {
  SplitEncoding result;
  if (split.empty()) return result;
  ImageLoaderOptions loader;
  loader.batch_size = 64;
  loader.preprocessing = backbone.preprocessing;
  const auto encoded = encode_with_cache(
      cache, split.samples, loader,
      [&](const torch::Tensor& images) {
        const auto model_device = backbone.model->parameters().front().device();
        return backbone.model->encode_image(images.to(model_device)).features.to(torch::kCPU);
      },
      progress);
  for (const auto& item : encoded.skipped)
    result.skipped.push_back(split.name + ": " + item.where + ": " + item.reason);
  result.from_cache = encoded.from_cache;
  if (encoded.kept.empty()) throw Error("data." + split.name + ": none of its images could be decoded");
  std::vector<ImageSample> kept;
  std::vector<std::int64_t> labels;
  for (int index : encoded.kept) {
    kept.push_back(split.samples[static_cast<std::size_t>(index)]);
    labels.push_back(kept.back().label);
  }
  split.samples = std::move(kept);
  split.features = encoded.features.to(device, torch::kFloat32);
  split.labels = torch::tensor(labels, torch::kInt64).to(device);
  return result;
}

std::unique_ptr<FeatureCache> open_feature_cache(const SessionConfig& config, const ClipBackbone& backbone,
                                                 const Augmentation& view) {
  std::filesystem::path folder;
  if (config.cache_folder.empty())
    folder = default_feature_cache_folder();
  else if (config.cache_folder != "off")
    folder = config.cache_folder;
  return std::make_unique<FeatureCache>(folder, backbone.identity.weights_hash, backbone.preprocessing.identity(),
                                        view.identity());
}

namespace {

TextDataset load_text_role(const SessionConfig& config, const DatasetRef& ref, const std::string& role, bool labeled,
                           std::vector<std::string>& notes) {
  TextDatasetOptions options;
  options.text_column = config.text.text_column;
  options.pair_column = config.text.pair_column;
  options.label_column = config.text.label_column;
  options.labeled = labeled;
  if (!ref.classes_file.empty()) {
    std::ifstream in(ref.classes_file);
    if (!in) throw Error("data." + role + ".classes: " + ref.classes_file.string() + " cannot be read");
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) options.classes.push_back(line.substr(0, line.find(',')));
    }
  }
  if (!ref.domain.empty()) throw Error("data." + role + ".domain: text datasets have no domains");
  TextDataset dataset;
  try {
    dataset = load_text_dataset(ref.path, options);
  } catch (const Error& error) {
    throw Error("data." + role + ": " + error.what());
  }
  for (const auto& item : dataset.report.skipped)
    notes.push_back(role + ": skipped " + item.where + ": " + item.reason);
  if (dataset.samples.empty()) throw Error("data." + role + ": " + ref.path.string() + " holds no usable rows");
  return dataset;
}

std::vector<TextSample> remap_texts(const TextDataset& dataset, const std::vector<int>& indices,
                                    const std::vector<std::string>& class_ids, const std::string& role) {
  std::map<std::string, int> label_of;
  for (std::size_t i = 0; i < class_ids.size(); ++i) label_of[class_ids[i]] = static_cast<int>(i);
  std::vector<int> mapping;
  std::vector<std::string> unknown;
  for (const auto& id : dataset.class_ids) {
    const auto found = label_of.find(id);
    mapping.push_back(found == label_of.end() ? -1 : found->second);
    if (found == label_of.end()) unknown.push_back(id);
  }
  if (!unknown.empty())
    throw Error("data." + role + ": labels not in the training data: " + join(unknown) +
                " (label words exist only for the training classes)");
  std::vector<TextSample> samples;
  for (int index : indices) {
    TextSample sample = dataset.samples[static_cast<std::size_t>(index)];
    if (sample.label >= 0) sample.label = mapping[static_cast<std::size_t>(sample.label)];
    samples.push_back(sample);
  }
  return samples;
}

std::vector<int> all_rows(const TextDataset& dataset) {
  std::vector<int> rows(dataset.samples.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<int>(i);
  return rows;
}

}  // namespace

RunData load_text_run_data(const SessionConfig& config) {
  RunData data;
  if (config.train.used()) {
    const auto train = load_text_role(config, config.train, "train", true, data.notes);
    data.class_ids = data.class_names = train.class_ids;
    std::vector<int> labels;
    for (const auto& sample : train.samples) labels.push_back(sample.label);
    std::vector<int> pool = all_rows(train);
    if (config.validation_fraction > 0.0) {
      const auto split = stratified_split(labels, pool, config.validation_fraction, config.data_seed);
      pool = split.train;
      data.validation.texts = remap_texts(train, split.validation, data.class_ids, "validation");
    }
    const auto chosen = config.shots > 0 ? sample_few_shot(labels, pool, config.shots, config.data_seed) : pool;
    data.train.texts = remap_texts(train, chosen, data.class_ids, "train");
  }
  std::optional<TextDataset> target;
  if (config.target.used()) {
    // Unlabeled target text may lack the label column; without training data its labels (if any) name the classes.
    const bool names_classes = !config.train.used() && config.target.classes_file.empty();
    target = load_text_role(config, config.target, "target", names_classes, data.notes);
    if (data.class_ids.empty()) data.class_ids = data.class_names = target->class_ids;
  }
  if (config.validation.used()) {
    const auto validation = load_text_role(config, config.validation, "validation", false, data.notes);
    data.validation.texts = remap_texts(validation, all_rows(validation), data.class_ids, "validation");
  }
  if (target) data.target.texts = remap_texts(*target, all_rows(*target), data.class_ids, "target");
  if (data.class_ids.size() < 2)
    throw Error("data: the text data names " + std::to_string(data.class_ids.size()) +
                " class(es); classification needs at least 2 (give a label column or a classes file)");
  data.train.name = "train";
  data.validation.name = "validation";
  data.target.name = "target";
  return data;
}

std::vector<std::string> encode_text_splits(RunData& data, const LmTemplate& lm_template,
                                            const MaskedLmTokenizer& tokenizer, const TemplateLimits& limits,
                                            int segments, const torch::Device& device) {
  std::vector<std::string> notes;
  for (RunSplit* split : {&data.train, &data.validation, &data.target}) {
    if (split->texts.empty()) continue;
    if (lm_template.uses_pair() &&
        std::any_of(split->texts.begin(), split->texts.end(), [](const TextSample& s) { return s.text_b.empty(); }))
      notes.push_back(split->name + ": the template reads a second text ({text_b} / sent_1) but some rows have none");
    std::vector<std::pair<std::string, std::string>> texts;
    std::vector<std::int64_t> labels;
    for (const auto& sample : split->texts) {
      texts.emplace_back(sample.text_a, sample.text_b);
      labels.push_back(sample.label);
    }
    int truncated = 0;
    try {
      split->text = encode_text_batch(lm_template, tokenizer, texts, limits, segments, truncated).to(device);
    } catch (const Error& error) {
      throw Error("data." + split->name + ": " + error.what());
    }
    split->labels = torch::tensor(labels, torch::kInt64).to(device);
    if (truncated > 0)
      notes.push_back(split->name + ": " + std::to_string(truncated) + " of " + std::to_string(texts.size()) +
                      " texts were shortened to fit text.max_length " + std::to_string(limits.max_length) +
                      " (the template and its mask are kept)");
  }
  return notes;
}

}  // namespace promptune
