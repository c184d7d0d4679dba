#include "core/train/session_runner.h"

#include <cmath>
#include <sstream>

#include "core/data/cache_folder.h"
#include "core/io/fault_injection.h"
#include "core/train/learning_rate.h"
#include "core/train/run_evaluation.h"

namespace promptune {

MethodBatch SessionRunner::training_batch(const std::vector<int>& order, int step_in_epoch, ImageBatchLoader* loader,
                                          torch::Tensor& watched_labels) {
  const RunSplit& split = training_split();
  MethodBatch batch;
  if (loader == nullptr) {
    const int size = static_cast<int>(order.size());
    const int begin = step_in_epoch * config_.training.batch_size;
    const int end = std::min(size, begin + config_.training.batch_size);
    const auto rows =
        torch::tensor(std::vector<std::int64_t>(order.begin() + begin, order.begin() + end), torch::kInt64).to(device_);
    if (split.text.defined())
      batch.text = split.text.select(rows);
    else
      batch.features = split.features.index_select(0, rows);
    batch.labels = split.labels.index_select(0, rows);
    batch.sample_indices = rows;
  } else {
    auto loaded = loader->next();
    if (!loaded) throw TrainingStopped("the image loader ended early");
    // Every sample was decoded once when the run started (undecodable ones were dropped then), so a sample that
    // fails now means the data changed under the run: training on would silently use a different dataset.
    if (!loaded->skipped.empty()) {
      save_checkpoint(epoch_, step_in_epoch_);
      const auto& first = loaded->skipped.front();
      throw TrainingStopped("data." + split.name + " changed during training: " +
                            std::to_string(loaded->skipped.size()) + " image(s) of this batch can no longer be read (" +
                            first.where + ": " + first.reason + "). The run stopped at step " + std::to_string(step_) +
                            " and saved a checkpoint there; put the files back and resume the run, or start a new "
                            "run on the data as it is now.");
    }
    if (loaded->images.size(0) == 0) return batch;
    batch.labels = loaded->labels.to(device_);
    batch.sample_indices =
        torch::tensor(std::vector<std::int64_t>(loaded->sample_indices.begin(), loaded->sample_indices.end()),
                      torch::kInt64)
            .to(device_);
    if (image_input_) {
      batch.images = loaded->images.to(device_, /*non_blocking=*/true);
    } else {
      torch::NoGradGuard no_grad;
      AutocastScope autocast(device_, precision_);
      batch.features = backbone_->model->encode_image(loaded->images.to(device_)).features.to(torch::kFloat32);
    }
  }
  watched_labels = batch.labels;
  // The labels of target data, where the data has them, only score the curve the user watches.
  if (unlabeled_training_) batch.labels = torch::Tensor();
  return batch;
}

bool SessionRunner::train() {
  const TrainingConfig& training = config_.training;
  const RunSplit& split = training_split();
  const int samples = static_cast<int>(split.size());
  // Dassl drops the last partial batch only when there is at least one full batch.
  const bool drop_last = samples >= training.batch_size;
  const int steps_per_epoch = drop_last ? samples / training.batch_size : 1;
  long long total_steps = static_cast<long long>(training.epochs) * steps_per_epoch;
  if (training.max_steps > 0) total_steps = std::min<long long>(total_steps, training.max_steps);
  const bool augment = training.augmentation != "none";
  const bool load_images = augment || image_input_;
  const long long first_step = step_;
  const auto training_started = RunClock::now();
  log(LogLevel::Info,
      "training: " + std::to_string(total_steps) + " steps (" + std::to_string(steps_per_epoch) + " per epoch), " +
          (language_model_ ? std::string("prompts of text through the masked LM")
           : image_input_  ? std::string("images through the tuned image encoder every step (no feature cache: ") +
                                "this method changes the encoder)" + (augment ? ", CoOp augmentation" : "")
           : augment ? std::string("augmented images re-encoded every step")
                     : std::string("frozen image features from the cache")) +
          (unlabeled_training_ ? "; on the " + std::to_string(samples) +
                                     " target examples without their labels (unsupervised adaptation)"
                               : std::string()));

  for (; epoch_ < training.epochs && step_ < total_steps; ++epoch_) {
    const auto order = epoch_order(samples, true, config_.seed, epoch_);
    std::unique_ptr<ImageBatchLoader> loader;
    if (load_images) {
      ImageLoaderOptions options;
      options.batch_size = training.batch_size;
      options.shuffle = true;
      options.drop_last = drop_last;
      options.seed = config_.seed;
      options.epoch = epoch_;
      options.first_batch = step_in_epoch_;
      options.pin_memory = device_.is_cuda();
      options.preprocessing = backbone_->preprocessing;
      options.augmentation.random_resized_crop = options.augmentation.horizontal_flip = augment;
      loader = std::make_unique<ImageBatchLoader>(split.samples, options);
    }
    for (; step_in_epoch_ < steps_per_epoch && step_ < total_steps;) {
      if (control_.pause_requested()) {
        progress("paused", step_, total_steps, -1.0);
        log(LogLevel::Info, "paused at step " + std::to_string(step_));
        control_.wait_while_paused();
        if (!control_.cancel_requested()) log(LogLevel::Info, "resumed");
      }
      if (control_.cancel_requested()) return false;

      torch::Tensor watched_labels;
      MethodBatch batch = training_batch(order, step_in_epoch_, loader.get(), watched_labels);
      const double learning_rate = learning_rate_at(training, epoch_, step_in_epoch_, steps_per_epoch);
      optimizer_->zero_grad();
      LossOutput output;
      if (out_of_memory_at_step(step_ + 1))
        TORCH_CHECK_WITH(OutOfMemoryError, false,
                         "out of memory. Tried to allocate 2.00 GiB (injected: PROMPTUNE_FAULT=out-of-memory-at-step)");
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
      if (output.logits.defined() && watched_labels.defined()) {
        const auto known = watched_labels.ge(0);
        epoch_correct_ += output.logits.argmax(1).eq(watched_labels).logical_and(known).sum().item<std::int64_t>();
        epoch_seen_ += known.sum().item<std::int64_t>();
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
  const StepClock clock;
  method_->fit(
      train, validation,
      [&](long long done, long long total) { progress("fitting", done, total, clock.remaining_seconds(done, total)); },
      [&](const std::string& message) { log(LogLevel::Info, message); });
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
                                {"loss_scale", scaler_ ? scaler_->scale() : 1.0},
                                {"metric_count", folder_->metric_count()},
                                {"last_evaluated_step", last_evaluated_step_},
                                {"tuned_accuracy", tuned_}};
  const auto file = folder_->checkpoint_file(step_);
  save_safetensors(file, tensors, {{"promptune", position.dump()}});
  folder_->prune_checkpoints(config_.checkpoints.keep);
  last_checkpoint_ = file;
}

bool SessionRunner::restore_checkpoint() {
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
      if (optimizer_state.empty()) throw Error("it holds no optimiser state");
      restored_optimizer_state_ = std::move(optimizer_state);
      step_ = position.at("step").get<long long>();
      epoch_ = position.at("epoch").get<int>();
      step_in_epoch_ = position.at("step_in_epoch").get<int>();
      epoch_loss_sum_ = position.at("epoch_loss_sum").get<double>();
      epoch_correct_ = position.at("epoch_correct").get<long long>();
      epoch_seen_ = position.at("epoch_seen").get<long long>();
      if (scaler_) scaler_->set_scale(position.at("loss_scale").get<double>());
      if (position.contains("metric_count")) {  // exact: what was logged before this checkpoint was written
        folder_->truncate_metrics_to(position.at("metric_count").get<long long>());
        last_evaluated_step_ = position.value("last_evaluated_step", -1LL);
        if (position.contains("tuned_accuracy")) tuned_ = position.at("tuned_accuracy").get<decltype(tuned_)>();
      } else {  // checkpoints of earlier versions
        folder_->truncate_metrics_after(step_, step_in_epoch_ != 0);
      }
      last_checkpoint_ = *file;
      log(LogLevel::Info, "resumed from " + file->filename().string() + " (step " + std::to_string(step_) + ")");
      return true;
    } catch (const std::exception& error) {
      log(LogLevel::Warning,
          "checkpoint " + file->string() + " cannot be used (" + error.what() + "); trying an older one");
    }
  }
  log(LogLevel::Warning, "no usable checkpoint; the run starts from the beginning");
  folder_->truncate_metrics_after(0);
  return false;
}

void SessionRunner::prepare_method(bool resumed) {
  PreparationData data;
  data.resumed = resumed;
  data.train = data_.train.samples;
  data.target = data_.target.samples;
  data.train_features = data_.train.features;
  data.seed = config_.seed;
  data.loader.batch_size = 32;
  if (backbone_) data.loader.preprocessing = backbone_->preprocessing;
  data.loader.pin_memory = device_.is_cuda();
  // SPT draws its prototype images with the training augmentation.
  data.loader.augmentation.random_resized_crop = data.loader.augmentation.horizontal_flip =
      config_.training.augmentation != "none";
  if (config_.cache_folder != "off")
    data.cache_folder =
        config_.cache_folder.empty() ? default_feature_cache_folder() : std::filesystem::path(config_.cache_folder);
  const StepClock clock;
  progress("initialising", 0, 1, -1.0);
  method_->prepare(
      data,
      [&](long long done, long long total) {
        progress("initialising", done, total, clock.remaining_seconds(done, total));
        if (control_.cancel_requested()) throw TrainingStopped("cancelled while initialising the method");
      },
      [&](const std::string& message) { log(LogLevel::Info, message); });
}

void SessionRunner::report_unsupervised_objective() {
  if (!unlabeled_training_ || data_.validation.empty()) return;
  const double objective = unsupervised_objective(*method_, data_.validation, config_.training.batch_size, device_,
                                                  precision_, image_input_ ? &backbone_->preprocessing : nullptr);
  metric("validation/unsupervised_objective", objective);
  if (config_.evaluation.select != "unsupervised_objective") return;
  if (best_step_ < 0 || objective < best_objective_) {
    best_objective_ = objective;
    best_step_ = step_;
    best_state_ = method_->state();
  }
}

bool SessionRunner::select_final_weights() {
  bool changed = false;
  if (config_.evaluation.select != "unsupervised_objective" || best_step_ < 0) {
    selection_ = "last iterate (step " + std::to_string(step_) + ")";
  } else {
    changed = best_step_ != step_;
    if (changed) method_->load_state(best_state_);
    std::ostringstream text;
    text << "step " << best_step_ << ", the lowest unsupervised objective (" << best_objective_
         << ") on the held-out unlabeled validation images";
    selection_ = text.str();
  }
  log(LogLevel::Info,
      "final weights: " + selection_ + (unlabeled_training_ ? "; no label was read to choose them" : ""));
  return changed;
}

void SessionRunner::report_diagnostics() {
  if (!image_input_) return;
  if (!diagnostic_images_.defined()) {
    // A fixed handful of target (else validation, else training) images, so successive values are comparable.
    const RunSplit& source = !data_.target.empty()       ? data_.target
                             : !data_.validation.empty() ? data_.validation
                                                         : data_.train;
    std::vector<std::filesystem::path> files;
    for (std::size_t i = 0; i < source.samples.size() && files.size() < 16; ++i)
      files.push_back(source.samples[i].path);
    if (files.empty()) return;
    diagnostic_images_ = backbone_->load_images(files).to(device_);
  }
  torch::NoGradGuard no_grad;
  AutocastScope autocast(device_, precision_);
  MethodBatch batch;
  batch.images = diagnostic_images_;
  for (const auto& [name, value] : method_->diagnostics(batch)) metric(name, value);
}

}  // namespace promptune
