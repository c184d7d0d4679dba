// The masked-LM parts of the runner: loading a BERT/RoBERTa session's backbone, template, label words and text,
// and its zero-shot baseline. The training loop, evaluation and export are shared with CLIP sessions.

#include <algorithm>
#include <sstream>

#include "core/export/peft_adapter.h"
#include "core/methods/mlm_zero_shot.h"
#include "core/train/run_evaluation.h"
#include "core/train/session_runner.h"
#include "core/util/join.h"

namespace promptune {

void SessionRunner::load_text_inputs() {
  progress("loading", 0, 1, -1.0);
  language_model_ = MaskedLmBackbone::load(config_.backbone);
  for (const auto& warning : language_model_->warnings) log(LogLevel::Warning, warning);
  log(LogLevel::Info, "backbone: " + language_model_->describe());
  language_model_->model->to(device_);
  if (config_.training.augmentation != "none")
    throw Error("training.augmentation: \"" + config_.training.augmentation +
                "\" augments images; masked-LM sessions take \"none\"");
  text_template_.emplace(LmTemplate::parse(config_.text.template_text));
  const int positions = language_model_->model->config().usable_positions();
  text_limits_.max_length = config_.text.max_length;
  if (text_limits_.max_length == 0) {
    const int virtual_tokens = config_.method_options.value("virtual_tokens", 0);
    text_limits_.max_length = std::min(128, positions - virtual_tokens);
    if (text_limits_.max_length < 128)
      log(LogLevel::Info, "text.max_length: " + std::to_string(text_limits_.max_length) + " (the model's " +
                              std::to_string(positions) + " positions" +
                              (virtual_tokens ? " less " + std::to_string(virtual_tokens) + " virtual tokens" : "") +
                              ")");
  }
  if (text_limits_.max_length < 4)
    throw Error("text.max_length: " + std::to_string(text_limits_.max_length) + " tokens leave no room for text");
  text_limits_.first_sentence_limit = config_.text.first_sentence_limit;
  text_limits_.other_sentence_limit = config_.text.other_sentence_limit;
  text_limits_.error_when_too_long = config_.text.too_long == "error";
  if (text_limits_.max_length > positions)
    throw Error("text.max_length: " + std::to_string(text_limits_.max_length) + " is more than the " +
                std::to_string(positions) + " positions " + language_model_->identity.name + " has");

  data_ = load_text_run_data(config_);
  for (const auto& note : data_.notes) log(LogLevel::Warning, note);
  if (config_.text.label_words.empty())
    log(LogLevel::Warning,
        "text.label_words is not set: each class's name is its label word (" + join(data_.class_names) +
            "); for labels such as 0/1 set words that fill the template's mask, e.g. {\"0\": \"terrible\", "
            "\"1\": \"great\"}");
  verbalizer_.emplace(
      Verbalizer::build(data_.class_ids, data_.class_names, config_.text.label_words, *language_model_->tokenizer));
  std::ostringstream words;
  words << "template \"" << text_template_->text() << "\"; label words:";
  for (std::size_t c = 0; c < data_.class_ids.size(); ++c) {
    words << (c ? "," : "") << " " << data_.class_ids[c] << " ->";
    for (const auto& word : verbalizer_->words[c]) words << " " << word;
  }
  log(LogLevel::Info, words.str());
  if (resume_folder_.empty()) folder_->write_json("data.json", data_.record());
  std::ostringstream counts;
  counts << data_.class_names.size() << " classes; train " << data_.train.size() << ", validation "
         << data_.validation.size() << ", target " << data_.target.size() << " texts";
  log(LogLevel::Info, counts.str());
  progress("encoding text", 0, 1, -1.0);
  for (const auto& note : encode_text_splits(data_, *text_template_, *language_model_->tokenizer, text_limits_,
                                             language_model_->model->config().type_vocab_size, device_))
    log(LogLevel::Warning, note);
}

void SessionRunner::run_text_baseline() {
  progress("baseline", 0, 1, -1.0);
  MethodSetup setup = method_setup();
  setup.options = {{"calibration", config_.text.calibration}};
  MlmZeroShotMethod zero_shot(setup);
  zero_shot.prepare({}, {}, [&](const std::string& message) { log(LogLevel::Info, "baseline " + message); });
  for (const RunSplit* split : {&data_.train, &data_.validation, &data_.target}) {
    if (split->empty() || !split->has_labels()) continue;
    const auto result =
        evaluate_split(zero_shot, *split, static_cast<int>(data_.class_names.size()), device_, precision_);
    baseline_[split->name] = result.accuracy;
    metric("zero_shot/" + split->name + "/accuracy", result.accuracy);
  }
  folder_->write_json("baseline.json", baseline_);
}

MethodSetup SessionRunner::method_setup() const {
  MethodSetup setup;
  setup.backbone = backbone_.get();
  setup.language_model = language_model_.get();
  setup.text_template = text_template_ ? &*text_template_ : nullptr;
  setup.verbalizer = verbalizer_ ? &*verbalizer_ : nullptr;
  setup.text_limits = text_limits_;
  setup.class_names = data_.class_names;
  setup.templates = templates_;
  setup.options = config_.method_options;
  setup.device = device_;
  setup.seed = config_.seed;
  return setup;
}

nlohmann::json SessionRunner::text_prompt_metadata() const {
  const auto& identity = language_model_->identity;
  nlohmann::json label_words = nlohmann::json::object();
  for (std::size_t c = 0; c < data_.class_ids.size(); ++c) label_words[data_.class_ids[c]] = verbalizer_->words[c];
  return {{"backbone",
           {{"kind", "masked_lm"},
            {"name", identity.name},
            {"weights_hash", identity.weights_hash},
            {"architecture", language_model_->model->config().summary()},
            {"hidden_size", language_model_->model->config().hidden_size},
            {"layers", language_model_->model->config().layers},
            {"heads", language_model_->model->config().heads},
            {"tokenizer", language_model_->tokenizer->fingerprint()}}},
          {"text",
           {{"template", text_template_->text()},
            {"label_words", label_words},
            {"max_length", text_limits_.max_length},
            {"first_sentence_limit", text_limits_.first_sentence_limit},
            {"other_sentence_limit", text_limits_.other_sentence_limit},
            {"calibration", config_.text.calibration}}}};
}

void SessionRunner::export_peft_adapter(const PromptFile& prompt, const std::filesystem::path& file) {
  const auto folder = folder_->path() / "peft";
  write_peft_adapter(folder, peft_adapter_from_prompt(prompt, file));
  log(LogLevel::Info, "Hugging Face PEFT adapter: " + folder.string() + " (PeftModel.from_pretrained)");
  if (config_.method == "prefix_tuning")
    log(LogLevel::Warning,
        "the PEFT prefix adapter matches PEFT's file format, but transformers' masked-LM classes may not accept "
        "prefixes at run time (RobertaForMaskedLM has no past_key_values); the prompt file works in Promptune");
}

}  // namespace promptune
