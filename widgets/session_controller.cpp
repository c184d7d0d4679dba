#include "widgets/session_controller.h"

#include <QDir>
#include <QFileInfo>
#include <QMetaObject>

#include "core/train/run_folder.h"
#include "core/train/runner.h"

namespace promptune {

namespace {
constexpr qint64 kDrainIntervalMs = 50;

bool has_checkpoints(const QString& run_folder) {
  try {
    return !RunFolder::open(run_folder.toStdString()).checkpoints().empty();
  } catch (const std::exception&) {
    return false;
  }
}
}  // namespace

SessionController::SessionController(QObject* parent) : QObject(parent), drain_timer_(new QTimer(this)) {
  drain_timer_->setSingleShot(true);
  connect(drain_timer_, &QTimer::timeout, this, &SessionController::drain);
}

SessionController::~SessionController() {
  ++generation_;
  run_.reset();  // cancels and joins
}

QString SessionController::state_name(State state) {
  switch (state) {
    case State::NoSession:
      return tr("No session");
    case State::Ready:
      return tr("Ready");
    case State::Running:
      return tr("Running");
    case State::Pausing:
      return tr("Pausing: writing a checkpoint");
    case State::Paused:
      return tr("Paused");
    case State::Stopping:
      return tr("Stopping");
    case State::Finished:
      return tr("Finished");
    case State::Failed:
      return tr("Failed");
  }
  return {};
}

QString SessionController::prompt_file() const {
  const QString finished = QString::fromStdString(last_result_.prompt_file.string());
  if (!finished.isEmpty() && QFileInfo::exists(finished)) return finished;
  if (run_folder_.isEmpty()) return {};
  const QStringList prompts = QDir(run_folder_).entryList({QStringLiteral("*.prompt.safetensors")}, QDir::Files);
  return prompts.isEmpty() ? QString() : QDir(run_folder_).filePath(prompts.front());
}

QString SessionController::open_session(const QString& file) {
  if (state_ == State::Running || state_ == State::Pausing || state_ == State::Stopping)
    return tr("A session is running; stop it before opening another.");
  try {
    set_session(SessionConfig::load(file.toStdString()), file);
    return {};
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
}

bool SessionController::editable() const {
  return session_ && state_ != State::Running && state_ != State::Pausing && state_ != State::Stopping &&
         state_ != State::Paused;
}

bool SessionController::can_resume() const {
  if (run_folder_.isEmpty()) return false;
  return state_ == State::Paused || (state_ == State::Failed && failed_after_checkpoint_);
}

bool SessionController::set_session(SessionConfig session, const QString& file, bool edited) {
  if (state_ == State::Running || state_ == State::Pausing || state_ == State::Stopping) return false;
  session_ = std::move(session);
  session_file_ = file;
  run_folder_.clear();
  last_error_.clear();
  last_result_ = {};
  set_modified(edited);
  emit session_changed();
  set_state(State::Ready);
  return true;
}

QString SessionController::reopen_run(const QString& folder) {
  if (state_ == State::Running || state_ == State::Pausing || state_ == State::Stopping)
    return tr("A session is running; stop it before reopening a run.");
  std::string run_state;
  try {
    const auto run = RunFolder::open(folder.toStdString());
    run_state = run.state();
    session_ = SessionConfig::from_json(run.read_json("config.json"));
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  session_file_.clear();
  run_folder_ = folder;
  failed_after_checkpoint_ = run_state == "failed" && has_checkpoints(folder);
  last_error_.clear();
  last_result_ = {};
  set_modified(false);
  emit session_changed();
  // A run left "running" was cut off (this window runs nothing): like a cancelled one, it resumes.
  const bool resumable = run_state == "cancelled" || run_state == "running";
  set_state(resumable ? State::Paused : run_state == "failed" ? State::Failed : State::Finished);
  return {};
}

QString SessionController::edit_session(const std::function<void(nlohmann::json&)>& change) {
  if (!editable()) return tr("The session cannot be edited while a run is active or paused.");
  nlohmann::json document = session_->to_json();
  try {
    change(document);
    SessionConfig edited = SessionConfig::from_json(document);
    set_session(std::move(edited), session_file_, true);
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString SessionController::save_session(const QString& file) {
  if (!session_) return tr("There is no session to save.");
  try {
    session_->save(file.toStdString());
  } catch (const std::exception& error) {
    return tr("Could not save %1: %2").arg(file, QString::fromStdString(error.what()));
  }
  session_file_ = file;
  set_modified(false);
  emit session_changed();
  return {};
}

void SessionController::set_modified(bool modified) {
  if (modified_ == modified) return;
  modified_ = modified;
  emit modified_changed(modified);
}

bool SessionController::start() {
  if (!session_ || state_ == State::Running || state_ == State::Pausing || state_ == State::Stopping) return false;
  launch({});
  return true;
}

void SessionController::pause() {
  if (state_ != State::Running || !run_) return;
  run_->control().request_cancel();
  set_state(State::Pausing);
}

void SessionController::resume() {
  if (!can_resume()) return;
  launch(run_folder_.toStdString());
}

void SessionController::stop() {
  if (state_ == State::Paused) {
    set_state(State::Finished);
    return;
  }
  if ((state_ != State::Running && state_ != State::Pausing) || !run_) return;
  run_->control().request_cancel();
  set_state(State::Stopping);
}

void SessionController::launch(const std::filesystem::path& resume_folder) {
  const int generation = ++generation_;
  run_.reset();  // a finished worker: its thread has ended or is about to
  {
    std::lock_guard lock(queue_mutex_);
    queue_.clear();
  }
  last_error_.clear();
  failed_after_checkpoint_ = false;
  RunRequest request;
  request.config = *session_;
  request.resume_folder = resume_folder;
  set_state(State::Running);
  emit run_started(QString::fromStdString(session_->name), !resume_folder.empty());
  run_ = std::make_unique<BackgroundRun>(std::move(request),
                                         [this, generation](const RunEvent& event) { post(generation, event); });
}

void SessionController::post(int generation, RunEvent event) {
  bool was_empty;
  {
    std::lock_guard lock(queue_mutex_);
    was_empty = queue_.empty();
    queue_.push_back({generation, std::move(event)});
  }
  // One wake-up per batch: a fast run does not flood the UI's event queue.
  if (was_empty) QMetaObject::invokeMethod(this, &SessionController::schedule_drain, Qt::QueuedConnection);
}

void SessionController::schedule_drain() {
  const qint64 since = last_drain_.isValid() ? last_drain_.elapsed() : kDrainIntervalMs;
  if (since >= kDrainIntervalMs)
    drain();
  else if (!drain_timer_->isActive())
    drain_timer_->start(static_cast<int>(kDrainIntervalMs - since));
}

void SessionController::drain() {
  last_drain_.restart();
  std::deque<Queued> batch;
  {
    std::lock_guard lock(queue_mutex_);
    batch.swap(queue_);
  }
  // Of the progress reports and embedding snapshots that queued up, only the newest is worth drawing.
  const ProgressEvent* newest_progress = nullptr;
  const EmbeddingSnapshotEvent* newest_snapshot = nullptr;
  for (const auto& item : batch)
    if (item.generation == generation_) {
      if (const auto* step = std::get_if<ProgressEvent>(&item.event)) newest_progress = step;
      if (const auto* snapshot = std::get_if<EmbeddingSnapshotEvent>(&item.event)) newest_snapshot = snapshot;
    }
  for (const auto& item : batch) {
    if (item.generation != generation_) continue;
    if (const auto* step = std::get_if<ProgressEvent>(&item.event)) {
      if (step == newest_progress) emit progress(*step);
      continue;
    }
    if (const auto* snapshot = std::get_if<EmbeddingSnapshotEvent>(&item.event);
        snapshot && snapshot != newest_snapshot)
      continue;
    handle(item.event);
  }
}

void SessionController::handle(const RunEvent& event) {
  if (const auto* value = std::get_if<MetricEvent>(&event)) {
    emit metric(QString::fromStdString(value->name), value->step, value->epoch, value->value);
  } else if (const auto* snapshot = std::get_if<EmbeddingSnapshotEvent>(&event)) {
    emit embedding(std::make_shared<const EmbeddingSnapshotEvent>(*snapshot));
  } else if (const auto* line = std::get_if<LogEvent>(&event)) {
    emit log_line(line->level, QString::fromStdString(line->message));
  } else if (const auto* result = std::get_if<FinishedEvent>(&event)) {
    last_result_ = *result;
    run_folder_ = QString::fromStdString(result->run_folder.string());
    emit finished(*result);
    if (result->cancelled && state_ == State::Pausing)
      set_state(State::Paused);
    else
      set_state(State::Finished);
  } else if (const auto* failure = std::get_if<FailedEvent>(&event)) {
    last_error_ = QString::fromStdString(failure->message);
    if (!failure->run_folder.empty()) run_folder_ = QString::fromStdString(failure->run_folder.string());
    // A resumed run that fails before reaching its checkpoint (the cause not fixed yet) still has it on disk. A run
    // that failed before its folder existed leaves nothing to resume (run_folder_ may still name an earlier run).
    failed_after_checkpoint_ =
        !failure->run_folder.empty() && (!failure->last_checkpoint.empty() || has_checkpoints(run_folder_));
    emit failed(last_error_);
    set_state(State::Failed);
  }
}

void SessionController::set_state(State state) {
  if (state == state_) return;
  state_ = state;
  emit state_changed(state);
}

}  // namespace promptune
