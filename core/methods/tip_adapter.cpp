#include "core/methods/tip_adapter.h"

#include <sstream>

#include "core/data/feature_cache.h"
#include "core/io/safetensors_format.h"
#include "core/methods/zero_shot.h"
#include "core/util/error.h"
#include "core/util/hashing.h"

namespace promptune {

namespace fs = std::filesystem;

torch::Tensor tip_adapter_logits(const torch::Tensor& features, const torch::Tensor& classifier,
                                 const torch::Tensor& scale, const torch::Tensor& keys, const torch::Tensor& values,
                                 double alpha, double beta) {
  const auto affinity = torch::matmul(features, keys.t());
  const auto cache = torch::matmul(torch::exp(-beta * (1.0 - affinity)), values);
  return scale * torch::matmul(features, classifier.t()) + alpha * cache;
}

TipBlend search_tip_blend(const torch::Tensor& features, const torch::Tensor& labels, const torch::Tensor& classifier,
                          const torch::Tensor& scale, const torch::Tensor& keys, const torch::Tensor& values,
                          double search_scale_alpha, double search_scale_beta) {
  torch::NoGradGuard no_grad;
  const auto clip_logits = scale * torch::matmul(features, classifier.t());
  const auto affinity = torch::matmul(features, keys.t());
  const auto targets = labels.to(features.device());
  TipBlend best;
  for (int i = 0; i < 200; ++i) {
    const double beta = 0.1 + i * (search_scale_beta - 0.1) / 200.0;
    const auto cache = torch::matmul(torch::exp(-beta * (1.0 - affinity)), values);
    for (int j = 0; j < 20; ++j) {
      const double alpha = 0.1 + j * (search_scale_alpha - 0.1) / 20.0;
      const double accuracy =
          (clip_logits + alpha * cache).argmax(1).eq(targets).to(torch::kFloat64).mean().item<double>();
      if (accuracy > best.accuracy) best = {alpha, beta, accuracy};
    }
  }
  return best;
}

std::vector<MethodOption> TipAdapterMethod::shared_options() {
  return {{"alpha",
           OptionType::Number,
           1.0,
           "weight of the cache logits (kept when there is no labeled validation data)",
           0.0,
           1000.0,
           {}},
          {"beta", OptionType::Number, 1.0, "sharpness of the cache affinities exp(-beta (1 - cos))", 0.0, 1000.0, {}},
          {"search", OptionType::Boolean, true, "search alpha and beta on the labeled validation data", 0, 0, {}},
          {"search_scale_alpha",
           OptionType::Number,
           3.0,
           "largest alpha searched (3 for ImageNet, 5 for Caltech)",
           0.2,
           1000.0,
           {}},
          {"search_scale_beta",
           OptionType::Number,
           7.0,
           "largest beta searched (7 for ImageNet, 12 for Caltech)",
           0.2,
           1000.0,
           {}},
          {"augment_epochs",
           OptionType::Integer,
           10,
           "augmented views of each training image averaged into its cache key",
           1,
           100,
           {}}};
}

const MethodDescription& TipAdapterMethod::method_description() {
  static const MethodDescription description{
      "tip_adapter", "Tip-Adapter (training-free cache)",
      "Adds the affinity to a cache of the few-shot training images to the zero-shot logits; nothing is trained.",
      false, shared_options()};
  return description;
}

TipAdapterMethod::TipAdapterMethod(const MethodSetup& setup)
    : backbone_(setup.backbone),
      device_(setup.device),
      seed_(setup.seed),
      alpha_(setup.options.at("alpha").get<double>()),
      beta_(setup.options.at("beta").get<double>()),
      search_scale_alpha_(setup.options.at("search_scale_alpha").get<double>()),
      search_scale_beta_(setup.options.at("search_scale_beta").get<double>()),
      augment_epochs_(setup.options.at("augment_epochs").get<int>()),
      search_(setup.options.at("search").get<bool>()) {
  torch::NoGradGuard no_grad;
  classifier_ = build_zero_shot_classifier(*backbone_, setup.class_names, setup.templates).prototypes.to(setup.device);
  scale_ = backbone_->model->logit_scale_value().detach().to(setup.device);
}

namespace {

std::string cache_key(const ClipBackbone& backbone, const std::vector<ImageSample>& samples,
                      const ImageLoaderOptions& loader, int epochs, std::uint64_t seed) {
  nlohmann::json key{{"backbone", backbone.identity.weights_hash},
                     {"preprocessing", loader.preprocessing.identity()},
                     {"augmentation", loader.augmentation.identity()},
                     {"epochs", epochs},
                     {"seed", seed}};
  Sha256 files;
  for (const auto& sample : samples)
    files.update(FeatureCache::file_identity(sample.path) + " " + std::to_string(sample.label) + "\n");
  key["images"] = files.hex_digest();
  return sha256_hex(key.dump());
}

}  // namespace

void TipAdapterMethod::prepare(const PreparationData& data, const FitProgress& progress, const LogCallback& log) {
  if (data.train.empty()) throw Error("tip_adapter: the cache is built from labeled training images; give data.train");
  ImageLoaderOptions options = data.loader;
  options.shuffle = false;
  options.seed = data.seed;
  // The official cache views: RandomResizedCrop(scale 0.5-1, bicubic) and a flip.
  options.augmentation.random_resized_crop = options.augmentation.horizontal_flip = true;
  options.augmentation.scale_min = 0.5;
  const std::int64_t count = static_cast<std::int64_t>(data.train.size());
  const std::int64_t classes = classifier_.size(0);

  fs::path cache_file;
  if (!data.cache_folder.empty())
    cache_file = data.cache_folder / "tip-adapter" /
                 (cache_key(*backbone_, data.train, options, augment_epochs_, data.seed) + ".safetensors");
  std::error_code error;
  if (!cache_file.empty() && fs::exists(cache_file, error)) {
    try {
      auto cached = load_safetensors(cache_file).tensors;
      keys_ = cached.at("keys").to(device_, torch::kFloat32);
      values_ = cached.at("values").to(device_, torch::kFloat32);
      if (log) log("Tip-Adapter cache reused (" + cache_file.filename().string() + ")");
      return;
    } catch (const std::exception& failure) {
      if (log) log(std::string("Tip-Adapter cache file ignored: ") + failure.what());
    }
  }

  torch::NoGradGuard no_grad;
  torch::Tensor sums, views = torch::zeros({count}, torch::kFloat32);
  long long done = 0;
  const long long total = static_cast<long long>(augment_epochs_) * count;
  for (int epoch = 0; epoch < augment_epochs_; ++epoch) {
    options.epoch = epoch;
    ImageBatchLoader loader(data.train, options);
    while (auto batch = loader.next()) {
      done += static_cast<long long>(batch->sample_indices.size() + batch->skipped.size());
      if (batch->images.size(0) > 0) {
        const auto features =
            backbone_->model->encode_image(batch->images.to(device_)).features.to(torch::kCPU, torch::kFloat32);
        if (!sums.defined()) sums = torch::zeros({count, features.size(1)}, torch::kFloat32);
        const auto rows = torch::tensor(
            std::vector<std::int64_t>(batch->sample_indices.begin(), batch->sample_indices.end()), torch::kInt64);
        sums.index_add_(0, rows, features);
        views.index_add_(0, rows, torch::ones({rows.size(0)}));
      }
      if (progress) progress(done, total);
    }
  }
  if (!sums.defined()) throw Error("tip_adapter: none of the training images could be decoded");
  const auto kept = views.gt(0).nonzero().squeeze(1);
  keys_ = normalize_rows(sums.index_select(0, kept) / views.index_select(0, kept).unsqueeze(1));
  std::vector<std::int64_t> labels;
  for (const auto row :
       std::vector<std::int64_t>(kept.data_ptr<std::int64_t>(), kept.data_ptr<std::int64_t>() + kept.size(0)))
    labels.push_back(data.train[static_cast<std::size_t>(row)].label);
  values_ = torch::one_hot(torch::tensor(labels, torch::kInt64), classes).to(torch::kFloat32);
  if (!cache_file.empty()) {
    try {
      fs::create_directories(cache_file.parent_path());
      save_safetensors(cache_file, {{"keys", keys_.contiguous()}, {"values", values_.contiguous()}}, {});
    } catch (const std::exception& failure) {
      if (log) log(std::string("Tip-Adapter cache could not be saved: ") + failure.what());
    }
  }
  keys_ = keys_.to(device_);
  values_ = values_.to(device_);
  if (log)
    log("Tip-Adapter cache: " + std::to_string(keys_.size(0)) + " training images, each the mean of " +
        std::to_string(augment_epochs_) + " augmented views");
}

void TipAdapterMethod::search_blend(const FeatureSet& validation, const LogCallback& log) {
  if (!search_) return;
  if (validation.empty()) {
    if (log)
      log("Tip-Adapter: no labeled validation data to search alpha and beta on; keeping alpha " +
          std::to_string(alpha_) + ", beta " + std::to_string(beta_));
    return;
  }
  torch::NoGradGuard no_grad;
  const auto features = normalize_rows(validation.features.to(device_, torch::kFloat32));
  const auto best = search_tip_blend(features, validation.labels, classifier_, scale_, keys_.detach(), values_,
                                     search_scale_alpha_, search_scale_beta_);
  alpha_ = best.alpha;
  beta_ = best.beta;
  std::ostringstream message;
  message << "Tip-Adapter: alpha " << alpha_ << ", beta " << beta_ << " searched on " << validation.features.size(0)
          << " validation images (accuracy " << best.accuracy << ")";
  if (log) log(message.str());
}

void TipAdapterMethod::fit(const FeatureSet& /*train*/, const FeatureSet& validation, const FitProgress& progress,
                           const LogCallback& log) {
  search_blend(validation, log);
  if (progress) progress(1, 1);
}

torch::Tensor TipAdapterMethod::logits(const MethodBatch& batch) {
  return predict(batch).logits;
}

MethodPrediction TipAdapterMethod::predict(const MethodBatch& batch) {
  if (!keys_.defined()) throw Error("tip_adapter: the cache of training images was not built");
  const auto features = normalize_rows(batch.features.to(torch::kFloat32));
  return {tip_adapter_logits(features, classifier_, scale_, keys_, values_, alpha_, beta_), features};
}

TensorMap TipAdapterMethod::state() const {
  return {{"cache.keys", keys_.detach().to(torch::kCPU).clone()},
          {"cache.values", values_.detach().to(torch::kCPU).clone()},
          {"classifier", classifier_.to(torch::kCPU).clone()},
          {"blend", torch::tensor({alpha_, beta_}, torch::kFloat64)}};
}

void TipAdapterMethod::load_state(const TensorMap& state) {
  const std::string name = description().name;
  const auto find = [&](const std::string& key) {
    const auto found = state.find(key);
    if (found == state.end()) throw Error(name + ": the saved state has no tensor '" + key + "'");
    return found->second;
  };
  const auto keys = find("cache.keys");
  const std::int64_t rows = keys.dim() == 2 ? keys.size(0) : 0;
  const auto checked_keys = state_tensor(state, "cache.keys", {rows, classifier_.size(1)}, name);
  const auto values = state_tensor(state, "cache.values", {rows, classifier_.size(0)}, name);
  const auto classifier = state_tensor(state, "classifier", classifier_.sizes().vec(), name);
  const auto blend = find("blend").to(torch::kFloat64);
  torch::NoGradGuard no_grad;
  keys_ = checked_keys.to(device_).set_requires_grad(description().trains_by_gradient);
  values_ = values.to(device_);
  classifier_.copy_(classifier);
  alpha_ = blend[0].item<double>();
  beta_ = blend[1].item<double>();
}

nlohmann::json TipAdapterMethod::export_metadata() const {
  return {{"alpha", alpha_},
          {"beta", beta_},
          {"cache_size", keys_.defined() ? keys_.size(0) : 0},
          {"augment_epochs", augment_epochs_}};
}

const MethodDescription& TipAdapterFMethod::method_description() {
  static const MethodDescription description{
      "tip_adapter_f",
      "Tip-Adapter-F (fine-tuned cache)",
      "Tip-Adapter whose cache keys are fine-tuned as a linear layer; alpha and beta are searched after training.",
      true,
      shared_options(),
      // The official recipe: AdamW lr 1e-3, eps 1e-4, cosine per step over 20 epochs, batch 256.
      {{"epochs", 20},
       {"batch_size", 256},
       {"optimizer", "adamw"},
       {"learning_rate", 1e-3},
       {"adam_epsilon", 1e-4},
       {"weight_decay", 0.01},
       {"warmup_epochs", 0},
       {"schedule", "cosine"},
       {"warmup_type", "linear"},
       {"schedule_unit", "step"},
       {"augmentation", "coop"}}};
  return description;
}

void TipAdapterFMethod::prepare(const PreparationData& data, const FitProgress& progress, const LogCallback& log) {
  if (data.resumed) return;  // the checkpoint holds the trained keys
  TipAdapterMethod::prepare(data, progress, log);
  keys_ = keys_.clone().set_requires_grad(true);
}

bool TipAdapterFMethod::end_training(const FeatureSet& validation, const LogCallback& log) {
  search_blend(validation, log);
  return search_ && !validation.empty();
}

}  // namespace promptune
