#include "core/train/run_data.h"

#include <algorithm>
#include <map>

#include "core/data/splits.h"
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
  return files;
}

}  // namespace

bool RunSplit::has_labels() const {
  return std::any_of(samples.begin(), samples.end(), [](const ImageSample& sample) { return sample.label >= 0; });
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
    }
    const auto chosen = config.shots > 0 ? sample_few_shot(labels, pool, config.shots, config.data_seed) : pool;
    data.train.samples = remap(*train, chosen, data.class_ids, "train");
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
  }
  if (target) data.target.samples = remap(*target, target->indices, data.class_ids, "target");
  data.train.name = "train";
  data.validation.name = "validation";
  data.target.name = "target";
  if (config.train.used() && data.train.empty()) throw Error("data.train: no training images were selected");
  return data;
}

std::vector<std::string> encode_split(RunSplit& split, ClipBackbone& backbone, FeatureCache& cache,
                                      const torch::Device& device, const EncodeProgress& progress) {
  std::vector<std::string> skipped;
  if (split.empty()) return skipped;
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
  for (const auto& item : encoded.skipped) skipped.push_back(split.name + ": " + item.where + ": " + item.reason);
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
  return skipped;
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

}  // namespace promptune
