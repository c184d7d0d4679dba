#include "core/models/clip_model.h"

#include <cmath>
#include <set>
#include <sstream>
#include <tuple>

#include <ATen/autocast_mode.h>

#include "core/util/error.h"

namespace promptune {
namespace {

// x * sigmoid(1.702 x), the activation every OpenAI CLIP was trained with.
class QuickGeluImpl : public torch::nn::Module {
 public:
  torch::Tensor forward(const torch::Tensor& x) { return x * torch::sigmoid(1.702 * x); }
};
TORCH_MODULE(QuickGelu);

bool is_bookkeeping_key(const std::string& key) {
  static const std::set<std::string> names = {"input_resolution", "context_length", "vocab_size"};
  return names.count(key) > 0 || key.find("attn_mask") != std::string::npos ||
         key.find("position_ids") != std::string::npos;
}

torch::Tensor causal_mask(std::int64_t length, const torch::TensorOptions& options) {
  return torch::full({length, length}, -std::numeric_limits<float>::infinity(), options).triu(1);
}

}  // namespace

Precision parse_precision(const std::string& name) {
  if (name == "fp32" || name == "float32") return Precision::Float32;
  if (name == "fp16" || name == "float16") return Precision::Float16;
  if (name == "bf16" || name == "bfloat16") return Precision::BFloat16;
  throw Error("unknown precision '" + name + "' (use fp32, fp16 or bf16)");
}

const char* precision_name(Precision precision) {
  switch (precision) {
    case Precision::Float32:
      return "fp32";
    case Precision::Float16:
      return "fp16";
    case Precision::BFloat16:
      return "bf16";
  }
  return "?";
}

AutocastScope::AutocastScope(const torch::Device& device, Precision precision) {
  if (!device.is_cuda() || precision == Precision::Float32) return;
  previous_enabled_ = at::autocast::is_enabled();
  previous_dtype_ = at::autocast::get_autocast_gpu_dtype();
  at::autocast::set_autocast_gpu_dtype(precision == Precision::Float16 ? at::kHalf : at::kBFloat16);
  at::autocast::set_enabled(true);
  active_ = true;
}

AutocastScope::~AutocastScope() {
  if (!active_) return;
  at::autocast::set_enabled(previous_enabled_);
  at::autocast::set_autocast_gpu_dtype(previous_dtype_);
  at::autocast::clear_cache();
}

AttentionImpl::AttentionImpl(int width, int heads) : heads_(heads) {
  in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * width, width}));
  in_proj_bias = register_parameter("in_proj_bias", torch::zeros({3 * width}));
  out_proj = register_module("out_proj", torch::nn::Linear(width, width));
  torch::nn::init::xavier_uniform_(in_proj_weight);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& mask, torch::Tensor* probabilities) {
  const auto batch = x.size(0), length = x.size(1), width = x.size(2);
  const auto head_width = width / heads_;
  // Contiguous [B*H, T, d] operands and one baddbmm for scale, Q.K^T and the mask, as PyTorch's own
  // MultiheadAttention does: batched matmuls on permuted views would copy, and a separate mask add allocates.
  const auto split_heads = [&](const torch::Tensor& t) {
    return t.view({batch, length, heads_, head_width}).transpose(1, 2).reshape({batch * heads_, length, head_width});
  };
  const auto qkv = torch::nn::functional::linear(x, in_proj_weight, in_proj_bias).chunk(3, -1);
  const auto q = split_heads(qkv[0]), k = split_heads(qkv[1]), v = split_heads(qkv[2]);
  const double scale = 1.0 / std::sqrt(static_cast<double>(head_width));
  const auto scores = mask.defined() ? torch::baddbmm(mask, q, k.transpose(1, 2), /*beta=*/1.0, /*alpha=*/scale)
                                     : torch::bmm(q, k.transpose(1, 2)).mul_(scale);
  const auto attention = torch::softmax(scores, -1);
  if (probabilities) *probabilities = attention.view({batch, heads_, length, length});
  const auto mixed = torch::bmm(attention, v)
                         .view({batch, heads_, length, head_width})
                         .transpose(1, 2)
                         .reshape({batch, length, width});
  return out_proj(mixed);
}

std::pair<torch::Tensor, torch::Tensor> AttentionImpl::forward_shared_prefix(const torch::Tensor& prefix,
                                                                             const torch::Tensor& suffixes) {
  const auto classes = suffixes.size(0), prefix_length = prefix.size(1), suffix_length = suffixes.size(1);
  const auto width = prefix.size(2), head_width = width / heads_;
  const auto split_heads = [&](const torch::Tensor& t) {
    return t.view({t.size(0), t.size(1), heads_, head_width}).transpose(1, 2).reshape({-1, t.size(1), head_width});
  };
  const auto merge_heads = [&](const torch::Tensor& t, std::int64_t batch, std::int64_t length) {
    return t.view({batch, heads_, length, head_width}).transpose(1, 2).reshape({batch, length, width});
  };
  const double scale = 1.0 / std::sqrt(static_cast<double>(head_width));
  const auto prefix_qkv = torch::nn::functional::linear(prefix, in_proj_weight, in_proj_bias).chunk(3, -1);
  const auto suffix_qkv = torch::nn::functional::linear(suffixes, in_proj_weight, in_proj_bias).chunk(3, -1);
  const auto prefix_q = split_heads(prefix_qkv[0]), prefix_k = split_heads(prefix_qkv[1]),
             prefix_v = split_heads(prefix_qkv[2]);  // [H, P, d]
  const auto prefix_scores = torch::baddbmm(causal_mask(prefix_length, prefix.options()), prefix_q,
                                            prefix_k.transpose(1, 2), /*beta=*/1.0, /*alpha=*/scale);
  const auto prefix_mixed = torch::bmm(torch::softmax(prefix_scores, -1), prefix_v);
  // Suffix row i sits at position P + i: it sees the whole prefix and suffix rows up to i. Rows of the batched
  // heads are class-major (k * H + h), so the prefix's H rows repeat K times.
  const auto keys = torch::cat({prefix_k.repeat({classes, 1, 1}), split_heads(suffix_qkv[1])}, 1);
  const auto values = torch::cat({prefix_v.repeat({classes, 1, 1}), split_heads(suffix_qkv[2])}, 1);
  const auto mask = torch::cat(
      {torch::zeros({suffix_length, prefix_length}, prefix.options()), causal_mask(suffix_length, prefix.options())},
      1);
  const auto suffix_scores =
      torch::baddbmm(mask, split_heads(suffix_qkv[0]), keys.transpose(1, 2), /*beta=*/1.0, /*alpha=*/scale);
  const auto suffix_mixed = torch::bmm(torch::softmax(suffix_scores, -1), values);
  return {out_proj(merge_heads(prefix_mixed, 1, prefix_length)),
          out_proj(merge_heads(suffix_mixed, classes, suffix_length))};
}

ResidualBlockImpl::ResidualBlockImpl(const TransformerConfig& config) : activation_(config.activation) {
  attn = register_module("attn", Attention(config.width, config.heads));
  ln_1 = register_module("ln_1",
                         torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width}).eps(config.layer_norm_eps)));
  ln_2 = register_module("ln_2",
                         torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width}).eps(config.layer_norm_eps)));
  mlp = torch::nn::Sequential();
  mlp->push_back("c_fc", torch::nn::Linear(config.width, config.mlp_width));
  if (config.activation == Activation::QuickGelu) {
    mlp->push_back("gelu", QuickGelu());
  } else {
    mlp->push_back("gelu", torch::nn::GELU());
  }
  mlp->push_back("c_proj", torch::nn::Linear(config.mlp_width, config.width));
  register_module("mlp", mlp);
}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& mask,
                                         torch::Tensor* probabilities) {
  auto y = x + attn(ln_1(x), mask, probabilities);
  return y + mlp->forward(ln_2(y));
}

std::pair<torch::Tensor, torch::Tensor> ResidualBlockImpl::forward_shared_prefix(const torch::Tensor& prefix,
                                                                                 const torch::Tensor& suffixes) {
  const auto [prefix_attended, suffix_attended] = attn->forward_shared_prefix(ln_1(prefix), ln_1(suffixes));
  const auto p = prefix + prefix_attended, s = suffixes + suffix_attended;
  return {p + mlp->forward(ln_2(p)), s + mlp->forward(ln_2(s))};
}

VisionTransformerImpl::VisionTransformerImpl(const ClipConfig& config) : config_(config) {
  const int width = config.vision.width;
  const int tokens = config.grid_size() * config.grid_size() + 1;
  conv1 = register_module(
      "conv1",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(3, width, config.patch_size).stride(config.patch_size).bias(false)));
  const double scale = 1.0 / std::sqrt(static_cast<double>(width));
  class_embedding = register_parameter("class_embedding", torch::randn({width}) * scale);
  positional_embedding = register_parameter("positional_embedding", torch::randn({tokens, width}) * scale);
  ln_pre = register_module(
      "ln_pre", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(config.vision.layer_norm_eps)));
  resblocks = torch::nn::ModuleList();
  for (int i = 0; i < config.vision.layers; ++i) resblocks->push_back(ResidualBlock(config.vision));
  auto transformer = std::make_shared<torch::nn::Module>();
  transformer->register_module("resblocks", resblocks);
  register_module("transformer", transformer);
  ln_post = register_module(
      "ln_post", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(config.vision.layer_norm_eps)));
  proj = register_parameter("proj", torch::randn({width, config.embed_dim}) * scale);
}

torch::Tensor VisionTransformerImpl::embed(const torch::Tensor& images, PromptInsertion insertion) {
  if (images.dim() != 4 || images.size(1) != 3 || images.size(2) != config_.image_size ||
      images.size(3) != config_.image_size) {
    throw Error("images have shape " + shape_text(images.sizes()) + "; this model expects [B,3," +
                std::to_string(config_.image_size) + "," + std::to_string(config_.image_size) +
                "] (preprocess them first)");
  }
  auto x = conv1(images).flatten(2).transpose(1, 2);  // [B, g*g, D], row-major patches
  const auto cls = class_embedding.view({1, 1, -1}).expand({x.size(0), 1, x.size(2)});
  x = torch::cat({cls, x}, 1) + positional_embedding;
  return insertion == PromptInsertion::AfterLnPre ? ln_pre(x) : x;
}

VisionOutput VisionTransformerImpl::forward(const torch::Tensor& images, const VisualPrompts& prompts) {
  const auto& layers = prompts.tokens_per_layer;
  if (!layers.empty() && layers.size() != 1 && static_cast<int>(layers.size()) != config_.vision.layers) {
    throw Error("visual prompts give " + std::to_string(layers.size()) + " layers; use 1 (shallow) or " +
                std::to_string(config_.vision.layers) + " (deep)");
  }
  auto x = embed(images, prompts.insertion);
  const auto batch = x.size(0);
  VisionOutput output;
  const auto batched = [&](const torch::Tensor& p) {
    return p.dim() == 2 ? p.unsqueeze(0).expand({batch, p.size(0), p.size(1)}) : p;
  };
  if (!layers.empty()) {
    output.prompt_count = static_cast<int>(layers[0].size(-2));
    x = torch::cat({x.narrow(1, 0, 1), batched(layers[0]).to(x.dtype()), x.narrow(1, 1, x.size(1) - 1)}, 1);
  }
  if (prompts.insertion == PromptInsertion::BeforeLnPre) x = ln_pre(x);
  const int prompt_count = output.prompt_count;
  for (int i = 0; i < static_cast<int>(resblocks->size()); ++i) {
    if (i > 0 && layers.size() > 1) {
      if (layers[i].size(-2) != prompt_count) throw Error("deep prompts must have the same token count at every layer");
      x = torch::cat({x.narrow(1, 0, 1), batched(layers[i]).to(x.dtype()),
                      x.narrow(1, 1 + prompt_count, x.size(1) - 1 - prompt_count)},
                     1);
    }
    if (prompts.capture_tokens) output.block_inputs.push_back(x);
    torch::Tensor probabilities;
    x = resblocks[i]->as<ResidualBlock>()->forward(x, {}, prompts.capture_attention ? &probabilities : nullptr);
    if (prompts.capture_attention) output.attention.push_back(probabilities);
  }
  output.cls = ln_post(x.select(1, 0));
  output.features = torch::matmul(output.cls, proj);
  return output;
}

ClipModelImpl::ClipModelImpl(const ClipConfig& config) : config_(config) {
  config.validate("CLIP config");
  visual = register_module("visual", VisionTransformer(config));
  transformer = torch::nn::ModuleList();
  for (int i = 0; i < config.text.layers; ++i) transformer->push_back(ResidualBlock(config.text));
  auto text_transformer = std::make_shared<torch::nn::Module>();
  text_transformer->register_module("resblocks", transformer);
  register_module("transformer", text_transformer);
  token_embedding = register_module("token_embedding", torch::nn::Embedding(config.vocab_size, config.text.width));
  torch::nn::init::normal_(token_embedding->weight, 0.0, 0.02);
  positional_embedding =
      register_parameter("positional_embedding", torch::randn({config.context_length, config.text.width}) * 0.01);
  ln_final = register_module(
      "ln_final",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.text.width}).eps(config.text.layer_norm_eps)));
  text_projection =
      register_parameter("text_projection", torch::randn({config.text.width, config.embed_dim}) *
                                                (1.0 / std::sqrt(static_cast<double>(config.text.width))));
  logit_scale = register_parameter("logit_scale", torch::full({}, std::log(1.0 / 0.07)));
}

TensorMap ClipModelImpl::weights() const {
  TensorMap result;
  for (const auto& item : named_parameters(true)) result[item.key()] = item.value();
  return result;
}

void ClipModelImpl::load_weights(const TensorMap& weights, const std::string& source) {
  load_parameters_by_name(*this, weights, source, config_.summary(), is_bookkeeping_key);
}

VisionOutput ClipModelImpl::encode_image(const torch::Tensor& images, const VisualPrompts& prompts) {
  return visual->forward(images, prompts);
}

torch::Tensor ClipModelImpl::encode_text_embeddings(const torch::Tensor& token_embeddings,
                                                    const torch::Tensor& eot_positions) {
  if (token_embeddings.dim() != 3 || token_embeddings.size(2) != config_.text.width) {
    throw Error("token embeddings have shape " + shape_text(token_embeddings.sizes()) + "; expected [K, L, " +
                std::to_string(config_.text.width) + "]");
  }
  if (token_embeddings.size(1) > config_.context_length) {
    throw Error("text sequences of " + std::to_string(token_embeddings.size(1)) + " tokens exceed the context of " +
                std::to_string(config_.context_length));
  }
  const auto eot = eot_positions.to(torch::kLong);
  const std::int64_t used = eot.max().item<std::int64_t>() + 1;
  auto x = token_embeddings.narrow(1, 0, used) + positional_embedding.narrow(0, 0, used);
  const auto mask = causal_mask(used, x.options());
  for (const auto& block : *transformer) x = block->as<ResidualBlock>()->forward(x, mask);
  x = ln_final(x);
  const auto rows = torch::arange(x.size(0), eot.options());
  return torch::matmul(x.index({rows, eot}), text_projection);
}

torch::Tensor ClipModelImpl::encode_text_shared_prefix(const torch::Tensor& prefix, const torch::Tensor& suffixes,
                                                       const torch::Tensor& eot_positions) {
  const auto width = config_.text.width;
  if (prefix.dim() != 3 || prefix.size(0) != 1 || prefix.size(2) != width || suffixes.dim() != 3 ||
      suffixes.size(2) != width) {
    throw Error("a shared prefix [1, P, " + std::to_string(width) + "] and suffixes [K, S, " + std::to_string(width) +
                "] were expected, got " + shape_text(prefix.sizes()) + " and " + shape_text(suffixes.sizes()));
  }
  const auto eot = eot_positions.to(torch::kLong);
  const std::int64_t prefix_length = prefix.size(1);
  const std::int64_t used = eot.max().item<std::int64_t>() + 1;
  if (eot.min().item<std::int64_t>() < prefix_length || used > prefix_length + suffixes.size(1) ||
      used > config_.context_length) {
    throw Error("every end-of-text token must lie after the shared prefix of " + std::to_string(prefix_length) +
                " tokens and within the " + std::to_string(config_.context_length) + "-token context");
  }
  const std::int64_t suffix_length = used - prefix_length;
  auto p = prefix + positional_embedding.narrow(0, 0, prefix_length);
  auto s = suffixes.narrow(1, 0, suffix_length) + positional_embedding.narrow(0, prefix_length, suffix_length);
  for (const auto& block : *transformer) std::tie(p, s) = block->as<ResidualBlock>()->forward_shared_prefix(p, s);
  s = ln_final(s);
  const auto rows = torch::arange(s.size(0), eot.options());
  return torch::matmul(s.index({rows, eot - prefix_length}), text_projection);
}

torch::Tensor ClipModelImpl::encode_text(const torch::Tensor& ids, const torch::Tensor& eot_positions) {
  return encode_text_embeddings(token_embedding(ids), eot_positions);
}

std::int64_t ClipModelImpl::parameter_count() const {
  std::int64_t count = 0;
  for (const auto& parameter : parameters(true)) count += parameter.numel();
  return count;
}

}  // namespace promptune
