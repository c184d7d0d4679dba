#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "core/train/run_events.h"
#include "core/train/session_config.h"

namespace promptune {

class BackgroundRun;

/// The one way widgets reach the engine. It holds the open session, runs it on a worker thread and turns the engine's
/// events into queued Qt signals on its own (UI) thread. The worker never waits for the UI: events go into a queue
/// that the UI thread drains; progress events are coalesced to the newest one per drain.
///
/// Pause is "checkpoint and stop": the run is cancelled (the engine writes a checkpoint and the prompt so far) and
/// Resume continues it from that run folder, in a new run of the same session. No state can stick: every request
/// that does not apply in the current state is ignored, and each worker's last event decides the next state.
class SessionController : public QObject {
  Q_OBJECT
 public:
  enum class State { NoSession, Ready, Running, Pausing, Paused, Stopping, Finished, Failed };
  Q_ENUM(State)

  explicit SessionController(QObject* parent = nullptr);
  /// Cancels a running session and waits for its thread (the engine checks for cancellation every step).
  ~SessionController() override;

  State state() const { return state_; }
  static QString state_name(State state);
  bool has_session() const { return session_.has_value(); }
  const SessionConfig& session() const { return *session_; }
  QString session_file() const { return session_file_; }
  /// The folder of the current (or last) run; empty before the first start.
  QString run_folder() const { return run_folder_; }
  const FinishedEvent& last_result() const { return last_result_; }
  /// The tuned prompt file of the last or reopened run (written when it finished, paused or stopped); empty when
  /// there is none yet.
  QString prompt_file() const;
  QString last_error() const { return last_error_; }

  /// Reads a session file; on failure returns the message (and keeps the open session). Refused while running.
  QString open_session(const QString& file);
  /// Replaces the open session (a paused run can then no longer be resumed from the GUI; its folder stays
  /// resumable from the Runs panel); refused while a run is active. `file` may be empty (never saved).
  /// `edited`: the GUI changed it, so it differs from its file until saved (the title shows "*").
  bool set_session(SessionConfig session, const QString& file, bool edited = false);
  /// Opens a run directory: its session as run (config.json) becomes the open session and, when the run was
  /// cancelled, paused or cut off by a crash, or failed after a checkpoint, Resume continues it. Returns the error,
  /// or empty.
  QString reopen_run(const QString& folder);
  /// Applies `change` to the session's JSON document and validates the result as a session file is validated;
  /// when valid it becomes the (edited) session. Returns the error, naming the field, or empty.
  QString edit_session(const std::function<void(nlohmann::json&)>& change);
  /// Writes the open session to `file` atomically and makes it the session's file; returns the error, or empty.
  QString save_session(const QString& file);
  /// Whether the open session has edits that are not in its file.
  bool modified() const { return modified_; }
  /// Whether settings can be edited now (a session is open and no run is active or paused).
  bool editable() const;
  /// Whether Resume applies: a paused run, or a failed one with a checkpoint to continue from (out of memory, a
  /// full disk, images gone: the message says what to fix first).
  bool can_resume() const;

 public slots:
  /// Starts the open session from scratch. Returns false when there is nothing to start or a run is active.
  bool start();
  /// Checkpoint and stop; Resume continues from the checkpoint.
  void pause();
  void resume();
  /// Stops for good (a checkpoint is still written, so the run folder can be resumed from the CLI).
  void stop();

 signals:
  void state_changed(promptune::SessionController::State state);
  void session_changed();
  void modified_changed(bool modified);
  void run_started(const QString& run_name, bool resumed);
  void progress(const promptune::ProgressEvent& event);
  void metric(const QString& name, qint64 step, int epoch, double value);
  void embedding(std::shared_ptr<const promptune::EmbeddingSnapshotEvent> snapshot);
  void log_line(promptune::LogLevel level, const QString& text);
  void finished(const promptune::FinishedEvent& result);
  void failed(const QString& message);

 private:
  struct Queued {
    int generation;
    RunEvent event;
  };
  void launch(const std::filesystem::path& resume_folder);
  void post(int generation, RunEvent event);  ///< worker thread
  void drain();                               ///< UI thread
  /// Drains now, or when kDrainIntervalMs have passed since the last drain: a fast run's events reach the panels
  /// in at most 20 batches a second, so the window repaints (and composes, which costs ~20 ms per frame with a
  /// software OpenGL renderer) that often and not once per event.
  void schedule_drain();
  void handle(const RunEvent& event);
  void set_state(State state);
  void set_modified(bool modified);

  std::optional<SessionConfig> session_;
  QString session_file_;
  bool modified_ = false;
  QString run_folder_;
  bool failed_after_checkpoint_ = false;  ///< the Failed run in run_folder_ has a checkpoint to resume from
  QString last_error_;
  FinishedEvent last_result_;
  State state_ = State::NoSession;
  std::unique_ptr<BackgroundRun> run_;
  int generation_ = 0;  ///< events of earlier runs are dropped

  std::mutex queue_mutex_;
  std::deque<Queued> queue_;
  QTimer* drain_timer_ = nullptr;
  QElapsedTimer last_drain_;
};

}  // namespace promptune
