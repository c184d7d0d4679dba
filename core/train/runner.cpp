#include "core/train/runner.h"

#include <chrono>
#include <cmath>
#include <sstream>

#include "core/export/prompt_file.h"
#include "core/methods/method_registry.h"
#include "core/methods/zero_shot.h"
#include "core/text/prompt_templates.h"
#include "core/train/learning_rate.h"
#include "core/train/optimizer.h"
#include "core/train/run_data.h"
#include "core/train/run_evaluation.h"
#include "core/train/run_folder.h"
#include "core/util/error.h"
#include "promptune/version.h"

namespace promptune {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Raised inside the loop to stop with a message; the runner turns it into a Failed event.
struct TrainingStopped : Error {
  using Error::Error;
};

}  // namespace

class SessionRunner {
 public:
  SessionRunner(const RunRequest& request, const RunObserver& observer, RunControl& control)
      : config_(request.config), resume_folder_(request.resume_folder), observer_(observer), control_(control) {}

  RunOutcome run();

 private:
  void emit(const RunEvent& event) {
    if (observer_) observer_(event);
  }
  void log(LogLevel level, const std::string& message) {
    const LogEvent event{level, message};
    if (folder_) folder_->append_log(event);
    emit(event);
  }
  void metric(const std::string& name, double value) {
    const MetricEvent event{name, value, step_, epoch_ + 1};
    if (folder_) folder_->append_metric(event);
    emit(event);
  }
  void progress(const std::string& phase, long long done, long long total, double eta) {
    ProgressEvent event;
    event.phase = phase;
    event.done = done;
    event.total = total;
    event.epoch = std::min(epoch_ + 1, config_.training.epochs);
    event.epochs = config_.training.epochs;
    event.elapsed_seconds = seconds_since(started_);
    event.eta_seconds = eta;
    emit(event);
  }

  void open_folder();
  void choose_device();
  void load_inputs();
  void run_baseline();
  /// Returns false when cancelled before the last step.
  bool train();
  void fit();
  void evaluate_and_report();
  void save_checkpoint(int next_epoch, int next_step_in_epoch);
  void restore_checkpoint();
  std::filesystem::path export_prompt(bool cancelled);
  std::vector<SplitSummary> summary() const;
  MethodBatch training_batch(const std::vector<int>& order, int step_in_epoch, ImageBatchLoader* loader);

  SessionConfig config_;
  std::filesystem::path resume_folder_;
  RunObserver observer_;
  RunControl& control_;
  Clock::time_point started_ = Clock::now();

  std::optional<RunFolder> folder_;
  torch::Device device_ = torch::kCPU;
  Precision precision_ = Precision::Float32;
  std::unique_ptr<ClipBackbone> backbone_;
  RunData data_;
  std::unique_ptr<PromptMethod> method_;
  std::unique_ptr<Optimizer> optimizer_;
  std::unique_ptr<LossScaler> scaler_;
  std::vector<std::string> templates_;
  nlohmann::json baseline_ = nlohmann::json::object();
  std::map<std::string, double> tuned_;

  long long step_ = 0;
  int epoch_ = 0, step_in_epoch_ = 0;
  double epoch_loss_sum_ = 0.0;
  long long epoch_correct_ = 0, epoch_seen_ = 0;
  long long last_evaluated_step_ = -1;
  std::filesystem::path last_checkpoint_;
};

void SessionRunner::open_folder() {
  if (resume_folder_.empty()) {
    folder_.emplace(RunFolder::create(config_.output, config_.name));
    folder_->write_json("config.json", config_.to_json());
  } else {
    folder_.emplace(RunFolder::open(resume_folder_));
    const std::string state = folder_->state();
    if (state == "finished")
      throw Error(resume_folder_.string() + ": this run has already finished; start a new run instead");
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
  progress("loading", 0, 1, -1.0);
  backbone_ = ClipBackbone::load(config_.backbone, {config_.tokenizer, true});
  backbone_->model->eval();
  for (const auto& warning : backbone_->warnings) log(LogLevel::Warning, warning);
  log(LogLevel::Info, "backbone: " + backbone_->describe());
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
    const auto start = Clock::now();
    const auto skipped = encode_split(*split, *backbone_, *cache, device_, [&](long long done, long long count) {
      const double elapsed = seconds_since(start);
      const double eta = done > 0 ? elapsed / static_cast<double>(done) * static_cast<double>(count - done) : -1.0;
      progress("encoding images", done_before + done, total, eta);
    });
    done_before += static_cast<long long>(split->samples.size());
    for (const auto& line : skipped) log(LogLevel::Warning, "skipped " + line);
  }
  cache->flush();
}

void SessionRunner::run_baseline() {
  if (!resume_folder_.empty() && std::filesystem::exists(folder_->path() / "baseline.json")) {
    baseline_ = folder_->read_json("baseline.json");
    return;
  }
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

MethodBatch SessionRunner::training_batch(const std::vector<int>& order, int step_in_epoch, ImageBatchLoader* loader) {
  MethodBatch batch;
  if (loader == nullptr) {
    const int size = static_cast<int>(order.size());
    const int begin = step_in_epoch * config_.training.batch_size;
    const int end = std::min(size, begin + config_.training.batch_size);
    const auto rows =
        torch::tensor(std::vector<std::int64_t>(order.begin() + begin, order.begin() + end), torch::kInt64).to(device_);
    batch.features = data_.train.features.index_select(0, rows);
    batch.labels = data_.train.labels.index_select(0, rows);
    return batch;
  }
  auto loaded = loader->next();
  if (!loaded) throw TrainingStopped("the image loader ended early");
  for (const auto& item : loaded->skipped) log(LogLevel::Warning, "skipped " + item.where + ": " + item.reason);
  if (loaded->images.size(0) == 0) return batch;
  torch::NoGradGuard no_grad;
  AutocastScope autocast(device_, precision_);
  batch.features = backbone_->model->encode_image(loaded->images.to(device_)).features.to(torch::kFloat32);
  batch.labels = loaded->labels.to(device_);
  return batch;
}

bool SessionRunner::train() {
  const TrainingConfig& training = config_.training;
  const int samples = static_cast<int>(data_.train.samples.size());
  // Dassl drops the last partial batch only when there is at least one full batch.
  const bool drop_last = samples >= training.batch_size;
  const int steps_per_epoch = drop_last ? samples / training.batch_size : 1;
  long long total_steps = static_cast<long long>(training.epochs) * steps_per_epoch;
  if (training.max_steps > 0) total_steps = std::min<long long>(total_steps, training.max_steps);
  const bool augment = training.augmentation != "none";
  const long long first_step = step_;
  const auto training_started = Clock::now();
  log(LogLevel::Info,
      "training: " + std::to_string(total_steps) + " steps (" + std::to_string(steps_per_epoch) + " per epoch), " +
          (augment ? "augmented images re-encoded every step" : "frozen image features from the cache"));

  for (; epoch_ < training.epochs && step_ < total_steps; ++epoch_) {
    const auto order = epoch_order(samples, true, config_.seed, epoch_);
    std::unique_ptr<ImageBatchLoader> loader;
    if (augment) {
      ImageLoaderOptions options;
      options.batch_size = training.batch_size;
      options.shuffle = true;
      options.drop_last = drop_last;
      options.seed = config_.seed;
      options.epoch = epoch_;
      options.first_batch = step_in_epoch_;
      options.pin_memory = device_.is_cuda();
      options.preprocessing = backbone_->preprocessing;
      options.augmentation.random_resized_crop = options.augmentation.horizontal_flip = true;
      loader = std::make_unique<ImageBatchLoader>(data_.train.samples, options);
    }
    for (; step_in_epoch_ < steps_per_epoch && step_ < total_steps;) {
      if (control_.pause_requested()) {
        progress("paused", step_, total_steps, -1.0);
        log(LogLevel::Info, "paused at step " + std::to_string(step_));
        control_.wait_while_paused();
        if (!control_.cancel_requested()) log(LogLevel::Info, "resumed");
      }
      if (control_.cancel_requested()) return false;

      MethodBatch batch = training_batch(order, step_in_epoch_, loader.get());
      const double learning_rate = learning_rate_at(training, epoch_, step_in_epoch_, steps_per_epoch);
      optimizer_->zero_grad();
      LossOutput output;
      {
        AutocastScope autocast(device_, precision_);
        output = method_->loss(batch);
      }
      const double loss = output.loss.item<double>();
      if (!std::isfinite(loss) && !scaler_->enabled()) {
        std::ostringstream message;
        message << "training stopped at step " << step_ + 1 << " (epoch " << epoch_ + 1 << "): the loss became " << loss
                << ". "
                << (last_checkpoint_.empty() ? std::string("No checkpoint was written yet. ")
                                             : "The last good checkpoint is " + last_checkpoint_.string() + ". ")
                << "Lower the learning rate (now " << learning_rate
                << ") or set training.gradient_clip, then start again.";
        throw TrainingStopped(message.str());
      }
      (output.loss.to(torch::kFloat32) * scaler_->scale()).backward();
      if (scaler_->unscale_and_check(*optimizer_)) {
        const double norm = optimizer_->clip_gradients(training.gradient_clip);
        if (!std::isfinite(norm) && !scaler_->enabled())
          throw TrainingStopped("training stopped at step " + std::to_string(step_ + 1) +
                                ": the gradients became NaN or infinite. Lower the learning rate or set "
                                "training.gradient_clip.");
        optimizer_->step(learning_rate);
      } else {
        log(LogLevel::Warning, "fp16 gradients overflowed at step " + std::to_string(step_ + 1) +
                                   "; step skipped, loss scale lowered to " + std::to_string(scaler_->scale()));
      }
      ++step_;
      ++step_in_epoch_;
      if (output.logits.defined() && batch.labels.defined()) {
        epoch_correct_ += output.logits.argmax(1).eq(batch.labels).sum().item<std::int64_t>();
        epoch_seen_ += batch.labels.size(0);
      }
      epoch_loss_sum_ += loss;
      metric("train/loss", loss);
      metric("train/learning_rate", learning_rate);
      for (const auto& [name, term] : output.terms) metric("train/" + name, term.item<double>());
      const double elapsed = seconds_since(training_started);
      const long long done_here = step_ - first_step;
      progress("training", step_, total_steps,
               elapsed / static_cast<double>(done_here) * static_cast<double>(total_steps - step_));
    }
    if (step_in_epoch_ < steps_per_epoch) break;  // max_steps reached mid-epoch
    metric("train/epoch_loss", epoch_loss_sum_ / steps_per_epoch);
    if (epoch_seen_ > 0) metric("train/running_accuracy", static_cast<double>(epoch_correct_) / epoch_seen_);
    epoch_loss_sum_ = 0.0;
    epoch_correct_ = epoch_seen_ = 0;
    step_in_epoch_ = 0;
    const bool last = epoch_ + 1 == training.epochs || step_ >= total_steps;
    if ((epoch_ + 1) % config_.evaluation.every_epochs == 0 || last) evaluate_and_report();
    if ((epoch_ + 1) % config_.checkpoints.every_epochs == 0 || last) save_checkpoint(epoch_ + 1, 0);
  }
  return true;
}

void SessionRunner::fit() {
  progress("fitting", 0, 1, -1.0);
  FeatureSet train{data_.train.features, data_.train.labels};
  FeatureSet validation;
  if (!data_.validation.empty() && data_.validation.has_labels())
    validation = {data_.validation.features, data_.validation.labels};
  const auto start = Clock::now();
  method_->fit(
      train, validation,
      [&](long long done, long long total) {
        const double elapsed = seconds_since(start);
        progress("fitting", done, total,
                 done > 0 ? elapsed / static_cast<double>(done) * static_cast<double>(total - done) : -1.0);
      },
      [&](const std::string& message) { log(LogLevel::Info, message); });
}

void SessionRunner::evaluate_and_report() {
  progress("evaluating", step_, step_, -1.0);
  std::map<std::string, SplitEvaluation> results;
  for (const RunSplit* split : {&data_.train, &data_.validation, &data_.target}) {
    if (split->empty()) continue;
    auto result = evaluate_split(*method_, *split, static_cast<int>(data_.class_names.size()), device_, precision_);
    if (result.accuracy >= 0.0) {
      tuned_[split->name] = result.accuracy;
      metric(split->name + "/accuracy", result.accuracy);
      if (split->name != "train") {
        for (std::size_t k = 0; k < result.per_class.size(); ++k)
          if (result.per_class[k] >= 0.0)
            metric(split->name + "/accuracy/" + data_.class_names[k], result.per_class[k]);
      }
    }
    results.emplace(split->name, std::move(result));
  }
  emit(embedding_snapshot(*method_, data_, results, config_.evaluation.embedding_samples, step_));
  last_evaluated_step_ = step_;
}

void SessionRunner::save_checkpoint(int next_epoch, int next_step_in_epoch) {
  TensorMap tensors;
  for (const auto& [name, tensor] : method_->state()) tensors["method." + name] = tensor;
  if (optimizer_)
    for (const auto& [name, tensor] : optimizer_->state()) tensors["optimizer." + name] = tensor;
  const nlohmann::json position{{"format", "promptune-checkpoint"},
                                {"step", step_},
                                {"epoch", next_epoch},
                                {"step_in_epoch", next_step_in_epoch},
                                {"epoch_loss_sum", epoch_loss_sum_},
                                {"epoch_correct", epoch_correct_},
                                {"epoch_seen", epoch_seen_},
                                {"loss_scale", scaler_ ? scaler_->scale() : 1.0}};
  const auto file = folder_->checkpoint_file(step_);
  save_safetensors(file, tensors, {{"promptune", position.dump()}});
  folder_->prune_checkpoints(config_.checkpoints.keep);
  last_checkpoint_ = file;
}

void SessionRunner::restore_checkpoint() {
  auto files = folder_->checkpoints();
  for (auto file = files.rbegin(); file != files.rend(); ++file) {
    try {
      const TensorFile contents = load_safetensors(*file);
      const auto position = nlohmann::json::parse(contents.metadata.at("promptune"));
      TensorMap method_state, optimizer_state;
      for (const auto& [name, tensor] : contents.tensors) {
        if (name.rfind("method.", 0) == 0) method_state[name.substr(7)] = tensor;
        if (name.rfind("optimizer.", 0) == 0) optimizer_state[name.substr(10)] = tensor;
      }
      method_->load_state(method_state);
      if (optimizer_) optimizer_->load_state(optimizer_state);
      step_ = position.at("step").get<long long>();
      epoch_ = position.at("epoch").get<int>();
      step_in_epoch_ = position.at("step_in_epoch").get<int>();
      epoch_loss_sum_ = position.at("epoch_loss_sum").get<double>();
      epoch_correct_ = position.at("epoch_correct").get<long long>();
      epoch_seen_ = position.at("epoch_seen").get<long long>();
      if (scaler_) scaler_->set_scale(position.at("loss_scale").get<double>());
      folder_->truncate_metrics_after(step_, step_in_epoch_ != 0);
      last_checkpoint_ = *file;
      log(LogLevel::Info, "resumed from " + file->filename().string() + " (step " + std::to_string(step_) + ")");
      return;
    } catch (const std::exception& error) {
      log(LogLevel::Warning,
          "checkpoint " + file->string() + " cannot be used (" + error.what() + "); trying an older one");
    }
  }
  log(LogLevel::Warning, "no usable checkpoint; the run starts from the beginning");
  folder_->truncate_metrics_after(0);
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
                     {"backbone", backbone_metadata(*backbone_)},
                     {"class_ids", data_.class_ids},
                     {"class_names", data_.class_names},
                     {"templates", templates_},
                     {"metrics", metrics},
                     {"session", config_.to_json()},
                     {"seeds", {{"data", config_.data_seed}, {"training", config_.seed}}},
                     {"steps", step_},
                     {"status", cancelled ? "cancelled" : "finished"},
                     {"application", std::string(kApplicationName) + " " + kVersion}};
  const auto file = folder_->prompt_file(config_.name);
  save_prompt_file(file, prompt);
  return file;
}

std::vector<SplitSummary> SessionRunner::summary() const {
  std::vector<SplitSummary> rows;
  for (const RunSplit* split : {&data_.train, &data_.validation, &data_.target}) {
    if (split->empty() || !split->has_labels()) continue;
    SplitSummary row;
    row.split = split->name;
    row.samples = static_cast<int>(split->samples.size());
    row.zero_shot_accuracy = baseline_.value(split->name, -1.0);
    const auto tuned = tuned_.find(split->name);
    row.tuned_accuracy = tuned == tuned_.end() ? -1.0 : tuned->second;
    rows.push_back(row);
  }
  return rows;
}

RunOutcome SessionRunner::run() {
  RunOutcome outcome;
  try {
    open_folder();
    outcome.run_folder = folder_->path();
    choose_device();
    torch::manual_seed(config_.seed);
    load_inputs();
    run_baseline();
    MethodSetup setup;
    setup.backbone = backbone_.get();
    setup.class_names = data_.class_names;
    setup.templates = templates_;
    setup.options = config_.method_options;
    setup.device = device_;
    setup.seed = config_.seed;
    method_ = create_method(config_.method, setup);
    const bool gradient = method_->description().trains_by_gradient;
    if (gradient) {
      optimizer_ = std::make_unique<Optimizer>(method_->parameters(), config_.training);
      scaler_ = std::make_unique<LossScaler>(device_.is_cuda() && precision_ == Precision::Float16);
    }
    if (!resume_folder_.empty() && gradient) restore_checkpoint();
    bool completed = true;
    if (gradient)
      completed = train();
    else
      fit();

    const bool cancelled = !completed;
    if (cancelled) {
      save_checkpoint(epoch_, step_in_epoch_);
      log(LogLevel::Info, "cancelled at step " + std::to_string(step_) + "; resume with the run folder");
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
    std::string message = error.what();
    if (const auto* torch_error = dynamic_cast<const c10::Error*>(&error))
      message = std::string("LibTorch: ") + torch_error->what_without_backtrace();
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
    emit(FailedEvent{message, last_checkpoint_});
  }
  return outcome;
}

RunOutcome run_session(const RunRequest& request, const RunObserver& observer, RunControl& control) {
  SessionRunner runner(request, observer, control);
  return runner.run();
}

}  // namespace promptune
