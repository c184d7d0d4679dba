#include "core/methods/spt.h"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "core/util/error.h"

namespace promptune {
namespace {

/// SPT's README recipe for MoCo-v3/supervised backbones: AdamW 1e-3 with weight decay 0.01, 100 epochs of batch 32,
/// 10 linear warm-up epochs from 0 and a half cosine updated every iteration; RandomResizedCrop + flip (FGVC).
nlohmann::json spt_recipe() {
  return {{"epochs", 100},           {"batch_size", 32},      {"optimizer", "adamw"},    {"learning_rate", 1e-3},
          {"weight_decay", 0.01},    {"warmup_epochs", 10},   {"warmup_type", "linear"}, {"schedule", "cosine"},
          {"schedule_unit", "step"}, {"augmentation", "coop"}};
}

}  // namespace

std::vector<MethodOption> SptMethod::spt_options(int tokens) {
  auto options = prompt_options(tokens, 0.0);
  // The prototypes replace any random initialisation.
  options.erase(std::remove_if(options.begin(), options.end(), [](const MethodOption& o) { return o.name == "init"; }),
                options.end());
  options.push_back({"sample_type",
                     OptionType::Choice,
                     "random",
                     "prototype construction: random frozen tokens (official default), window mean or max pooling, "
                     "or k-means centroids (slowest)",
                     0,
                     0,
                     {"random", "mean_pooling", "max_pooling", "kmeans"}});
  options.push_back({"init_images",
                     OptionType::Integer,
                     0,
                     "images drawn (with replacement) for the prototypes; 0: as many as the data has",
                     0,
                     1000000,
                     {}});
  options.push_back({"kmeans_fraction",
                     OptionType::Number,
                     0.3,
                     "share of the drawn images whose tokens k-means clusters (the official centroids used 0.3)",
                     0.01,
                     1.0,
                     {}});
  options.push_back({"init_data",
                     OptionType::Choice,
                     "train",
                     "whose tokens the prototypes come from: the training images (official) or the unlabeled target",
                     0,
                     0,
                     {"train", "target"}});
  return options;
}

const MethodDescription& SptShallowMethod::method_description() {
  static const MethodDescription description{
      "spt_shallow",
      "SPT-shallow (self-prompt tuning)",
      "VPT-shallow whose prompts start as prototypes of the data's own patch tokens.",
      true,
      spt_options(100),
      spt_recipe(),
      MethodInput::Images};
  return description;
}

const MethodDescription& SptDeepMethod::method_description() {
  static const MethodDescription description{
      "spt_deep",
      "SPT-deep (self-prompt tuning)",
      "VPT-deep whose prompts at every layer start as prototypes of the data's tokens at that layer.",
      true,
      spt_options(20),
      spt_recipe(),
      MethodInput::Images};
  return description;
}

SptMethod::SptMethod(const MethodSetup& setup, bool deep)
    : VptMethod(setup, deep), init_data_(setup.options.at("init_data").get<std::string>()) {
  request_.sampling = parse_prototype_sampling(setup.options.at("sample_type").get<std::string>());
  request_.count = token_count_;
  request_.deep = deep;
  request_.insertion = insertion_;
  request_.images = setup.options.at("init_images").get<int>();
  request_.kmeans_fraction = setup.options.at("kmeans_fraction").get<double>();
  request_.seed = setup.seed;
}

void SptMethod::prepare(const PreparationData& data, const FitProgress& progress, const LogCallback& log) {
  if (data.resumed) return;  // the checkpoint holds the trained prompts
  const auto& samples = init_data_ == "target" ? data.target : data.train;
  if (samples.empty())
    throw Error(std::string("method.options.init_data: SPT was asked to initialise from the ") +
                (init_data_ == "target" ? "target" : "training") + " images, but the session has none");
  const auto started = std::chrono::steady_clock::now();
  const auto prototypes =
      token_prototypes(*backbone_, samples, data.loader, request_, device_, data.cache_folder, progress, log);
  torch::NoGradGuard no_grad;
  prompts_.copy_(prototypes.to(prompts_.device()));
  std::ostringstream message;
  message << "SPT prompts initialised from " << prototype_sampling_name(request_.sampling) << " prototypes of the "
          << (init_data_ == "target" ? "target" : "training") << " images' tokens (" << prompts_.size(0)
          << (prompts_.size(0) == 1 ? " layer, " : " layers, ") << token_count_ << " tokens) in "
          << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s";
  if (log) log(message.str());
}

nlohmann::json SptMethod::encoder_metadata() const {
  auto metadata = VptMethod::encoder_metadata();
  metadata["init"] = std::string("prototypes: ") + prototype_sampling_name(request_.sampling);
  metadata["init_data"] = init_data_;
  return metadata;
}

}  // namespace promptune
