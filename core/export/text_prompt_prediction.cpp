#include "core/export/text_prompt_prediction.h"

#include "core/data/text_dataset.h"
#include "core/export/prompt_file.h"
#include "core/methods/mlm_prompting.h"
#include "core/methods/zero_shot.h"
#include "core/models/masked_lm_backbone.h"
#include "core/util/error.h"

namespace promptune {

namespace fs = std::filesystem;

namespace {

void check_text_backbone(const PromptFile& prompt, const MaskedLmBackbone& backbone, const fs::path& file) {
  const auto& recorded = prompt.metadata.value("backbone", nlohmann::json::object());
  if (recorded.value("kind", "") != "masked_lm")
    throw file_error(file, "was trained on a CLIP backbone; classify images with --images");
  if (recorded.value("weights_hash", "") != backbone.identity.weights_hash)
    throw file_error(file, "was trained on " + recorded.value("name", std::string("another model")) + " (weights " +
                               recorded.value("weights_hash", std::string("?")).substr(0, 12) +
                               "), not on these weights (" + backbone.identity.weights_hash.substr(0, 12) +
                               "); learned prompts only work with the weights they were trained with");
  if (recorded.value("tokenizer", "") != backbone.tokenizer->fingerprint())
    throw file_error(file, "was trained with another tokenizer vocabulary; the label-word ids would not match");
}

std::string column(const std::string& requested, const nlohmann::json& session_text, const char* key) {
  return requested.empty() ? session_text.value(key, std::string()) : requested;
}

std::string shortened(const std::string& text) {
  return text.size() <= 80 ? text : text.substr(0, 77) + "...";
}

}  // namespace

ZeroShotResult run_text_prompt_prediction(const TextPredictionRequest& request, const ProgressCallback& progress) {
  torch::NoGradGuard no_grad;
  const PromptFile prompt = load_prompt_file(request.prompt);
  auto backbone = MaskedLmBackbone::load(request.backbone);
  check_text_backbone(prompt, *backbone, request.prompt);

  ZeroShotResult result;
  result.backbone_description = backbone->describe();
  result.warnings = backbone->warnings;
  result.class_names = prompt.class_names();
  const auto class_ids = prompt.metadata.value("class_ids", result.class_names);
  const auto& text = prompt.metadata.at("text");
  const auto template_text = text.at("template").get<std::string>();
  result.templates = {template_text};
  const LmTemplate lm_template = LmTemplate::parse(template_text);
  std::vector<std::pair<std::string, std::vector<std::string>>> label_words;
  for (const auto& [id, words] : text.at("label_words").items())
    label_words.emplace_back(id, words.get<std::vector<std::string>>());
  const Verbalizer verbalizer = Verbalizer::build(class_ids, result.class_names, label_words, *backbone->tokenizer);
  TemplateLimits limits;
  limits.max_length = text.value("max_length", limits.max_length);
  limits.first_sentence_limit = text.value("first_sentence_limit", 0);
  limits.other_sentence_limit = text.value("other_sentence_limit", 0);

  const auto session_text =
      prompt.metadata.value("session", nlohmann::json::object()).value("text", nlohmann::json::object());
  const auto columns = session_text.value("columns", nlohmann::json::object());
  TextDatasetOptions options;
  options.text_column = column(request.text_column, columns, "text");
  options.pair_column = column(request.pair_column, columns, "pair");
  options.label_column = column(request.label_column, columns, "label");
  options.classes = class_ids;
  options.labeled = false;
  const TextDataset dataset = load_text_dataset(request.texts, options);
  for (const auto& skipped : dataset.report.skipped) result.skipped.push_back(skipped.where + ": " + skipped.reason);
  if (dataset.samples.empty()) throw file_error(request.texts, "holds no text to classify");

  MethodSetup setup;
  setup.language_model = backbone.get();
  setup.text_template = &lm_template;
  setup.verbalizer = &verbalizer;
  setup.text_limits = limits;
  setup.class_names = result.class_names;
  auto method = restore_prompt_method(prompt, setup, request.prompt);

  const int segments = backbone->model->config().type_vocab_size;
  const auto batch_size = static_cast<std::size_t>(std::max(1, request.batch_size));
  std::vector<torch::Tensor> probabilities;
  int truncated = 0;
  method->begin_evaluation();
  for (std::size_t begin = 0; begin < dataset.samples.size(); begin += batch_size) {
    const std::size_t end = std::min(dataset.samples.size(), begin + batch_size);
    std::vector<std::pair<std::string, std::string>> texts;
    for (std::size_t i = begin; i < end; ++i) texts.emplace_back(dataset.samples[i].text_a, dataset.samples[i].text_b);
    MethodBatch batch;
    batch.text = encode_text_batch(lm_template, *backbone->tokenizer, texts, limits, segments, truncated);
    probabilities.push_back(torch::softmax(method->logits(batch).to(torch::kFloat32), 1));
    if (progress) progress(static_cast<int>(end), static_cast<int>(dataset.samples.size()));
  }
  method->end_evaluation();
  if (truncated > 0)
    result.warnings.push_back(std::to_string(truncated) + " text(s) were longer than " +
                              std::to_string(limits.max_length) + " tokens and were shortened");

  std::vector<PredictedItem> items;
  for (const auto& sample : dataset.samples)
    items.push_back({"line " + std::to_string(sample.line) + ": " + shortened(sample.text_a), sample.label});
  add_predictions(result, torch::cat(probabilities), items);
  return result;
}

}  // namespace promptune
