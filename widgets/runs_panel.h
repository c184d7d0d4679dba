#pragma once

#include <QDockWidget>

#include "core/train/run_index.h"

class QPushButton;
class QTableWidget;

namespace promptune {

class SessionController;

/// Dock listing every run under the open session's output folder, read from the run directories (so CLI runs and
/// runs cut off by a crash show too): name, method, status, best accuracy, NMI, steps, duration and the user's
/// notes (editable, saved in the run folder). Reopen shows a run (and resumes it when it was paused or cut off),
/// Clone opens its settings as a new session ("run again"), Delete removes its folder after asking.
class RunsPanel : public QDockWidget {
  Q_OBJECT
 public:
  enum Column { Run, Method, Status, BestAccuracy, Nmi, Steps, Duration, Notes, ColumnCount };

  explicit RunsPanel(SessionController* controller, QWidget* parent = nullptr);
  QTableWidget* table() const { return table_; }
  /// The run folder of `row`.
  QString folder(int row) const;
  /// Deletes the selected runs; asks first unless `confirmed`.
  void delete_selected(bool confirmed = false);

 public slots:
  void refresh();

 signals:
  void reopen_requested(const QString& folder);
  void clone_requested(const QString& folder);
  /// Draw the run's curves over the current ones; `baseline`: pin it as the baseline.
  void overlay_requested(const QString& folder, bool baseline);

 private:
  QString selected_folder() const;
  void update_buttons();

  SessionController* controller_;
  QTableWidget* table_ = nullptr;
  QPushButton* reopen_ = nullptr;
  QPushButton* clone_ = nullptr;
  QPushButton* delete_ = nullptr;
  QPushButton* overlay_ = nullptr;
  QPushButton* baseline_ = nullptr;
  bool filling_ = false;
  QString shown_output_;  ///< the output folder the table lists
  RunIndex index_;        ///< reads only what the runs wrote since the last refresh
};

}  // namespace promptune
