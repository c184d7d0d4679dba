#include "core/methods/context_prompts.h"

#include <algorithm>

#include "core/util/error.h"

namespace promptune {
namespace {

constexpr std::int64_t kSequencesPerChunk = 1024;

/// Token embeddings [R, L, D] for R = n * K rows: row r uses class r % K.
torch::Tensor splice(const torch::Tensor& prefix, const torch::Tensor& suffix, const torch::Tensor& context,
                     const std::vector<std::int64_t>& name_lengths, ClassPosition position) {
  const std::int64_t rows = context.size(0);
  const std::int64_t classes = prefix.size(0);
  const std::int64_t repeats = rows / classes;
  const auto prefix_rows = prefix.repeat({repeats, 1, 1});
  const auto suffix_rows = suffix.repeat({repeats, 1, 1});
  const auto ctx = context.to(prefix.dtype());
  if (position == ClassPosition::End) return torch::cat({prefix_rows, ctx, suffix_rows}, 1);
  const std::int64_t half = context.size(1) / 2;
  std::vector<torch::Tensor> prompts;
  prompts.reserve(static_cast<std::size_t>(rows));
  for (std::int64_t row = 0; row < rows; ++row) {
    const std::int64_t n = name_lengths[static_cast<std::size_t>(row % classes)];
    const auto first = prefix_rows.narrow(0, row, 1);
    const auto name = suffix_rows.narrow(0, row, 1).narrow(1, 0, n);
    const auto rest = suffix_rows.narrow(0, row, 1).narrow(1, n, suffix.size(1) - n);
    const auto row_ctx = ctx.narrow(0, row, 1);
    if (position == ClassPosition::Front) {
      prompts.push_back(torch::cat({first, name, row_ctx, rest}, 1));
    } else {
      prompts.push_back(torch::cat(
          {first, row_ctx.narrow(1, 0, half), name, row_ctx.narrow(1, half, context.size(1) - half), rest}, 1));
    }
  }
  return torch::cat(prompts, 0);
}

}  // namespace

ClassPosition parse_class_position(const std::string& name) {
  if (name == "end") return ClassPosition::End;
  if (name == "middle") return ClassPosition::Middle;
  if (name == "front") return ClassPosition::Front;
  throw Error("class position must be one of end, middle, front, got \"" + name + "\"");
}

ContextPrompts::ContextPrompts(ClipBackbone& backbone, const std::vector<std::string>& class_names, int context_length,
                               const std::string& init_phrase, ClassPosition position)
    : backbone_(&backbone), position_(position) {
  if (class_names.empty()) throw Error("prompt learning needs at least one class");
  const ClipTokenizer& tokenizer = *backbone.tokenizer;
  std::string lead;
  if (init_phrase.empty()) {
    if (context_length < 1) throw Error("the number of context vectors must be at least 1");
    context_length_ = context_length;
    for (int i = 0; i < context_length_; ++i) lead += i == 0 ? "X" : " X";
  } else {
    context_length_ = static_cast<int>(tokenizer.encode(init_phrase).size());
    if (context_length_ < 1) throw Error("the context init phrase \"" + init_phrase + "\" has no tokens");
    lead = init_phrase;
  }
  const int context_limit = backbone.model->config().context_length;
  std::vector<std::int64_t> ids;
  std::vector<std::int64_t> eots;
  for (const auto& name : class_names) {
    const auto tokens = tokenizer.encode_for_model(lead + " " + name + ".", context_limit, true);
    const auto name_tokens = static_cast<std::int64_t>(tokenizer.encode(name).size());
    if (tokens.bpe_length + 2 > context_limit)
      throw Error("the prompt for class \"" + name + "\" needs " + std::to_string(tokens.bpe_length + 2) +
                  " tokens with " + std::to_string(context_length_) + " context vectors; the text encoder takes " +
                  std::to_string(context_limit) + ". Use fewer context vectors or a shorter class name.");
    ids.insert(ids.end(), tokens.ids.begin(), tokens.ids.end());
    eots.push_back(tokens.eot_position);
    name_lengths_.push_back(name_tokens);
  }
  const auto classes = static_cast<std::int64_t>(class_names.size());
  const auto id_tensor = torch::tensor(ids, torch::kInt64).view({classes, context_limit});
  torch::NoGradGuard no_grad;
  const auto parameters = backbone.model->token_embedding->parameters();
  const auto device = parameters.front().device();
  const auto embeddings = backbone.model->token_embedding->forward(id_tensor.to(device)).detach();
  prefix_ = embeddings.narrow(1, 0, 1).clone();
  suffix_ = embeddings.narrow(1, 1 + context_length_, context_limit - 1 - context_length_).clone();
  eot_ = torch::tensor(eots, torch::kInt64).to(device);
  if (!init_phrase.empty()) initial_context_ = embeddings[0].narrow(0, 1, context_length_).clone();
}

torch::Tensor ContextPrompts::assemble(const torch::Tensor& context) const {
  return splice(prefix_, suffix_, context, name_lengths_, position_);
}

torch::Tensor ContextPrompts::encode(const torch::Tensor& context) const {
  if (context.dim() == 2 && position_ == ClassPosition::End) {
    // [SOS][context] is the same for every class: encoded once, not K times (the text side of a CoOp step).
    const auto shared = torch::cat({prefix_.narrow(0, 0, 1), context.to(prefix_.dtype()).unsqueeze(0)}, 1);
    return backbone_->model->encode_text_shared_prefix(shared, suffix_, eot_);
  }
  const auto per_class = context.dim() == 2 ? context.unsqueeze(0).expand({class_count(), -1, -1}) : context;
  return backbone_->model->encode_text_embeddings(assemble(per_class), eot_);
}

torch::Tensor ContextPrompts::encode_per_image(const torch::Tensor& context) const {
  const std::int64_t images = context.size(0);
  const std::int64_t classes = class_count();
  const std::int64_t chunk = std::max<std::int64_t>(1, kSequencesPerChunk / classes);
  std::vector<torch::Tensor> features;
  for (std::int64_t start = 0; start < images; start += chunk) {
    const std::int64_t count = std::min(chunk, images - start);
    // Row i * K + k holds image i's context with class k.
    const auto rows = context.narrow(0, start, count)
                          .unsqueeze(1)
                          .expand({-1, classes, -1, -1})
                          .reshape({count * classes, context.size(1), context.size(2)});
    const auto encoded = backbone_->model->encode_text_embeddings(assemble(rows), eot_.repeat({count}));
    features.push_back(encoded.view({count, classes, -1}));
  }
  return torch::cat(features, 0);
}

void ContextPrompts::to(const torch::Device& device) {
  prefix_ = prefix_.to(device);
  suffix_ = suffix_.to(device);
  eot_ = eot_.to(device);
  if (initial_context_.defined()) initial_context_ = initial_context_.to(device);
}

std::vector<std::vector<std::pair<std::string, float>>> nearest_tokens(ClipBackbone& backbone,
                                                                       const torch::Tensor& context, int count) {
  torch::NoGradGuard no_grad;
  const auto vocabulary = backbone.model->token_embedding->weight.detach().to(torch::kCPU, torch::kFloat32);
  const auto distances = torch::cdist(context.detach().to(torch::kCPU, torch::kFloat32), vocabulary);
  const auto k = std::min<std::int64_t>(count, vocabulary.size(0));
  const auto [values, indices] = distances.topk(k, 1, false);
  std::vector<std::vector<std::pair<std::string, float>>> rows;
  for (std::int64_t row = 0; row < context.size(0); ++row) {
    std::vector<std::pair<std::string, float>> nearest;
    for (std::int64_t j = 0; j < k; ++j)
      nearest.emplace_back(backbone.tokenizer->token(indices[row][j].item<int>()), values[row][j].item<float>());
    rows.push_back(std::move(nearest));
  }
  return rows;
}

}  // namespace promptune
