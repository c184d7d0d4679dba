#include "core/train/clip_pretraining.h"

#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "core/data/delimited_reader.h"
#include "core/train/optimizer.h"
#include "core/util/error.h"

namespace promptune {

namespace fs = std::filesystem;

namespace {

constexpr double kPi = 3.14159265358979323846;

double scheduled_rate(const ClipPretrainingOptions& options, long long step, long long total_steps) {
  const auto warmup = std::max<long long>(1, std::llround(options.warmup_fraction * static_cast<double>(total_steps)));
  if (step < warmup) return options.learning_rate * static_cast<double>(step + 1) / static_cast<double>(warmup);
  const double progress = static_cast<double>(step - warmup) / static_cast<double>(std::max(1LL, total_steps - warmup));
  return options.learning_rate * 0.5 * (1.0 + std::cos(kPi * progress));
}

torch::Tensor preprocess_all(const std::vector<CaptionedImage>& pairs, const ImagePreprocessing& preprocessing) {
  const int side = preprocessing.crop_size;
  auto images = torch::empty({static_cast<std::int64_t>(pairs.size()), 3, side, side});
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto pixels = preprocess_rgb(decode_image_rgb(pairs[i].image), preprocessing);
    images[static_cast<std::int64_t>(i)].copy_(
        torch::from_blob(const_cast<float*>(pixels.data()), {3, side, side}, torch::kFloat32));
  }
  return images;
}

}  // namespace

std::vector<CaptionedImage> read_captions_csv(const fs::path& file) {
  std::vector<CaptionedImage> pairs;
  for (const auto& row : read_delimited(file, DelimitedFormat::Csv)) {
    if (row.fields.size() != 2)
      throw file_error(file, "line " + std::to_string(row.line) + ": expected path,caption, found " +
                                 std::to_string(row.fields.size()) + " fields");
    if (row.line == 1 && row.fields[0] == "path") continue;
    const fs::path image = file.parent_path() / row.fields[0];
    if (!fs::exists(image))
      throw file_error(file, "line " + std::to_string(row.line) + ": " + image.string() + " does not exist");
    pairs.push_back({image, row.fields[1]});
  }
  if (pairs.empty()) throw file_error(file, "lists no image");
  return pairs;
}

ClipPretrainingResult pretrain_clip(const std::vector<CaptionedImage>& pairs, const ClipTokenizer& tokenizer,
                                    const ClipConfig& config, const ImagePreprocessing& preprocessing,
                                    const ClipPretrainingOptions& options, const PretrainingCallback& progress) {
  if (pairs.size() < 2) throw Error("CLIP pre-training: at least two image-caption pairs are needed");
  if (options.epochs < 1 || options.batch_size < 2)
    throw Error("CLIP pre-training: epochs must be at least 1 and batch_size at least 2");
  if (preprocessing.crop_size != config.image_size)
    throw Error("CLIP pre-training: images are cropped to " + std::to_string(preprocessing.crop_size) +
                " pixels but the model takes " + std::to_string(config.image_size));
  config.validate("CLIP pre-training");
  const torch::Device device(options.device);

  const auto images = preprocess_all(pairs, preprocessing);
  auto ids = torch::zeros({static_cast<std::int64_t>(pairs.size()), config.context_length}, torch::kInt64);
  auto eot = torch::zeros({static_cast<std::int64_t>(pairs.size())}, torch::kInt64);
  std::map<std::string, std::int64_t> caption_ids;  // identical captions share an id: they are positives
  auto caption_of = torch::zeros({static_cast<std::int64_t>(pairs.size())}, torch::kInt64);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto tokens = tokenizer.encode_for_model(pairs[i].caption, config.context_length, true);
    const auto row = static_cast<std::int64_t>(i);
    ids[row].copy_(torch::tensor(std::vector<std::int64_t>(tokens.ids.begin(), tokens.ids.end())));
    eot[row] = tokens.eot_position;
    caption_of[row] =
        caption_ids.emplace(pairs[i].caption, static_cast<std::int64_t>(caption_ids.size())).first->second;
  }

  torch::manual_seed(static_cast<std::int64_t>(options.seed));
  ClipModel model(config);
  {
    torch::NoGradGuard no_grad;
    model->token_embedding->weight.normal_(0.0, 0.02);  // CLIP's init; LibTorch's N(0, 1) swamps small towers
  }
  model->to(device);
  model->train();
  std::vector<ParameterGroup> groups(2);
  groups[1].weight_decay = 0.0;
  for (const auto& item : model->named_parameters()) {
    const auto& name = item.key();
    const bool no_decay = item.value().dim() < 2 || name.find("positional_embedding") != std::string::npos;
    groups[no_decay ? 1 : 0].tensors.push_back(item.value());
  }
  TrainingConfig training;
  training.optimizer = "adamw";
  training.weight_decay = options.weight_decay;
  training.learning_rate = options.learning_rate;
  training.beta2 = 0.98;  // CLIP's
  training.adam_epsilon = 1e-6;
  Optimizer optimizer(groups, training);

  const auto count = static_cast<std::int64_t>(pairs.size());
  const std::int64_t batch = std::min<std::int64_t>(options.batch_size, count);
  const long long steps_per_epoch = count / batch;  // full batches: the contrastive loss needs negatives
  const long long total_steps = steps_per_epoch * options.epochs;
  std::mt19937_64 random(options.seed);
  std::vector<std::int64_t> order(static_cast<std::size_t>(count));
  std::iota(order.begin(), order.end(), 0);
  const double max_log_scale = std::log(100.0);

  ClipPretrainingResult result;
  const StepClock clock;
  long long step = 0;
  for (int epoch = 0; epoch < options.epochs && !result.cancelled; ++epoch) {
    std::shuffle(order.begin(), order.end(), random);
    const auto shuffled = torch::tensor(order);
    EpochTally tally;
    for (long long b = 0; b < steps_per_epoch && !result.cancelled; ++b, ++step) {
      const auto rows = shuffled.narrow(0, b * batch, batch);
      const auto image_features =
          torch::nn::functional::normalize(model->encode_image(images.index_select(0, rows).to(device)).features,
                                           torch::nn::functional::NormalizeFuncOptions().dim(1));
      const auto text_features = torch::nn::functional::normalize(
          model->encode_text(ids.index_select(0, rows).to(device), eot.index_select(0, rows).to(device)),
          torch::nn::functional::NormalizeFuncOptions().dim(1));
      const auto logits = model->logit_scale.exp() * torch::matmul(image_features, text_features.t());
      const auto captions = caption_of.index_select(0, rows).to(device);
      const auto positives = captions.unsqueeze(1).eq(captions.unsqueeze(0)).to(torch::kFloat32);
      const auto targets = positives / positives.sum(1, true);  // symmetric: rows and columns alike
      const auto loss = 0.5 * (-(targets * torch::log_softmax(logits, 1)).sum(1).mean() -
                               (targets * torch::log_softmax(logits.t(), 1)).sum(1).mean());
      optimizer.zero_grad();
      loss.backward();
      if (options.gradient_clip > 0.0) optimizer.clip_gradients(options.gradient_clip);
      optimizer.step(scheduled_rate(options, step, total_steps));
      {
        torch::NoGradGuard no_grad;
        model->logit_scale.clamp_(0.0, max_log_scale);
      }
      tally.add(loss.item<double>(), positives.gather(1, logits.argmax(1, true)).sum().item<double>(),
                static_cast<double>(batch));
      result.cancelled = !tally.report(progress, clock, step, total_steps, epoch);
    }
    tally.close(result);
  }
  result.steps = step;
  model->to(torch::kCPU);
  model->eval();
  result.model = model;
  return result;
}

}  // namespace promptune
