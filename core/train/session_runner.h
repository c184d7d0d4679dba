#pragma once

// The runner's implementation class, shared by runner.cpp (set-up, evaluation, export) and runner_training.cpp
// (the training loop and checkpoints). Not part of the engine's interface: include runner.h instead.

#include <chrono>
#include <map>
#include <optional>

#include "core/export/prompt_file.h"
#include "core/methods/prompt_method.h"
#include "core/train/optimizer.h"
#include "core/train/run_data.h"
#include "core/train/run_folder.h"
#include "core/train/runner.h"
#include "core/train/step_clock.h"
#include "core/util/error.h"

namespace promptune {

using RunClock = std::chrono::steady_clock;

inline double seconds_since(RunClock::time_point start) {
  return std::chrono::duration<double>(RunClock::now() - start).count();
}

/// Raised inside the loop to stop with a message; the runner turns it into a Failed event.
struct TrainingStopped : Error {
  using Error::Error;
};

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
  /// Masked-LM sessions (runner_text.cpp): backbone, template, label words and text; the zero-shot baseline.
  void load_text_inputs();
  void run_text_baseline();
  /// The backbone and text-prompt facts of a masked-LM prompt file.
  nlohmann::json text_prompt_metadata() const;
  /// Writes the Hugging Face PEFT form of a prompt-learning method's prompt file into <run>/peft.
  void export_peft_adapter(const PromptFile& prompt, const std::filesystem::path& file);
  MethodSetup method_setup() const;
  void choose_device();
  void load_inputs();
  /// A new run records the backbone's weights hash in backbone.json; a resumed run refuses weights that changed.
  void record_or_check_backbone();
  void run_baseline();
  /// Returns false when cancelled before the last step.
  bool train();
  void fit();
  void evaluate_and_report();
  /// Data-dependent initialisation (SPT's prototypes), with its own progress phase.
  void prepare_method(bool resumed);
  /// The method's diagnostics (prompt/patch NMI) on a fixed batch of images, as metrics at the current step.
  void report_diagnostics();
  void save_checkpoint(int next_epoch, int next_step_in_epoch);
  /// Returns false when no checkpoint could be used (the run then starts from the beginning).
  bool restore_checkpoint();
  std::filesystem::path export_prompt(bool cancelled);
  std::vector<SplitSummary> summary() const;
  /// What a failed run tells the user: LibTorch's words without its backtrace; for running out of memory, also where,
  /// what is kept and what to change.
  std::string failure_message(const std::exception& error) const;
  /// The next batch of the training split; `watched_labels` receives its labels (-1 where unknown) for the running
  /// accuracy, which the batch itself lacks when the method trains on unlabeled target data.
  MethodBatch training_batch(const std::vector<int>& order, int step_in_epoch, ImageBatchLoader* loader,
                             torch::Tensor& watched_labels);
  /// What the method trains on: data.train, or data.target for methods that adapt to unlabeled target data.
  const RunSplit& training_split() const { return unlabeled_training_ ? data_.target : data_.train; }
  /// Unsupervised runs: the objective on held-out unlabeled validation data, and the weights with the lowest one.
  void report_unsupervised_objective();
  /// Loads the weights `evaluation.select` asks for (after training) and says which in the log; returns whether
  /// they differ from the last iterate.
  bool select_final_weights();

  SessionConfig config_;
  std::filesystem::path resume_folder_;
  RunObserver observer_;
  RunControl& control_;
  RunClock::time_point started_ = RunClock::now();

  std::optional<RunFolder> folder_;
  torch::Device device_ = torch::kCPU;
  Precision precision_ = Precision::Float32;
  std::unique_ptr<ClipBackbone> backbone_;
  std::unique_ptr<MaskedLmBackbone> language_model_;  ///< masked-LM sessions instead of backbone_
  std::optional<LmTemplate> text_template_;
  std::optional<Verbalizer> verbalizer_;
  TemplateLimits text_limits_;
  RunData data_;
  std::unique_ptr<PromptMethod> method_;
  bool image_input_ = false;         ///< the method reads images (no cached features while it trains)
  bool unlabeled_training_ = false;  ///< the method trains on data.target and never receives its labels
  double best_objective_ = 0.0;      ///< lowest unsupervised objective so far (select = unsupervised_objective)
  long long best_step_ = -1;
  TensorMap best_state_;
  std::string selection_ = "last iterate";  ///< how the exported weights were chosen, for the prompt file
  torch::Tensor diagnostic_images_;         ///< fixed images for diagnostics, on the device
  std::unique_ptr<Optimizer> optimizer_;
  TensorMap restored_optimizer_state_;  ///< from the checkpoint, loaded once the optimiser exists
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

}  // namespace promptune
