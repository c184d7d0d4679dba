#include "core/train/session_runner.h"

#include <chrono>
#include <cmath>
#include <sstream>

#include "core/export/peft_adapter.h"
#include "core/export/prompt_file.h"
#include "core/methods/method_registry.h"
#include "core/methods/zero_shot.h"
#include "core/system/cpu_allocator.h"
#include "core/text/prompt_templates.h"
#include "core/train/learning_rate.h"
#include "core/train/optimizer.h"
#include "core/train/run_data.h"
#include "core/train/run_evaluation.h"
#include "core/train/run_folder.h"
#include "core/util/error.h"
#include "promptune/version.h"

namespace promptune {
void SessionRunner::open_folder() {
  if (resume_folder_.empty()) {
    folder_.emplace(RunFolder::create(config_.output, config_.name));
    folder_->write_json("config.json", config_.to_json());
  } else {
    folder_.emplace(RunFolder::open(resume_folder_));
    const std::string state = folder_->state();
    if (state == "finished")
      throw Error(resume_folder_.string() + ": this run has already finished; start a new run instead");
    for (const auto& name : folder_->remove_interrupted_writes())
      log(LogLevel::Warning, "removed " + name + ", a file the interrupted run had not finished writing");
    try {
      config_ = SessionConfig::from_json(folder_->read_json("config.json"));
    } catch (const Error& error) {
      throw file_error(folder_->config_file(), error.what());
    }
  }
  folder_->write_state("running");
  log(LogLevel::Info, "run folder: " + folder_->path().string());
}

void SessionRunner::choose_device() {
  const bool cuda = torch::cuda::is_available();
  if (config_.device == "auto") {
    device_ = cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  } else if (config_.device == "cpu") {
    device_ = torch::kCPU;
  } else {
    if (!cuda)
      throw Error("device: \"" + config_.device +
                  "\" was asked for, but this LibTorch build has no CUDA or no GPU is visible; use \"cpu\" or "
                  "\"auto\"");
    try {
      device_ = torch::Device(config_.device);
    } catch (const c10::Error&) {
      throw Error("device: \"" + config_.device + "\" is not a device name (cpu, cuda, cuda:0, ...)");
    }
    if (device_.index() >= static_cast<int>(torch::cuda::device_count()))
      throw Error("device: " + config_.device + " does not exist; this machine has " +
                  std::to_string(torch::cuda::device_count()) + " CUDA device(s)");
  }
  precision_ = parse_precision(config_.precision);
  if (precision_ != Precision::Float32 && !device_.is_cuda()) {
    log(LogLevel::Warning,
        std::string("precision ") + precision_name(precision_) + " needs CUDA; running in fp32 on the CPU");
    precision_ = Precision::Float32;
  }
  log(LogLevel::Info, "device: " + device_.str() + ", precision " + precision_name(precision_));
}

void SessionRunner::load_inputs() {
  if (is_masked_lm_folder(config_.backbone)) return load_text_inputs();
  progress("loading", 0, 1, -1.0);
  backbone_ = ClipBackbone::load(config_.backbone, {config_.tokenizer, true});
  backbone_->model->eval();
  for (const auto& warning : backbone_->warnings) log(LogLevel::Warning, warning);
  log(LogLevel::Info, "backbone: " + backbone_->describe());
  if (config_.text.template_text != TextPromptConfig{}.template_text || !config_.text.label_words.empty())
    log(LogLevel::Warning,
        "the session's \"text\" block is for masked-LM backbones; this CLIP session uses "
        "\"templates\" and the class names instead");
  backbone_->model->to(device_);
  templates_ = load_templates(config_.templates);

  data_ = load_run_data(config_);
  for (const auto& note : data_.notes) log(LogLevel::Warning, note);
  if (resume_folder_.empty()) folder_->write_json("data.json", data_.record());
  std::ostringstream counts;
  counts << data_.class_names.size() << " classes; train " << data_.train.samples.size() << ", validation "
         << data_.validation.samples.size() << ", target " << data_.target.samples.size() << " images";
  log(LogLevel::Info, counts.str());

  auto cache = open_feature_cache(config_, *backbone_, Augmentation{});
  long long total = 0, done_before = 0;
  for (const RunSplit* split : {&data_.train, &data_.validation, &data_.target})
    total += static_cast<long long>(split->samples.size());
  torch::NoGradGuard no_grad;
  AutocastScope autocast(device_, precision_);
  for (RunSplit* split : {&data_.train, &data_.validation, &data_.target}) {
    const StepClock clock;
    const long long samples = static_cast<long long>(split->samples.size());
    const auto encoding = encode_split(*split, *backbone_, *cache, device_, [&](long long done, long long count) {
      progress("encoding images", done_before + done, total, clock.remaining_seconds(done, count));
    });
    done_before += samples;
    for (const auto& line : encoding.skipped) log(LogLevel::Warning, "skipped " + line);
    if (encoding.from_cache > 0)
      log(LogLevel::Info, "data." + split->name + ": " + std::to_string(encoding.from_cache) + " of " +
                              std::to_string(samples) + " image features from the feature cache");
  }
  cache->flush();
}

void SessionRunner::record_or_check_backbone() {
  const std::string name = backbone_ ? backbone_->identity.name : language_model_->identity.name;
  const std::string hash = backbone_ ? backbone_->identity.weights_hash : language_model_->identity.weights_hash;
  const auto record = folder_->path() / "backbone.json";
  if (resume_folder_.empty() || !std::filesystem::exists(record)) {
    folder_->write_json("backbone.json", {{"name", name}, {"path", config_.backbone.string()}, {"weights_hash", hash}});
    return;
  }
  const nlohmann::json recorded = folder_->read_json("backbone.json");
  const std::string before = recorded.contains("weights_hash") && recorded["weights_hash"].is_string()
                                 ? recorded["weights_hash"].get<std::string>()
                                 : std::string();
  if (before.empty() || hash.empty() || before == hash) return;
  throw Error("the backbone at " + config_.backbone.string() + " has changed since this run started (weights SHA-256 " +
              before.substr(0, 12) + "... then, " + hash.substr(0, 12) +
              "... now): resuming would continue the prompts in another model's embedding space. Put the original "
              "weights back, or start a new run");
}

void SessionRunner::run_baseline() {
  if (!resume_folder_.empty() && std::filesystem::exists(folder_->path() / "baseline.json")) {
    baseline_ = folder_->read_json("baseline.json");
    return;
  }
  if (language_model_) return run_text_baseline();
  progress("baseline", 0, 1, -1.0);
  torch::NoGradGuard no_grad;
  AutocastScope autocast(device_, precision_);
  const ZeroShotClassifier classifier = build_zero_shot_classifier(*backbone_, data_.class_names, templates_);
  for (const RunSplit* split : {&data_.train, &data_.validation, &data_.target}) {
    if (split->empty() || !split->has_labels()) continue;
    const auto logits = classifier.logits(split->features);
    const double accuracy = split_accuracy(logits.argmax(1), split->labels);
    baseline_[split->name] = accuracy;
    metric("zero_shot/" + split->name + "/accuracy", accuracy);
  }
  folder_->write_json("baseline.json", baseline_);
}

void SessionRunner::evaluate_and_report() {
  progress("evaluating", step_, step_, -1.0);
  std::map<std::string, SplitEvaluation> results;
  for (const RunSplit* split : {&data_.train, &data_.validation, &data_.target}) {
    if (split->empty()) continue;
    auto result = evaluate_split(*method_, *split, static_cast<int>(data_.class_names.size()), device_, precision_,
                                 image_input_ ? &backbone_->preprocessing : nullptr);
    if (result.accuracy >= 0.0) {
      tuned_[split->name] = result.accuracy;
      metric(split->name + "/accuracy", result.accuracy);
      if (language_model_) {  // text benchmarks score paraphrase by F1 and acceptability by Matthews correlation
        metric(split->name + "/macro_f1", result.macro_f1);
        metric(split->name + "/matthews", result.matthews);
      }
      if (split->name != "train") {
        for (std::size_t k = 0; k < result.per_class.size(); ++k)
          if (result.per_class[k] >= 0.0)
            metric(split->name + "/accuracy/" + data_.class_names[k], result.per_class[k]);
      }
    }
    results.emplace(split->name, std::move(result));
  }
  emit(embedding_snapshot(*method_, data_, results, config_.evaluation.embedding_samples, step_));
  report_diagnostics();
  report_unsupervised_objective();
  last_evaluated_step_ = step_;
}

std::filesystem::path SessionRunner::export_prompt(bool cancelled) {
  PromptFile prompt;
  prompt.tensors = method_->state();
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& split : summary())
    metrics[split.split] = {{"samples", split.samples},
                            {"zero_shot_accuracy", split.zero_shot_accuracy},
                            {"tuned_accuracy", split.tuned_accuracy}};
  prompt.metadata = {{"method", config_.method},
                     {"method_options", config_.method_options},
                     {"method_metadata", method_->export_metadata()},
                     {"backbone", backbone_ ? backbone_metadata(*backbone_) : nlohmann::json()},
                     {"class_ids", data_.class_ids},
                     {"class_names", data_.class_names},
                     {"templates", templates_},
                     {"metrics", metrics},
                     {"session", config_.to_json()},
                     {"seeds", {{"data", config_.data_seed}, {"training", config_.seed}}},
                     {"steps", step_},
                     {"selection", selection_},
                     {"status", cancelled ? "cancelled" : "finished"},
                     {"application", std::string(kApplicationName) + " " + kVersion}};
  if (language_model_) prompt.metadata.update(text_prompt_metadata());  // backbone and text facts
  const auto file = folder_->prompt_file(config_.name);
  save_prompt_file(file, prompt);
  if (language_model_ && has_peft_form(config_.method)) export_peft_adapter(prompt, file);
  return file;
}

std::vector<SplitSummary> SessionRunner::summary() const {
  std::vector<SplitSummary> rows;
  for (const RunSplit* split : {&data_.train, &data_.validation, &data_.target}) {
    if (split->empty() || !split->has_labels()) continue;
    SplitSummary row;
    row.split = split->name;
    row.samples = static_cast<int>(split->size());
    row.zero_shot_accuracy = baseline_.value(split->name, -1.0);
    const auto tuned = tuned_.find(split->name);
    row.tuned_accuracy = tuned == tuned_.end() ? -1.0 : tuned->second;
    rows.push_back(row);
  }
  return rows;
}

namespace {

bool is_out_of_memory(const std::exception& error) {
  if (dynamic_cast<const c10::OutOfMemoryError*>(&error) || dynamic_cast<const std::bad_alloc*>(&error)) return true;
  // LibTorch 1.13's CPU allocator reports a failed allocation as a plain c10::Error.
  const auto* torch_error = dynamic_cast<const c10::Error*>(&error);
  return torch_error &&
         std::string(torch_error->what_without_backtrace()).find("can't allocate memory") != std::string::npos;
}

}  // namespace

std::string SessionRunner::failure_message(const std::exception& error) const {
  const auto* torch_error = dynamic_cast<const c10::Error*>(&error);
  const std::string reason =
      torch_error ? std::string("LibTorch: ") + torch_error->what_without_backtrace() : std::string(error.what());
  if (!is_out_of_memory(error)) return reason;
  const bool cuda = device_.is_cuda();
  std::ostringstream message;
  message << (cuda ? "out of GPU memory on " : "out of memory on ") << device_.str()
          << (step_ > 0 ? " after training step " + std::to_string(step_) : std::string(" before training"))
          << " (batch size " << config_.training.batch_size << ", precision " << precision_name(precision_)
          << "): " << reason << ". ";
  if (last_checkpoint_.empty())
    message << "No checkpoint was written yet. ";
  else
    message << "The last checkpoint, " << last_checkpoint_.filename().string()
            << ", is kept; resuming continues from it. ";
  message << "To go on, free memory (other programs using the " << (cuda ? "GPU" : "machine's memory")
          << ") and resume the run, or start a new run with a smaller training.batch_size";
  if (cuda && precision_ == Precision::Float32) message << ", precision \"bf16\" or \"fp16\"";
  message << " or a smaller backbone.";
  return message.str();
}

RunOutcome SessionRunner::run() {
  RunOutcome outcome;
  try {
    open_folder();
    outcome.run_folder = folder_->path();
    choose_device();
    torch::manual_seed(config_.seed);
    load_inputs();
    record_or_check_backbone();
    run_baseline();
    method_ = create_method(config_.method, method_setup());
    image_input_ = method_->description().input == MethodInput::Images;
    unlabeled_training_ = method_->description().training_data == TrainingData::UnlabeledTarget;
    if (unlabeled_training_ && !data_.train.empty())
      log(LogLevel::Warning, config_.method + " adapts to the target data without labels; data.train is not used");
    const bool gradient = method_->description().trains_by_gradient;
    if (gradient) scaler_ = std::make_unique<LossScaler>(device_.is_cuda() && precision_ == Precision::Float16);
    bool restored = false;
    if (!resume_folder_.empty() && gradient) restored = restore_checkpoint();
    prepare_method(restored);
    // After prepare(): some methods only know their trainable tensors once they have seen the data (Tip-Adapter-F).
    if (gradient) {
      optimizer_ = std::make_unique<Optimizer>(method_->parameter_groups(), config_.training);
      if (restored) optimizer_->load_state(restored_optimizer_state_);
      restored_optimizer_state_.clear();
    }
    if (!restored) report_diagnostics();  // at initialisation (step 0), before the first update
    bool completed = true;
    if (gradient)
      completed = train();
    else
      fit();

    const bool cancelled = !completed;
    if (cancelled) {
      save_checkpoint(epoch_, step_in_epoch_);
      log(LogLevel::Info, "cancelled at step " + std::to_string(step_) + "; resume with the run folder");
    } else if (gradient) {
      bool changed = select_final_weights();
      FeatureSet validation;
      if (!data_.validation.empty() && data_.validation.has_labels() && !unlabeled_training_)
        validation = {data_.validation.features, data_.validation.labels};
      changed |= method_->end_training(validation, [&](const std::string& message) { log(LogLevel::Info, message); });
      if (changed) last_evaluated_step_ = -1;  // evaluate the final weights again
    }
    if (last_evaluated_step_ != step_ || !gradient) evaluate_and_report();
    if (gradient && !cancelled && last_checkpoint_.empty()) save_checkpoint(epoch_, step_in_epoch_);
    outcome.prompt_file = export_prompt(cancelled);
    outcome.summary = summary();
    outcome.cancelled = cancelled;
    outcome.succeeded = true;
    folder_->write_state(cancelled ? "cancelled" : "finished",
                         {{"step", step_}, {"prompt_file", outcome.prompt_file.filename().string()}});
    FinishedEvent finished;
    finished.cancelled = cancelled;
    finished.run_folder = folder_->path();
    finished.prompt_file = outcome.prompt_file;
    finished.summary = outcome.summary;
    finished.steps = step_;
    finished.seconds = seconds_since(started_);
    log(LogLevel::Info,
        std::string(cancelled ? "cancelled" : "finished") + "; prompt file " + outcome.prompt_file.string());
    emit(finished);
  } catch (const std::exception& error) {
    const std::string message = failure_message(error);
    outcome.succeeded = false;
    outcome.error = message;
    if (folder_) {
      try {
        folder_->write_state("failed", {{"step", step_}, {"message", message}});
        folder_->append_log({LogLevel::Error, message});
      } catch (const std::exception&) {
        // The run folder itself is the problem; the Failed event still reports it.
      }
    }
    emit(FailedEvent{message, last_checkpoint_, folder_ ? folder_->path() : std::filesystem::path()});
  }
  return outcome;
}

RunOutcome run_session(const RunRequest& request, const RunObserver& observer, RunControl& control) {
  RunOutcome outcome;
  {
    SessionRunner runner(request, observer, control);
    outcome = runner.run();
  }
  // The run's activations were cached for reuse between its steps; an idle application should not hold them.
  release_cached_cpu_memory();
  return outcome;
}

}  // namespace promptune
