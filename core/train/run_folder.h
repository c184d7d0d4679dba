#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/train/run_events.h"

namespace promptune {

/// The run directory `output/<session>/<timestamp>/`: config.json (the session as run), data.json (the chosen
/// files), baseline.json, metrics.jsonl (one JSON object per metric, appended and flushed line by line), log.txt,
/// run.json (state: running, finished, cancelled, failed), checkpoints/step-N.safetensors and the prompt file.
class RunFolder {
 public:
  /// Creates a new timestamped folder under `output/<name>`.
  static RunFolder create(const std::filesystem::path& output, const std::string& name);
  /// Opens an existing run; throws Error when `folder` has no config.json.
  static RunFolder open(const std::filesystem::path& folder);

  const std::filesystem::path& path() const { return folder_; }
  std::filesystem::path config_file() const { return folder_ / "config.json"; }
  std::filesystem::path checkpoint_folder() const { return folder_ / "checkpoints"; }
  std::filesystem::path checkpoint_file(long long step) const;
  std::filesystem::path prompt_file(const std::string& session_name) const;

  void write_json(const std::string& file_name, const nlohmann::json& document) const;
  nlohmann::json read_json(const std::string& file_name) const;
  /// Records the run state in run.json (atomically).
  void write_state(const std::string& state, const nlohmann::json& details = nlohmann::json::object()) const;
  std::string state() const;

  void append_metric(const MetricEvent& metric);
  void append_log(const LogEvent& log);
  /// Keeps the metric lines of steps <= `step` and drops damaged lines (a crash can cut the last one). With
  /// `drop_evaluation_at_step`, evaluation metrics logged at `step` itself go too (those of a mid-epoch cancel,
  /// which an uninterrupted run would not have).
  void truncate_metrics_after(long long step, bool drop_evaluation_at_step = false);
  /// Complete metric lines so far. A checkpoint records it, so that resuming keeps exactly the metrics written
  /// before the checkpoint (truncate_metrics_to) whatever a killed or cancelled run logged after it.
  long long metric_count() const;
  void truncate_metrics_to(long long count);
  std::vector<MetricEvent> read_metrics() const;

  /// Checkpoints, oldest first.
  std::vector<std::filesystem::path> checkpoints() const;
  /// Deletes all but the newest `keep` checkpoints.
  void prune_checkpoints(int keep) const;
  /// Removes the temporary files of writes a killed process never finished (".NAME.tmp-N"); returns their names.
  /// Only for a run about to resume: a running process's temporary files must stay.
  std::vector<std::string> remove_interrupted_writes() const;

 private:
  explicit RunFolder(std::filesystem::path folder);
  void rewrite_metrics(const std::vector<MetricEvent>& metrics);
  std::filesystem::path folder_;
  std::ofstream metrics_, log_;
  /// Counted on first use only: readers of a run (the GUI's run list, overlays) never pay for it.
  mutable std::optional<long long> metric_count_;
};

}  // namespace promptune
