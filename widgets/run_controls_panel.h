#pragma once

#include <QDockWidget>

#include "widgets/session_controller.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace promptune {

/// Dock with Start, Pause (checkpoint and stop), Resume and Stop for the open session, its state, and the progress of
/// the running phase with steps per second, elapsed and remaining time. Buttons follow the controller's state alone.
class RunControlsPanel : public QDockWidget {
  Q_OBJECT
 public:
  explicit RunControlsPanel(SessionController* controller, QWidget* parent = nullptr);

  QPushButton* start_button() const { return start_; }
  QPushButton* pause_button() const { return pause_; }
  QPushButton* resume_button() const { return resume_; }
  QPushButton* stop_button() const { return stop_; }
  /// Where the next run trains: auto, cpu, cuda:N (an edit of the session).
  QComboBox* device_box() const { return device_; }
  /// "training · epoch 2/5 · step 40/100 · 12.5 steps/s · 0:03 elapsed · 0:05 left"
  QString progress_text() const;

 signals:
  /// A one-line summary for the status bar.
  void status_message(const QString& text);

 private:
  void show_state(SessionController::State state);
  void show_progress(const ProgressEvent& event);
  /// Resume applies to a paused run and to a failed one with a checkpoint; the tooltip says which.
  void update_resume();

  SessionController* controller_;
  QLabel* session_label_ = nullptr;
  QLabel* state_label_ = nullptr;
  QLabel* progress_label_ = nullptr;
  QProgressBar* bar_ = nullptr;
  QComboBox* device_ = nullptr;
  bool showing_session_ = false;
  QPushButton *start_ = nullptr, *pause_ = nullptr, *resume_ = nullptr, *stop_ = nullptr;
  QString start_tip_;
  QString resume_tip_;
  std::string rate_phase_;
  long long rate_done_ = 0;
  double rate_elapsed_ = 0.0, steps_per_second_ = 0.0;
  bool training_seen_ = false;
  double training_eta_ = -1.0;
};

}  // namespace promptune
