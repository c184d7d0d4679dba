#include "core/methods/zero_shot.h"

#include <sstream>

#include "core/data/image_folder.h"
#include "core/io/atomic_file.h"
#include "core/methods/zero_shot_evaluation.h"
#include "core/text/prompt_templates.h"
#include "core/util/error.h"

namespace promptune {
namespace {

constexpr std::int64_t kTextChunk = 256;

torch::Tensor normalize_rows(const torch::Tensor& x) {
  return x / x.norm(2, -1, true).clamp_min(1e-12);
}

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

ZeroShotResult run_zero_shot_evaluation(const ZeroShotRequest& request, const ProgressCallback& progress) {
  torch::NoGradGuard no_grad;
  auto backbone = ClipBackbone::load(request.backbone, {request.tokenizer, false});
  const ImageFolderDataset dataset = scan_image_folder(request.images, request.classes_file);
  ZeroShotResult result;
  result.backbone_description = backbone->describe();
  result.warnings = backbone->warnings;
  result.skipped = dataset.skipped;
  for (const auto& folder : dataset.class_folders) result.class_names.push_back(class_name_for_prompt(folder));
  result.templates = load_templates(request.templates);
  const ZeroShotClassifier classifier = build_zero_shot_classifier(*backbone, result.class_names, result.templates);

  const int total = static_cast<int>(dataset.samples.size());
  const int batch_size = std::max(1, request.batch_size);
  const int top = std::min<int>(5, static_cast<int>(result.class_names.size()));
  std::vector<std::vector<int>> ranked;
  std::vector<int> labels;
  for (int start = 0; start < total; start += batch_size) {
    std::vector<torch::Tensor> images;
    std::vector<const ImageSample*> used;
    for (int i = start; i < std::min(total, start + batch_size); ++i) {
      const ImageSample& sample = dataset.samples[static_cast<std::size_t>(i)];
      try {
        images.push_back(backbone->load_images({sample.path}));
        used.push_back(&sample);
      } catch (const Error& error) {
        result.skipped.push_back(error.what());
      }
    }
    if (!images.empty()) {
      const auto probabilities =
          torch::softmax(classifier.logits(backbone->model->encode_image(torch::cat(images)).features), 1);
      const auto [values, indices] = probabilities.topk(top, 1);
      for (std::size_t row = 0; row < used.size(); ++row) {
        ZeroShotPrediction prediction;
        prediction.path = used[row]->path.string();
        prediction.label = used[row]->label;
        for (int k = 0; k < top; ++k) {
          prediction.ranked_classes.push_back(indices[static_cast<std::int64_t>(row)][k].item<int>());
          prediction.probabilities.push_back(values[static_cast<std::int64_t>(row)][k].item<float>());
        }
        ranked.push_back(prediction.ranked_classes);
        labels.push_back(prediction.label);
        result.predictions.push_back(std::move(prediction));
      }
    }
    if (progress) progress(std::min(total, start + batch_size), total);
  }
  if (labels.empty()) throw file_error(request.images, "no image could be decoded");
  result.report = classification_report(ranked, labels, static_cast<int>(result.class_names.size()));
  return result;
}

void write_predictions_csv(const std::filesystem::path& file, const ZeroShotResult& result) {
  std::ostringstream out;
  out << "path,true_class,predicted_class,confidence,top5\n";
  for (const auto& prediction : result.predictions) {
    std::string top;
    for (int k : prediction.ranked_classes)
      top += (top.empty() ? "" : ";") + result.class_names[static_cast<std::size_t>(k)];
    out << csv_field(prediction.path) << ','
        << csv_field(result.class_names[static_cast<std::size_t>(prediction.label)]) << ','
        << csv_field(result.class_names[static_cast<std::size_t>(prediction.ranked_classes.front())]) << ','
        << prediction.probabilities.front() << ',' << csv_field(top) << '\n';
  }
  write_file_atomically(file, out.str());
}

}  // namespace promptune
