#include "core/train/masked_lm_pretraining.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/train/optimizer.h"
#include "core/util/error.h"

namespace promptune {
namespace {

std::vector<std::vector<int>> tokenize_corpus(const std::vector<std::string>& texts, const MaskedLmTokenizer& tokenizer,
                                              int max_length) {
  const auto& special = tokenizer.special_ids();
  std::vector<std::vector<int>> sequences;
  sequences.reserve(texts.size());
  for (const auto& text : texts) {
    auto ids = tokenizer.encode(text);
    if (ids.empty()) continue;
    if (static_cast<int>(ids.size()) > max_length - 2) ids.resize(static_cast<std::size_t>(max_length - 2));
    ids.insert(ids.begin(), special.cls);
    ids.push_back(special.sep);
    sequences.push_back(std::move(ids));
  }
  return sequences;
}

/// One batch with its masked inputs and the positions and ids the loss predicts.
struct MaskedBatch {
  torch::Tensor ids, attention_mask, rows, columns, targets;
};

class Masker {
 public:
  Masker(const MaskedLmTokenizer& tokenizer, double probability, std::uint64_t seed)
      : special_(tokenizer.special_ids()),
        vocabulary_(tokenizer.vocabulary_size()),
        probability_(probability),
        random_(seed) {}

  MaskedBatch make(const std::vector<std::vector<int>>& sequences, const std::vector<std::size_t>& order,
                   std::size_t begin, std::size_t end) {
    std::size_t longest = 0;
    for (std::size_t i = begin; i < end; ++i) longest = std::max(longest, sequences[order[i]].size());
    const auto rows = static_cast<std::int64_t>(end - begin);
    auto ids = torch::full({rows, static_cast<std::int64_t>(longest)}, special_.pad, torch::kInt64);
    auto attention = torch::zeros({rows, static_cast<std::int64_t>(longest)}, torch::kInt64);
    auto ids_view = ids.accessor<std::int64_t, 2>();
    auto attention_view = attention.accessor<std::int64_t, 2>();
    std::vector<std::int64_t> mask_rows, mask_columns, targets;
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    for (std::int64_t row = 0; row < rows; ++row) {
      const auto& sequence = sequences[order[begin + static_cast<std::size_t>(row)]];
      const auto length = static_cast<std::int64_t>(sequence.size());
      for (std::int64_t column = 0; column < length; ++column) {
        ids_view[row][column] = sequence[static_cast<std::size_t>(column)];
        attention_view[row][column] = 1;
      }
      // Positions 1 .. length-2 hold the text; [CLS] and [SEP] are never chosen.
      std::vector<std::int64_t> chosen;
      for (std::int64_t column = 1; column + 1 < length; ++column)
        if (uniform(random_) < probability_) chosen.push_back(column);
      if (chosen.empty() && length > 2)
        chosen.push_back(1 + static_cast<std::int64_t>(random_() % static_cast<std::uint64_t>(length - 2)));
      for (const auto column : chosen) {
        mask_rows.push_back(row);
        mask_columns.push_back(column);
        targets.push_back(ids_view[row][column]);
        const double action = uniform(random_);
        if (action < 0.8)
          ids_view[row][column] = special_.mask;
        else if (action < 0.9)
          ids_view[row][column] = random_ordinary_token();
      }
    }
    auto tensor = [](const std::vector<std::int64_t>& values) { return torch::tensor(values, torch::kInt64); };
    return {ids, attention, tensor(mask_rows), tensor(mask_columns), tensor(targets)};
  }

  std::mt19937_64& random() { return random_; }

 private:
  std::int64_t random_ordinary_token() {
    for (;;) {
      const auto id = static_cast<int>(random_() % static_cast<std::uint64_t>(vocabulary_));
      if (id != special_.cls && id != special_.sep && id != special_.pad && id != special_.mask && id != special_.unk)
        return id;
    }
  }

  SpecialTokenIds special_;
  int vocabulary_;
  double probability_;
  std::mt19937_64 random_;
};

double scheduled_rate(const MaskedLmPretrainingOptions& options, long long step, long long total_steps) {
  const auto warmup = std::max<long long>(1, std::llround(options.warmup_fraction * static_cast<double>(total_steps)));
  if (step < warmup) return options.learning_rate * static_cast<double>(step + 1) / static_cast<double>(warmup);
  const double remaining =
      static_cast<double>(total_steps - step) / static_cast<double>(std::max(1LL, total_steps - warmup));
  return options.learning_rate * std::max(0.0, remaining);
}

void validate(const MaskedLmTokenizer& tokenizer, const MaskedLmConfig& config,
              const MaskedLmPretrainingOptions& options) {
  if (tokenizer.vocabulary_size() != config.vocab_size)
    throw Error("masked-LM pre-training: the tokenizer has " + std::to_string(tokenizer.vocabulary_size()) +
                " tokens but the model's vocab_size is " + std::to_string(config.vocab_size));
  if (options.max_length < 3 || options.max_length > config.usable_positions())
    throw Error("masked-LM pre-training: max_length must be between 3 and the model's " +
                std::to_string(config.usable_positions()) + " positions (got " + std::to_string(options.max_length) +
                ")");
  if (options.epochs < 1 || options.batch_size < 1)
    throw Error("masked-LM pre-training: epochs and batch_size must be at least 1");
  if (!(options.mask_probability > 0.0 && options.mask_probability < 1.0))
    throw Error("masked-LM pre-training: mask_probability must be between 0 and 1");
}

}  // namespace

void initialise_masked_lm(MaskedLmImpl& model, double standard_deviation) {
  torch::NoGradGuard no_grad;
  for (const auto& item : model.named_parameters()) {
    const auto& name = item.key();
    auto tensor = item.value();
    const bool norm = name.find("LayerNorm") != std::string::npos || name.find("layer_norm") != std::string::npos;
    if (norm)
      tensor.fill_(name.size() >= 6 && name.compare(name.size() - 6, 6, "weight") == 0 ? 1.0 : 0.0);
    else if (tensor.dim() == 1)
      tensor.zero_();
    else
      tensor.normal_(0.0, standard_deviation);
  }
}

MaskedLmPretrainingResult pretrain_masked_lm(const std::vector<std::string>& texts, const MaskedLmTokenizer& tokenizer,
                                             const MaskedLmConfig& config, const MaskedLmPretrainingOptions& options,
                                             const PretrainingCallback& progress) {
  validate(tokenizer, config, options);
  const auto sequences = tokenize_corpus(texts, tokenizer, options.max_length);
  if (sequences.empty()) throw Error("masked-LM pre-training: the corpus holds no text");
  const torch::Device device(options.device);

  torch::manual_seed(static_cast<std::int64_t>(options.seed));
  MaskedLm model(config, true);
  initialise_masked_lm(*model);
  model->to(device);
  model->train();

  std::vector<ParameterGroup> groups(2);
  groups[0].name = "decayed";
  groups[1].name = "not decayed";
  groups[1].weight_decay = 0.0;
  for (const auto& item : model->named_parameters()) {
    const bool norm_or_bias = item.value().dim() == 1;
    groups[norm_or_bias ? 1 : 0].tensors.push_back(item.value());
  }
  TrainingConfig training;
  training.optimizer = "adamw";
  training.weight_decay = options.weight_decay;
  training.learning_rate = options.learning_rate;
  Optimizer optimizer(groups, training);

  const auto batch_size = static_cast<std::size_t>(options.batch_size);
  const long long steps_per_epoch = static_cast<long long>((sequences.size() + batch_size - 1) / batch_size);
  const long long total_steps = steps_per_epoch * options.epochs;
  Masker masker(tokenizer, options.mask_probability, options.seed);
  std::vector<std::size_t> order(sequences.size());
  std::iota(order.begin(), order.end(), std::size_t{0});

  MaskedLmPretrainingResult result;
  result.sentences = static_cast<int>(sequences.size());
  const StepClock clock;
  long long step = 0;
  for (int epoch = 0; epoch < options.epochs && !result.cancelled; ++epoch) {
    std::shuffle(order.begin(), order.end(), masker.random());
    EpochTally tally;
    for (std::size_t begin = 0; begin < order.size() && !result.cancelled; begin += batch_size, ++step) {
      const auto batch = masker.make(sequences, order, begin, std::min(order.size(), begin + batch_size));
      const auto ids = batch.ids.to(device);
      MaskedLmInput input;
      input.input_embeddings = model->embed_tokens(ids);
      input.attention_mask = batch.attention_mask.to(device);
      const auto hidden = model->forward(input);
      const auto chosen = hidden.index({batch.rows.to(device), batch.columns.to(device)});
      const auto logits = model->token_logits(model->head_transform(chosen));
      const auto targets = batch.targets.to(device);
      const auto loss = torch::nn::functional::cross_entropy(logits, targets);
      optimizer.zero_grad();
      loss.backward();
      if (options.gradient_clip > 0.0) optimizer.clip_gradients(options.gradient_clip);
      optimizer.step(scheduled_rate(options, step, total_steps));

      tally.add(loss.item<double>(), logits.argmax(1).eq(targets).sum().item<double>(),
                static_cast<double>(targets.size(0)));
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
