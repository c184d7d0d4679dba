#include "core/methods/mlm_prompting.h"

#include "core/util/error.h"

namespace promptune {

LabelWordTensors label_word_tensors(const Verbalizer& verbalizer, const torch::Device& device) {
  const auto classes = static_cast<std::int64_t>(verbalizer.token_ids.size());
  const int width = verbalizer.max_words();
  auto ids = torch::zeros({classes, width}, torch::kInt64);
  auto mask = torch::zeros({classes, width}, torch::kFloat32);
  for (std::int64_t c = 0; c < classes; ++c) {
    const auto& words = verbalizer.token_ids[static_cast<std::size_t>(c)];
    for (int k = 0; k < width; ++k) {
      const bool real = k < static_cast<int>(words.size());
      ids[c][k] = words[real ? static_cast<std::size_t>(k) : 0];
      mask[c][k] = real ? 1.0f : 0.0f;
    }
  }
  return {ids.to(device), mask.to(device)};
}

torch::Tensor mask_hidden_states(MaskedLmImpl& model, const TextBatch& batch, const PromptInjection& injection) {
  MaskedLmInput input;
  input.input_embeddings = model.embed_tokens(batch.ids);
  input.attention_mask = batch.attention_mask;
  input.token_type_ids = batch.token_types;
  input.prefix = injection.prefix;
  input.position_offset = injection.position_offset;
  auto positions = batch.mask_positions;
  if (injection.soft_prompt.defined()) {
    const auto rows = batch.ids.size(0), count = injection.soft_prompt.size(0);
    const auto prompt = injection.soft_prompt.to(input.input_embeddings.dtype()).unsqueeze(0).expand({rows, -1, -1});
    input.input_embeddings = torch::cat({prompt, input.input_embeddings}, 1);
    input.attention_mask =
        torch::cat({torch::ones({rows, count}, batch.attention_mask.options()), batch.attention_mask}, 1);
    input.token_type_ids = torch::cat({torch::zeros({rows, count}, batch.token_types.options()), batch.token_types}, 1);
    positions = positions + count;  // the mask moved by the virtual tokens before it
  }
  const auto hidden = model.forward(input);
  const auto index = positions.view({-1, 1, 1}).expand({-1, 1, hidden.size(2)});
  return hidden.gather(1, index).squeeze(1);
}

torch::Tensor label_word_scores(MaskedLmImpl& model, const torch::Tensor& z, const LabelWordTensors& words) {
  const auto classes = words.ids.size(0), width = words.ids.size(1);
  const auto logits = model.token_logits(z, words.ids.flatten()).view({z.size(0), classes, width});
  return (logits * words.mask).sum(2) / words.mask.sum(1);
}

torch::Tensor label_word_prototypes(MaskedLmImpl& model, const LabelWordTensors& words) {
  const auto rows = model.decoder_weight().index_select(0, words.ids.flatten());
  const auto per_word = rows.view({words.ids.size(0), words.ids.size(1), -1});
  return (per_word * words.mask.unsqueeze(2)).sum(1) / words.mask.sum(1, true);
}

MaskedLm trainable_masked_lm_copy(MaskedLmBackbone& backbone, const torch::Device& device) {
  const auto& source = *backbone.model;
  MaskedLm copy(source.config(), source.has_head(), source.tied_decoder());
  {
    torch::NoGradGuard no_grad;
    const auto originals = backbone.model->named_parameters(true);
    for (auto& item : copy->named_parameters(true)) item.value().copy_(originals[item.key()]);
  }
  copy->to(device);
  copy->train();
  for (auto& parameter : copy->parameters()) parameter.set_requires_grad(true);
  return copy;
}

std::vector<torch::Tensor> masked_lm_tuned_parameters(MaskedLmImpl& model, int last_k) {
  if (last_k <= 0) return model.parameters();
  const int layers = static_cast<int>(model.layers().size());
  if (last_k > layers)
    throw Error("method.options.layers_k: " + std::to_string(last_k) + " layers asked for, the model has " +
                std::to_string(layers));
  std::vector<torch::Tensor> tuned;
  for (int l = layers - last_k; l < layers; ++l)
    for (const auto& parameter : model.layers()[static_cast<std::size_t>(l)]->parameters()) tuned.push_back(parameter);
  // The head's transform and bias (the decoder is tied to the frozen embeddings).
  for (const auto& item : model.named_parameters(true))
    if (item.key().rfind("cls.", 0) == 0 || item.key().rfind("lm_head.", 0) == 0) tuned.push_back(item.value());
  for (auto& parameter : model.parameters()) parameter.set_requires_grad(false);
  for (auto& parameter : tuned) parameter.set_requires_grad(true);
  return tuned;
}

TensorMap tuned_masked_lm_state(const MaskedLmImpl& model) {
  TensorMap state;
  for (const auto& item : model.named_parameters(true))
    if (item.value().requires_grad()) state["model." + item.key()] = item.value().detach().to(torch::kCPU).clone();
  return state;
}

void load_tuned_masked_lm_state(MaskedLmImpl& model, const TensorMap& state, const std::string& method) {
  torch::NoGradGuard no_grad;
  for (auto& item : model.named_parameters(true)) {
    if (!item.value().requires_grad()) continue;
    item.value().copy_(state_tensor(state, "model." + item.key(), item.value().sizes().vec(), method));
  }
}

TensorMap module_state(const torch::nn::Module& module, const std::string& prefix) {
  TensorMap state;
  for (const auto& item : module.named_parameters(true))
    state[prefix + item.key()] = item.value().detach().to(torch::kCPU).clone();
  return state;
}

void load_module_state(torch::nn::Module& module, const TensorMap& state, const std::string& prefix,
                       const std::string& method) {
  torch::NoGradGuard no_grad;
  for (auto& item : module.named_parameters(true))
    item.value().copy_(state_tensor(state, prefix + item.key(), item.value().sizes().vec(), method));
}

MaskedLmPromptMethod::MaskedLmPromptMethod(const MethodSetup& setup)
    : backbone_(setup.language_model),
      template_(setup.text_template),
      limits_(setup.text_limits),
      device_(setup.device) {
  if (backbone_ == nullptr || template_ == nullptr || setup.verbalizer == nullptr)
    throw Error("a masked-LM method needs a masked LM, a template and label words");
  if (!backbone_->model->has_head())
    throw Error(backbone_->identity.name +
                " has no MLM head (cls.predictions / lm_head weights): prompt-based methods read the head's "
                "predictions at the mask; load a BertForMaskedLM / RobertaForMaskedLM checkpoint");
  words_ = label_word_tensors(*setup.verbalizer, device_);
}

torch::Tensor MaskedLmPromptMethod::mask_features(const MethodBatch& batch, bool tanh_gelu) {
  if (!batch.text.defined()) throw Error("a masked-LM method received a batch without text");
  auto& lm = model();
  return lm.head_transform(mask_hidden_states(lm, batch.text, injection()), tanh_gelu);
}

torch::Tensor MaskedLmPromptMethod::logits(const MethodBatch& batch) {
  return label_word_scores(model(), mask_features(batch), words_);
}

MethodPrediction MaskedLmPromptMethod::predict(const MethodBatch& batch) {
  const auto z = mask_features(batch);
  return {label_word_scores(model(), z, words_), normalize_rows(z)};
}

torch::Tensor MaskedLmPromptMethod::class_prototypes() {
  torch::NoGradGuard no_grad;
  return normalize_rows(label_word_prototypes(model(), words_));
}

nlohmann::json MaskedLmPromptMethod::export_metadata() const {
  return {{"template", template_->text()}, {"max_length", limits_.max_length}};
}

TextBatch MaskedLmPromptMethod::encode_texts(const std::vector<std::string>& texts) const {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& text : texts) pairs.emplace_back(text, text);
  int truncated = 0;
  return encode_text_batch(*template_, *backbone_->tokenizer, pairs, limits_,
                           backbone_->model->config().type_vocab_size, truncated)
      .to(device_);
}

TextBatch encode_text_batch(const LmTemplate& lm_template, const MaskedLmTokenizer& tokenizer,
                            const std::vector<std::pair<std::string, std::string>>& texts, const TemplateLimits& limits,
                            int segments, int& truncated) {
  std::vector<EncodedPrompt> encoded;
  encoded.reserve(texts.size());
  std::size_t longest = 1;
  for (const auto& [text_a, text_b] : texts) {
    encoded.push_back(lm_template.encode(tokenizer, text_a, text_b, limits));
    longest = std::max(longest, encoded.back().ids.size());
    truncated += encoded.back().truncated ? 1 : 0;
  }
  const auto rows = static_cast<std::int64_t>(texts.size()), length = static_cast<std::int64_t>(longest);
  std::vector<std::int64_t> ids(static_cast<std::size_t>(rows * length), tokenizer.special_ids().pad);
  std::vector<std::int64_t> mask(ids.size(), 0), types(ids.size(), 0), positions(static_cast<std::size_t>(rows));
  for (std::int64_t r = 0; r < rows; ++r) {
    const auto& prompt = encoded[static_cast<std::size_t>(r)];
    for (std::size_t t = 0; t < prompt.ids.size(); ++t) {
      const auto at = static_cast<std::size_t>(r * length) + t;
      ids[at] = prompt.ids[t];
      mask[at] = 1;
      // Segments past the model's table (a template with several sep+) share its last row.
      types[at] = std::min(prompt.token_types[t], segments - 1);
    }
    positions[static_cast<std::size_t>(r)] = prompt.mask_position;
  }
  TextBatch batch;
  batch.ids = torch::tensor(ids, torch::kInt64).view({rows, length});
  batch.attention_mask = torch::tensor(mask, torch::kInt64).view({rows, length});
  batch.token_types = torch::tensor(types, torch::kInt64).view({rows, length});
  batch.mask_positions = torch::tensor(positions, torch::kInt64);
  return batch;
}

}  // namespace promptune
