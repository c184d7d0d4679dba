#include "core/models/masked_lm_model.h"

#include <cmath>
#include <limits>

#include "core/util/error.h"

namespace promptune {
namespace {

using Container = std::shared_ptr<torch::nn::Module>;

Container container() {
  return std::make_shared<torch::nn::Module>();
}

torch::nn::LayerNorm layer_norm(const MaskedLmConfig& config) {
  return torch::nn::LayerNorm(
      torch::nn::LayerNormOptions({config.hidden_size}).eps(config.layer_norm_eps).elementwise_affine(true));
}

torch::Tensor activate(const torch::Tensor& x, HiddenActivation activation) {
  switch (activation) {
    case HiddenActivation::Gelu:
      return torch::gelu(x);
    case HiddenActivation::GeluTanh:
      return torch::gelu(x, "tanh");
    case HiddenActivation::QuickGelu:
      return x * torch::sigmoid(1.702 * x);
    case HiddenActivation::Relu:
      return torch::relu(x);
  }
  return torch::gelu(x);
}

}  // namespace

std::string masked_lm_encoder_prefix(MaskedLmFamily family) {
  return masked_lm_family_name(family);
}

MaskedLmLayerImpl::MaskedLmLayerImpl(const MaskedLmConfig& config) : config_(config) {
  const int h = config.hidden_size;
  query = torch::nn::Linear(h, h);
  key = torch::nn::Linear(h, h);
  value = torch::nn::Linear(h, h);
  attention_dense = torch::nn::Linear(h, h);
  attention_norm = layer_norm(config);
  intermediate_dense = torch::nn::Linear(h, config.intermediate_size);
  output_dense = torch::nn::Linear(config.intermediate_size, h);
  output_norm = layer_norm(config);
  // Hugging Face's nesting: attention.self.{query,key,value}, attention.output.{dense,LayerNorm},
  // intermediate.dense, output.{dense,LayerNorm}.
  auto attention = container(), self = container(), attention_output = container();
  auto intermediate = container(), output = container();
  self->register_module("query", query);
  self->register_module("key", key);
  self->register_module("value", value);
  attention_output->register_module("dense", attention_dense);
  attention_output->register_module("LayerNorm", attention_norm);
  attention->register_module("self", self);
  attention->register_module("output", attention_output);
  intermediate->register_module("dense", intermediate_dense);
  output->register_module("dense", output_dense);
  output->register_module("LayerNorm", output_norm);
  register_module("attention", attention);
  register_module("intermediate", intermediate);
  register_module("output", output);
}

torch::Tensor MaskedLmLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& additive_mask,
                                         const torch::Tensor& prefix_key, const torch::Tensor& prefix_value) {
  const auto batch = x.size(0), length = x.size(1);
  const int heads = config_.heads, d = config_.head_dim();
  auto split_heads = [&](const torch::Tensor& t) { return t.view({batch, -1, heads, d}).transpose(1, 2); };
  auto q = split_heads(query->forward(x));  // [B, n, L, d]
  auto k = split_heads(key->forward(x));
  auto v = split_heads(value->forward(x));
  if (prefix_key.defined()) {
    // A prefix shared by the batch comes with batch size 1.
    k = torch::cat({prefix_key.to(k.dtype()).expand({batch, -1, -1, -1}), k}, 2);
    v = torch::cat({prefix_value.to(v.dtype()).expand({batch, -1, -1, -1}), v}, 2);
  }
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  auto scores = torch::matmul(q, k.transpose(-1, -2)) * scale + additive_mask.to(q.dtype());
  auto attention = torch::dropout(torch::softmax(scores, -1), config_.attention_dropout, is_training());
  auto context = torch::matmul(attention, v).transpose(1, 2).reshape({batch, length, config_.hidden_size});
  auto h = attention_norm->forward(
      x + torch::dropout(attention_dense->forward(context), config_.hidden_dropout, is_training()));
  auto ffn = output_dense->forward(activate(intermediate_dense->forward(h), config_.activation));
  return output_norm->forward(h + torch::dropout(ffn, config_.hidden_dropout, is_training()));
}

MaskedLmImpl::MaskedLmImpl(const MaskedLmConfig& config, bool with_head, bool tied_decoder)
    : config_(config), has_head_(with_head), tied_(tied_decoder) {
  config.validate("masked LM");
  const int h = config.hidden_size;
  word_embeddings = torch::nn::Embedding(config.vocab_size, h);
  position_embeddings = torch::nn::Embedding(config.max_positions, h);
  token_type_embeddings = torch::nn::Embedding(config.type_vocab_size, h);
  embedding_norm = layer_norm(config);
  auto embeddings = container(), encoder = container();
  embeddings->register_module("word_embeddings", word_embeddings);
  embeddings->register_module("position_embeddings", position_embeddings);
  embeddings->register_module("token_type_embeddings", token_type_embeddings);
  embeddings->register_module("LayerNorm", embedding_norm);
  auto layer_list = torch::nn::ModuleList();
  for (int i = 0; i < config.layers; ++i) {
    layers_.emplace_back(config);
    layer_list->push_back(layers_.back());
  }
  encoder->register_module("layer", layer_list);
  encoder_root_ = container();
  encoder_root_->register_module("embeddings", embeddings);
  encoder_root_->register_module("encoder", encoder);
  register_module(masked_lm_encoder_prefix(config.family), encoder_root_);
  if (!with_head) return;
  head_dense = torch::nn::Linear(h, h);
  head_norm = layer_norm(config);
  head_bias = torch::zeros({config.vocab_size});
  // BERT: cls.predictions.{transform.{dense,LayerNorm}, bias, decoder.weight}; RoBERTa: lm_head.{dense,
  // layer_norm, bias, decoder.weight}.
  auto decoder = container();
  if (!tied_) decoder_ = decoder->register_parameter("weight", torch::empty({config.vocab_size, h}));
  if (config.family == MaskedLmFamily::Bert) {
    auto cls = container(), predictions = container(), transform = container();
    transform->register_module("dense", head_dense);
    transform->register_module("LayerNorm", head_norm);
    predictions->register_module("transform", transform);
    head_bias = predictions->register_parameter("bias", head_bias);
    if (!tied_) predictions->register_module("decoder", decoder);
    cls->register_module("predictions", predictions);
    register_module("cls", cls);
  } else {
    auto lm_head = container();
    lm_head->register_module("dense", head_dense);
    lm_head->register_module("layer_norm", head_norm);
    head_bias = lm_head->register_parameter("bias", head_bias);
    if (!tied_) lm_head->register_module("decoder", decoder);
    register_module("lm_head", lm_head);
  }
}

torch::Tensor MaskedLmImpl::embed_tokens(const torch::Tensor& ids) {
  return word_embeddings->forward(ids);
}

torch::Tensor MaskedLmImpl::forward(const MaskedLmInput& input) {
  const auto& embeddings = input.input_embeddings;
  if (!embeddings.defined() || embeddings.dim() != 3 || embeddings.size(2) != config_.hidden_size)
    throw Error("masked LM: input embeddings must be [batch, length, " + std::to_string(config_.hidden_size) + "]");
  const auto batch = embeddings.size(0), length = embeddings.size(1);
  const int prefix_length = input.prefix.empty() ? 0 : static_cast<int>(input.prefix.front().first.size(2));
  const auto options = torch::TensorOptions().dtype(torch::kInt64).device(embeddings.device());
  torch::Tensor mask = input.attention_mask.defined() ? input.attention_mask.to(embeddings.device())
                                                      : torch::ones({batch, length}, options);
  torch::Tensor positions;
  if (config_.family == MaskedLmFamily::Bert) {
    positions = torch::arange(input.position_offset, input.position_offset + length, options).unsqueeze(0);
  } else {
    // RoBERTa numbers real tokens from padding_idx + 1 and gives padding the padding_idx row.
    const auto real = mask.to(torch::kInt64);
    positions = (torch::cumsum(real, 1) + input.position_offset) * real + config_.pad_token_id;
  }
  if (input.position_offset + length > config_.usable_positions())
    throw Error("the input holds " + std::to_string(input.position_offset + length) + " positions, more than the " +
                std::to_string(config_.usable_positions()) + " this model has; shorten text.max_length");
  const torch::Tensor types =
      input.token_type_ids.defined() ? input.token_type_ids : torch::zeros({batch, length}, options);
  auto x = embeddings + position_embeddings->forward(positions) + token_type_embeddings->forward(types);
  x = torch::dropout(embedding_norm->forward(x), config_.hidden_dropout, is_training());
  torch::Tensor full_mask = mask.to(x.dtype());
  if (prefix_length > 0)
    full_mask = torch::cat({torch::ones({batch, prefix_length}, full_mask.options()), full_mask}, 1);
  const auto additive = ((1.0 - full_mask) * std::numeric_limits<float>::lowest()).view({batch, 1, 1, -1});
  if (!input.prefix.empty() && input.prefix.size() != layers_.size())
    throw Error("prefix: " + std::to_string(input.prefix.size()) + " key/value pairs for " +
                std::to_string(layers_.size()) + " layers");
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const torch::Tensor prefix_key = input.prefix.empty() ? torch::Tensor() : input.prefix[i].first;
    const torch::Tensor prefix_value = input.prefix.empty() ? torch::Tensor() : input.prefix[i].second;
    x = layers_[i]->forward(x, additive, prefix_key, prefix_value);
  }
  return x;
}

torch::Tensor MaskedLmImpl::head_transform(const torch::Tensor& hidden, bool tanh_gelu) {
  if (!has_head_)
    throw Error(
        "this checkpoint has no MLM head (cls.predictions / lm_head weights): prompt-based "
        "classification reads the head's predictions at the mask; use a BertForMaskedLM / "
        "RobertaForMaskedLM checkpoint");
  auto z = head_dense->forward(hidden);
  // RoBERTa's head always uses exact GELU; BERT's follows hidden_act.
  if (tanh_gelu)
    z = torch::gelu(z, "tanh");
  else
    z = config_.family == MaskedLmFamily::Roberta ? torch::gelu(z) : activate(z, config_.activation);
  return head_norm->forward(z);
}

torch::Tensor MaskedLmImpl::decoder_weight() const {
  return tied_ ? word_embeddings->weight : decoder_;
}

torch::Tensor MaskedLmImpl::token_logits(const torch::Tensor& z, const torch::Tensor& token_ids) {
  if (!has_head_) return head_transform(z);  // throws the message about the missing head
  if (!token_ids.defined()) return torch::matmul(z, decoder_weight().t()) + head_bias;
  const auto ids = token_ids.to(z.device());
  return torch::matmul(z, decoder_weight().index_select(0, ids).t()) + head_bias.index_select(0, ids);
}

std::vector<torch::Tensor> MaskedLmImpl::embedding_parameters() const {
  std::vector<torch::Tensor> parameters;
  for (const auto& parameter : encoder_root_->named_children().front().value()->parameters())
    parameters.push_back(parameter);
  return parameters;
}

void MaskedLmImpl::load_weights(const TensorMap& weights, const std::string& source) {
  load_parameters_by_name(*this, weights, source, config_.summary());
}

}  // namespace promptune
