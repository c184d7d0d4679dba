#include "core/export/prompt_prediction.h"

#include <iomanip>
#include <map>
#include <sstream>

#include "core/data/feature_cache.h"
#include "core/data/image_dataset.h"
#include "core/export/prompt_file.h"
#include "core/io/tensor_archive.h"
#include "core/methods/context_prompts.h"
#include "core/methods/zero_shot.h"
#include "core/util/error.h"

namespace promptune {
namespace fs = std::filesystem;

namespace {

/// Images with labels from class folders matching `class_ids`, or a flat folder of unlabeled images.
std::vector<ImageSample> prediction_samples(const fs::path& images, const std::vector<std::string>& class_ids,
                                            std::vector<std::string>& notes) {
  if (!fs::is_directory(images) && fs::path(images).extension() != ".csv")
    throw file_error(images, "is not a folder of images or a CSV manifest");
  bool flat = fs::is_directory(images);
  if (flat) {
    for (const auto& entry : fs::directory_iterator(images)) flat = flat && !entry.is_directory();
  }
  std::vector<ImageSample> samples;
  if (flat) {
    for (const auto& entry : fs::directory_iterator(images))
      if (entry.is_regular_file() && is_image_file(entry.path())) samples.push_back({entry.path(), -1, -1});
    std::sort(samples.begin(), samples.end(),
              [](const ImageSample& a, const ImageSample& b) { return a.path < b.path; });
    if (samples.empty()) throw file_error(images, "holds no image files");
    return samples;
  }
  const ImageDataset dataset = load_image_dataset(images);
  std::map<std::string, int> label_of;
  for (std::size_t i = 0; i < class_ids.size(); ++i) label_of[class_ids[i]] = static_cast<int>(i);
  for (const auto& id : dataset.class_ids)
    if (!label_of.count(id))
      notes.push_back("folder '" + id + "' is not a class of this prompt; its images get no label");
  for (ImageSample sample : dataset.samples) {
    if (sample.label >= 0) {
      const auto found = label_of.find(dataset.class_ids[static_cast<std::size_t>(sample.label)]);
      sample.label = found == label_of.end() ? -1 : found->second;
    }
    samples.push_back(sample);
  }
  return samples;
}

}  // namespace

ZeroShotResult run_prompt_prediction(const PredictionRequest& request, const ProgressCallback& progress) {
  torch::NoGradGuard no_grad;
  const PromptFile prompt = load_prompt_file(request.prompt);
  auto backbone = ClipBackbone::load(request.backbone, {request.tokenizer, true});
  check_prompt_backbone(prompt, backbone->identity, request.prompt);

  ZeroShotResult result;
  result.backbone_description = backbone->describe();
  result.warnings = backbone->warnings;
  result.class_names = prompt.class_names();
  result.templates = prompt.metadata.value("templates", std::vector<std::string>{});
  const auto class_ids = prompt.metadata.value("class_ids", result.class_names);

  MethodSetup setup;
  setup.backbone = backbone.get();
  setup.class_names = result.class_names;
  setup.templates = result.templates.empty() ? std::vector<std::string>{"a photo of a {}."} : result.templates;
  auto method = restore_prompt_method(prompt, setup, request.prompt);

  const auto samples = prediction_samples(request.images, class_ids, result.warnings);
  ImageLoaderOptions loader;
  loader.batch_size = std::max(1, request.batch_size);
  loader.preprocessing = backbone->preprocessing;
  if (method->description().input == MethodInput::Images) {
    // The learned prompts or weights change the image features: every image goes through the tuned encoder.
    std::vector<torch::Tensor> probabilities;
    std::vector<int> kept;
    ImageBatchLoader batches(samples, loader);
    method->begin_evaluation();
    int delivered = 0;
    while (auto batch = batches.next()) {
      delivered += static_cast<int>(batch->sample_indices.size() + batch->skipped.size());
      if (progress) progress(delivered, static_cast<int>(samples.size()));
      for (const auto& item : batch->skipped) result.skipped.push_back(item.where + ": " + item.reason);
      if (batch->images.size(0) == 0) continue;
      MethodBatch input;
      input.images = batch->images;
      probabilities.push_back(torch::softmax(method->logits(input), 1));
      kept.insert(kept.end(), batch->sample_indices.begin(), batch->sample_indices.end());
    }
    method->end_evaluation();
    if (kept.empty()) throw file_error(request.images, "no image could be decoded");
    add_predictions(result, torch::cat(probabilities), samples, kept);
    return result;
  }
  const fs::path cache_folder =
      request.use_cache ? (request.cache_folder.empty() ? default_feature_cache_folder() : request.cache_folder)
                        : fs::path();
  FeatureCache cache(cache_folder, backbone->identity.weights_hash, loader.preprocessing.identity(),
                     loader.augmentation.identity());
  const CachedFeatures encoded = encode_with_cache(
      cache, samples, loader,
      [&](const torch::Tensor& images) { return backbone->model->encode_image(images).features; }, progress);
  cache.flush();
  for (const auto& item : encoded.skipped) result.skipped.push_back(item.where + ": " + item.reason);
  result.features_from_cache = encoded.from_cache;
  if (encoded.kept.empty()) throw file_error(request.images, "no image could be decoded");

  method->begin_evaluation();
  MethodBatch batch;
  batch.features = encoded.features;
  const auto probabilities = torch::softmax(method->logits(batch), 1);
  method->end_evaluation();
  add_predictions(result, probabilities, samples, encoded.kept);
  return result;
}

namespace {

/// Each learned context vector's nearest vocabulary tokens (CoOp's interpret_prompt.py, Euclidean distance).
void write_nearest_tokens(std::ostream& out, ClipBackbone& backbone, const torch::Tensor& context, int nearest) {
  const auto rows = context.dim() == 3 ? context[0] : context;
  out << "nearest vocabulary tokens of the learned context"
      << (context.dim() == 3 ? " (first class; class-specific context)" : "") << ":\n";
  const auto tokens = nearest_tokens(backbone, rows, nearest);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    out << "  ctx[" << i << "]:";
    for (const auto& [token, distance] : tokens[i])
      out << "  " << token << " (" << std::setprecision(3) << distance << ")";
    out << '\n';
  }
}

}  // namespace

std::string describe_prompt_file(const fs::path& file, const fs::path& backbone_path, const fs::path& tokenizer,
                                 int nearest) {
  const PromptFile prompt = load_prompt_file(file);
  const auto& metadata = prompt.metadata;
  std::ostringstream out;
  out << "prompt file: " << file.string() << '\n'
      << "method: " << prompt.method() << "  options " << metadata.at("method_options").dump() << '\n';
  if (metadata.contains("method_metadata")) out << "learned: " << metadata["method_metadata"].dump() << '\n';
  const auto& backbone = metadata.at("backbone");
  out << "backbone: " << backbone.value("name", std::string("?")) << " (weights SHA-256 "
      << backbone.value("weights_hash", std::string("?")).substr(0, 16) << "...)\n";
  const auto names = prompt.class_names();
  out << "classes (" << names.size() << "): ";
  for (std::size_t i = 0; i < names.size() && i < 20; ++i) out << (i ? ", " : "") << names[i];
  out << (names.size() > 20 ? ", ..." : "") << '\n';
  out << "status: " << metadata.value("status", std::string("?")) << " after " << metadata.value("steps", 0)
      << " steps; " << metadata.value("application", std::string("")) << '\n';
  if (metadata.contains("metrics")) {
    for (const auto& [split, values] : metadata["metrics"].items())
      out << "  " << std::left << std::setw(11) << split << "zero-shot " << std::fixed << std::setprecision(1)
          << 100.0 * values.value("zero_shot_accuracy", -0.01) << " %  ->  tuned "
          << 100.0 * values.value("tuned_accuracy", -0.01) << " %\n";
  }
  out << "tensors:";
  for (const auto& [name, tensor] : prompt.tensors) out << ' ' << name << tensor.sizes();
  out << '\n';

  const auto context = prompt.tensors.find("ctx");
  if (!backbone_path.empty() && context != prompt.tensors.end()) {
    auto loaded = ClipBackbone::load(backbone_path, {tokenizer, true});
    check_prompt_backbone(prompt, loaded->identity, file);
    write_nearest_tokens(out, *loaded, context->second, nearest);
  }
  return out.str();
}

std::string describe_checkpoint_context(const fs::path& checkpoint, const fs::path& backbone_path,
                                        const fs::path& tokenizer, int nearest) {
  const auto tensors = load_safetensors(checkpoint).tensors;
  const auto context = tensors.find("method.ctx");
  if (context == tensors.end())
    throw file_error(checkpoint, "holds no learned context vectors (only CoOp-style methods learn words)");
  auto loaded = ClipBackbone::load(backbone_path, {tokenizer, true});
  std::ostringstream out;
  out << "checkpoint: " << checkpoint.filename().string() << '\n';
  write_nearest_tokens(out, *loaded, context->second, nearest);
  return out.str();
}

}  // namespace promptune
