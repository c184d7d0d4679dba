#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "core/train/run_events.h"
#include "core/train/session_config.h"

namespace promptune {

/// Pause, resume and cancel requests to a running session, honoured at step boundaries. Thread-safe.
class RunControl {
 public:
  void request_pause();
  void request_resume();
  void request_cancel();
  bool cancel_requested() const { return cancel_; }
  bool pause_requested() const { return pause_; }
  /// Blocks while paused; returns at once when not paused, on resume or on cancel.
  void wait_while_paused();

 private:
  std::atomic<bool> pause_{false}, cancel_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
};

struct RunRequest {
  SessionConfig config;
  /// Non-empty: continue the run in this folder from its newest checkpoint (config.json there wins over `config`).
  std::filesystem::path resume_folder;
};

struct RunOutcome {
  bool succeeded = false;
  bool cancelled = false;
  std::filesystem::path run_folder;
  std::filesystem::path prompt_file;
  std::string error;  ///< set when it failed
  std::vector<SplitSummary> summary;
};

/// Runs a session on the calling thread, reporting through `observer` (Progress, Metric, EmbeddingSnapshot, Log,
/// then exactly one Finished or Failed). Never throws: failures become a Failed event and the outcome's error.
RunOutcome run_session(const RunRequest& request, const RunObserver& observer, RunControl& control);

/// A session on its own worker thread. Destroying it cancels the run and waits for the thread.
class BackgroundRun {
 public:
  BackgroundRun(RunRequest request, RunObserver observer);
  ~BackgroundRun();
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;

  RunControl& control() { return control_; }
  bool finished() const { return finished_; }
  /// Waits for the thread; the outcome is valid afterwards.
  const RunOutcome& wait();

 private:
  RunControl control_;
  RunOutcome outcome_;
  std::atomic<bool> finished_{false};
  std::thread thread_;
};

}  // namespace promptune
