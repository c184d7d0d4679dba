#include "core/methods/zero_shot.h"

#include <algorithm>
#include <sstream>

#include "core/data/feature_cache.h"
#include "core/data/image_dataset.h"
#include "core/io/atomic_file.h"
#include "core/methods/zero_shot_evaluation.h"
#include "core/text/prompt_templates.h"
#include "core/util/error.h"

namespace promptune {
namespace {

constexpr std::int64_t kTextChunk = 256;

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

torch::Tensor ZeroShotClassifier::logits(const torch::Tensor& image_features) const {
  return logit_scale * torch::matmul(normalize_rows(image_features), prototypes.t());
}

ZeroShotClassifier build_zero_shot_classifier(ClipBackbone& backbone, const std::vector<std::string>& class_names,
                                              const std::vector<std::string>& templates) {
  if (class_names.empty()) throw Error("zero-shot classification needs at least one class name");
  if (templates.empty()) throw Error("zero-shot classification needs at least one template");
  torch::NoGradGuard no_grad;
  std::vector<std::string> prompts;
  prompts.reserve(class_names.size() * templates.size());
  for (const auto& name : class_names) {
    for (const auto& text : templates) prompts.push_back(format_template(text, name));
  }
  std::vector<torch::Tensor> features;
  for (std::size_t start = 0; start < prompts.size(); start += kTextChunk) {
    const auto end = std::min(prompts.size(), start + kTextChunk);
    features.push_back(normalize_rows(backbone.encode_texts({prompts.begin() + start, prompts.begin() + end})));
  }
  const auto per_template = torch::cat(features).view(
      {static_cast<std::int64_t>(class_names.size()), static_cast<std::int64_t>(templates.size()), -1});
  ZeroShotClassifier classifier;
  classifier.prototypes = normalize_rows(per_template.mean(1));
  classifier.logit_scale = backbone.model->logit_scale_value().detach();
  return classifier;
}

const MethodDescription& ZeroShotMethod::method_description() {
  static const MethodDescription description{
      "zero_shot",
      "Zero-shot",
      "Class prototypes from hand-written templates (one, or an ensemble averaged as in the CLIP paper); no "
      "training. The baseline every run reports first.",
      false,
      {},
      {{"epochs", 1}, {"warmup_epochs", 0}}};
  return description;
}

ZeroShotMethod::ZeroShotMethod(const MethodSetup& setup)
    : classifier_(build_zero_shot_classifier(*setup.backbone, setup.class_names, setup.templates)),
      templates_(setup.templates) {
  classifier_.prototypes = classifier_.prototypes.to(setup.device);
  classifier_.logit_scale = classifier_.logit_scale.to(setup.device);
}

TensorMap ZeroShotMethod::state() const {
  return {{"prototypes", classifier_.prototypes.to(torch::kCPU).clone()},
          {"logit_scale", classifier_.logit_scale.to(torch::kCPU).clone()}};
}

void ZeroShotMethod::load_state(const TensorMap& state) {
  const auto device = classifier_.prototypes.device();
  classifier_.prototypes =
      state_tensor(state, "prototypes", classifier_.prototypes.sizes().vec(), "zero_shot").to(device);
  classifier_.logit_scale = state_tensor(state, "logit_scale", {}, "zero_shot").to(device);
}

nlohmann::json ZeroShotMethod::export_metadata() const {
  return {{"templates", templates_}};
}

ZeroShotResult run_zero_shot_evaluation(const ZeroShotRequest& request, const ProgressCallback& progress) {
  torch::NoGradGuard no_grad;
  auto backbone = ClipBackbone::load(request.backbone, {request.tokenizer, request.use_cache});
  const ImageDataset dataset = load_image_dataset(request.images, {request.classes_file});
  int domain = -1;
  if (!request.domain.empty()) {
    const auto found = std::find(dataset.domains.begin(), dataset.domains.end(), request.domain);
    if (found == dataset.domains.end()) {
      std::string known;
      for (const auto& name : dataset.domains) known += (known.empty() ? "" : ", ") + name;
      throw file_error(request.images,
                       "has no domain '" + request.domain + "'" +
                           (known.empty() ? " (it is not a domain dataset)" : " (domains: " + known + ")"));
    }
    domain = static_cast<int>(found - dataset.domains.begin());
  }
  std::vector<ImageSample> samples;
  for (int index : dataset.indices_of_domain(domain))
    samples.push_back(dataset.samples[static_cast<std::size_t>(index)]);

  ZeroShotResult result;
  result.backbone_description = backbone->describe();
  result.warnings = backbone->warnings;
  for (const auto& item : dataset.report.skipped) result.skipped.push_back(item.where + ": " + item.reason);
  result.class_names = dataset.class_names;
  result.templates = load_templates(request.templates);
  const ZeroShotClassifier classifier = build_zero_shot_classifier(*backbone, result.class_names, result.templates);

  ImageLoaderOptions loader;
  loader.batch_size = std::max(1, request.batch_size);
  loader.preprocessing = backbone->preprocessing;
  const std::filesystem::path cache_folder =
      request.use_cache ? (request.cache_folder.empty() ? default_feature_cache_folder() : request.cache_folder)
                        : std::filesystem::path();
  FeatureCache cache(cache_folder, backbone->identity.weights_hash, loader.preprocessing.identity(),
                     loader.augmentation.identity());
  const CachedFeatures encoded = encode_with_cache(
      cache, samples, loader,
      [&](const torch::Tensor& images) { return backbone->model->encode_image(images).features; }, progress);
  for (const auto& item : encoded.skipped) result.skipped.push_back(item.where + ": " + item.reason);
  result.features_from_cache = encoded.from_cache;
  if (encoded.kept.empty()) throw file_error(request.images, "no image could be decoded");

  add_predictions(result, torch::softmax(classifier.logits(encoded.features), 1), samples, encoded.kept);
  const auto prototypes = classifier.prototypes.to(torch::kCPU, torch::kFloat32).contiguous();
  result.dimensions = static_cast<int>(prototypes.size(1));
  result.prototypes.assign(prototypes.data_ptr<float>(), prototypes.data_ptr<float>() + prototypes.numel());
  return result;
}

void add_predictions(ZeroShotResult& result, const torch::Tensor& probabilities,
                     const std::vector<ImageSample>& samples, const std::vector<int>& kept) {
  std::vector<PredictedItem> items;
  items.reserve(kept.size());
  for (const int index : kept) {
    const ImageSample& sample = samples[static_cast<std::size_t>(index)];
    items.push_back({sample.path.string(), sample.label});
  }
  add_predictions(result, probabilities, items);
}

void add_predictions(ZeroShotResult& result, const torch::Tensor& probabilities,
                     const std::vector<PredictedItem>& items) {
  const int top = std::min<int>(5, static_cast<int>(probabilities.size(1)));
  const auto [values, indices] = probabilities.topk(top, 1);
  std::vector<std::vector<int>> ranked;
  std::vector<int> labels;
  for (std::size_t row = 0; row < items.size(); ++row) {
    ZeroShotPrediction prediction;
    prediction.path = items[row].name;
    prediction.label = items[row].label;
    for (int k = 0; k < top; ++k) {
      prediction.ranked_classes.push_back(indices[static_cast<std::int64_t>(row)][k].item<int>());
      prediction.probabilities.push_back(values[static_cast<std::int64_t>(row)][k].item<float>());
    }
    if (prediction.label >= 0) {
      ranked.push_back(prediction.ranked_classes);
      labels.push_back(prediction.label);
    }
    result.predictions.push_back(std::move(prediction));
  }
  result.report = classification_report(ranked, labels, static_cast<int>(probabilities.size(1)));
}

void write_predictions_csv(const std::filesystem::path& file, const ZeroShotResult& result) {
  std::ostringstream out;
  out << "path,true_class,predicted_class,confidence,top5\n";
  for (const auto& prediction : result.predictions) {
    std::string top;
    for (int k : prediction.ranked_classes)
      top += (top.empty() ? "" : ";") + result.class_names[static_cast<std::size_t>(k)];
    out << csv_field(prediction.path) << ','
        << (prediction.label >= 0 ? csv_field(result.class_names[static_cast<std::size_t>(prediction.label)]) : "")
        << ',' << csv_field(result.class_names[static_cast<std::size_t>(prediction.ranked_classes.front())]) << ','
        << prediction.probabilities.front() << ',' << csv_field(top) << '\n';
  }
  write_file_atomically(file, out.str());
}

}  // namespace promptune
