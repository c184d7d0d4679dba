#include <algorithm>
#include <atomic>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "core/methods/method_description.h"
#include "core/train/runner.h"

namespace promptune::cli {
namespace {

std::atomic<bool> interrupted{false};

extern "C" void on_interrupt(int) {
  interrupted = true;
}

nlohmann::json event_json(const RunEvent& event) {
  struct Visitor {
    nlohmann::json operator()(const ProgressEvent& e) const {
      return {{"event", "progress"},
              {"phase", e.phase},
              {"done", e.done},
              {"total", e.total},
              {"epoch", e.epoch},
              {"epochs", e.epochs},
              {"elapsed_seconds", e.elapsed_seconds},
              {"eta_seconds", e.eta_seconds}};
    }
    nlohmann::json operator()(const MetricEvent& e) const {
      return {{"event", "metric"}, {"name", e.name}, {"value", e.value}, {"step", e.step}, {"epoch", e.epoch}};
    }
    nlohmann::json operator()(const EmbeddingSnapshotEvent& e) const {
      nlohmann::json prototypes = nlohmann::json::array(), features = nlohmann::json::array();
      for (const auto& p : e.prototypes) prototypes.push_back({p.x, p.y});
      for (const auto& p : e.features) features.push_back({p.x, p.y});
      return {{"event", "embedding"},
              {"step", e.step},
              {"class_names", e.class_names},
              {"prototypes", prototypes},
              {"features", features},
              {"feature_labels", e.feature_labels},
              {"predicted", e.predicted},
              {"source", e.feature_source},
              {"explained_variance", e.explained_variance}};
    }
    nlohmann::json operator()(const LogEvent& e) const {
      static const char* levels[] = {"debug", "info", "warning", "error"};
      return {{"event", "log"}, {"level", levels[static_cast<int>(e.level)]}, {"message", e.message}};
    }
    nlohmann::json operator()(const FinishedEvent& e) const {
      nlohmann::json summary = nlohmann::json::array();
      for (const auto& row : e.summary)
        summary.push_back({{"split", row.split},
                           {"samples", row.samples},
                           {"zero_shot_accuracy", row.zero_shot_accuracy},
                           {"tuned_accuracy", row.tuned_accuracy}});
      return {{"event", "finished"},
              {"cancelled", e.cancelled},
              {"run_folder", e.run_folder.string()},
              {"prompt_file", e.prompt_file.string()},
              {"steps", e.steps},
              {"seconds", e.seconds},
              {"summary", summary}};
    }
    nlohmann::json operator()(const FailedEvent& e) const {
      return {{"event", "failed"}, {"message", e.message}, {"last_checkpoint", e.last_checkpoint.string()}};
    }
  };
  return std::visit(Visitor{}, event);
}

std::string percent(double fraction) {
  if (fraction < 0.0) return "-";
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << 100.0 * fraction << " %";
  return out.str();
}

void print_summary(const FinishedEvent& finished) {
  std::cout << '\n'
            << std::left << std::setw(12) << "split" << std::right << std::setw(8) << "samples" << std::setw(12)
            << "zero-shot" << std::setw(12) << "tuned" << std::setw(10) << "change" << '\n';
  for (const auto& row : finished.summary) {
    std::string change = "-";
    if (row.zero_shot_accuracy >= 0.0 && row.tuned_accuracy >= 0.0) {
      std::ostringstream out;
      out << std::showpos << std::fixed << std::setprecision(1)
          << 100.0 * (row.tuned_accuracy - row.zero_shot_accuracy);
      change = out.str();
    }
    std::cout << std::left << std::setw(12) << row.split << std::right << std::setw(8) << row.samples << std::setw(12)
              << percent(row.zero_shot_accuracy) << std::setw(12) << percent(row.tuned_accuracy) << std::setw(10)
              << change << '\n';
  }
  std::cout << '\n'
            << (finished.cancelled ? "cancelled" : "finished") << " after " << finished.steps << " steps in "
            << format_duration(finished.seconds) << "\nrun folder:  " << finished.run_folder.string()
            << "\nprompt file: " << finished.prompt_file.string() << '\n';
  if (finished.cancelled)
    std::cout << "resume with: promptune-cli run --resume " << finished.run_folder.string() << '\n';
}

/// Human output: a progress bar per phase, epoch-level metrics as lines, warnings and errors.
class ConsoleObserver {
 public:
  void operator()(const RunEvent& event) {
    if (const auto* progress = std::get_if<ProgressEvent>(&event)) {
      if (!bar_ || phase_ != progress->phase) {
        if (bar_) bar_->finish();
        phase_ = progress->phase;
        bar_.emplace(phase_);
      }
      bar_->update(progress->done, std::max<long long>(1, progress->total));
    } else if (const auto* metric = std::get_if<MetricEvent>(&event)) {
      const auto& name = metric->name;
      const bool per_step = name == "train/loss" || name == "train/learning_rate";
      const bool per_class = std::count(name.begin(), name.end(), '/') >= 2 && name.rfind("zero_shot/", 0) != 0;
      if (per_step || per_class) return;
      end_bar();
      std::cout << "  epoch " << metric->epoch << "  step " << metric->step << "  " << name << " = "
                << (name.find("accuracy") != std::string::npos ? percent(metric->value) : std::to_string(metric->value))
                << '\n';
    } else if (const auto* log = std::get_if<LogEvent>(&event)) {
      if (log->level == LogLevel::Debug) return;
      end_bar();
      std::cerr << (log->level == LogLevel::Warning ? "warning: "
                    : log->level == LogLevel::Error ? "error: "
                                                    : "")
                << log->message << '\n';
    } else if (const auto* finished = std::get_if<FinishedEvent>(&event)) {
      end_bar();
      print_summary(*finished);
    } else if (const auto* failed = std::get_if<FailedEvent>(&event)) {
      end_bar();
      std::cerr << "error: " << failed->message << '\n';
      if (!failed->last_checkpoint.empty()) {
        // checkpoints/step-N.safetensors sits in the run folder, which is what --resume takes.
        const auto run_folder = failed->last_checkpoint.parent_path().parent_path();
        std::cerr << "last good checkpoint: " << failed->last_checkpoint.string()
                  << "\nonce the cause is fixed, resume with: promptune-cli run --resume " << run_folder.string()
                  << '\n';
      }
    }
  }

 private:
  void end_bar() {
    if (bar_) bar_->finish();
    bar_.reset();
    phase_.clear();
  }
  std::optional<ProgressBar> bar_;
  std::string phase_;
};

int run_run(const std::vector<std::string>& argv) {
  const Arguments arguments(argv, {"resume", "example"}, {"json"});
  if (const auto method = arguments.value("example")) {
    if (*method == "list") {
      for (const auto& description : method_catalog())
        std::cout << description.name << std::string(std::max<std::size_t>(1, 20 - description.name.size()), ' ')
                  << (description.modality == Modality::Text ? "text   " : "images ") << description.title << '\n';
      return 0;
    }
    nlohmann::json minimal{
        {"name", "my-session"},
        {"backbone", {{"path", "models/clip-vit-b32"}}},
        {"data", {{"train", {{"path", "data/train"}}}, {"target", {{"path", "data/test"}}}, {"shots", 16}}},
        {"method", {{"name", *method}}}};
    const auto& description = find_method_description(*method);
    if (description.modality == Modality::Text) {
      minimal["backbone"]["path"] = "models/bert-base-uncased";
      minimal["data"] = {{"train", {{"path", "data/train.csv"}}}, {"validation", {{"path", "data/dev.csv"}}}};
      minimal["text"] = {{"template", "{sentence} It was [MASK]."},
                         {"label_words", {{"0", "terrible"}, {"1", "great"}}}};
    }
    // Unsupervised methods adapt to unlabeled target data and take no training data.
    if (description.training_data == TrainingData::UnlabeledTarget)
      minimal["data"] = {
          {"target", {{"path", description.modality == Modality::Text ? "data/target.csv" : "data/target"}}}};
    std::cout << SessionConfig::from_json(minimal).to_json().dump(2) << '\n';
    return 0;
  }
  RunRequest request;
  if (const auto resume = arguments.value("resume")) {
    if (!arguments.positional().empty()) throw UsageError("give either a session file or --resume RUN_FOLDER");
    request.resume_folder = *resume;
  } else {
    if (arguments.positional().size() != 1) throw UsageError("expected one session file");
    request.config = SessionConfig::load(arguments.positional().front());
  }
  const bool json = arguments.has("json");
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  RunControl control;
  ConsoleObserver console;
  bool told = false;
  const RunOutcome outcome = run_session(
      request,
      [&](const RunEvent& event) {
        if (interrupted && !control.cancel_requested()) {
          control.request_cancel();
          if (!told) std::cerr << "\ninterrupted: stopping at the next step and saving a checkpoint...\n";
          told = true;
        }
        if (json)
          std::cout << event_json(event).dump() << std::endl;
        else
          console(event);
      },
      control);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (!outcome.succeeded) return 1;
  return outcome.cancelled ? 130 : 0;
}

}  // namespace

Command run_command() {
  return {"run", "train a session file and export the tuned prompt file",
          "promptune-cli run SESSION.json [--json]\n"
          "promptune-cli run --resume RUN_FOLDER [--json]\n"
          "promptune-cli run --example METHOD\n"
          "  SESSION.json  a session (*.promptune.json, as the GUI saves it); relative paths are relative to it\n"
          "  --resume      continue a cancelled or interrupted run from its newest checkpoint\n"
          "  --json        one JSON object per event on stdout (progress, metric, embedding, log, finished, failed)\n"
          "  --example     print a complete session for METHOD (`promptune-cli run --example list` names them)\n"
          "                with every default written out, to edit\n"
          "Ctrl+C stops at the next step, saves a checkpoint and the prompt file, and prints how to resume.\n"
          "Exit status: 0 finished, 130 cancelled, 1 failed, 2 usage error.\n",
          run_run};
}

}  // namespace promptune::cli
