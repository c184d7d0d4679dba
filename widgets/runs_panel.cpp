#include "widgets/runs_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/train/run_index.h"
#include "core/util/duration_text.h"
#include "widgets/application_log.h"
#include "widgets/session_controller.h"

namespace promptune {
namespace {

constexpr int kFolderRole = Qt::UserRole + 1;

/// Numbers sort as numbers (Qt compares the display text otherwise); empty cells (-1) sort first.
class NumberItem : public QTableWidgetItem {
 public:
  bool operator<(const QTableWidgetItem& other) const override {
    return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
  }
};

QTableWidgetItem* number_item(double value, const QString& text) {
  auto* item = new NumberItem;
  item->setData(Qt::DisplayRole, text);
  item->setData(Qt::UserRole, value);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

RunsPanel::RunsPanel(SessionController* controller, QWidget* parent)
    : QDockWidget(tr("Runs"), parent), controller_(controller) {
  setObjectName("RunsPanel");
  auto* content = new QWidget(this);
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(2, 2, 2, 2);
  table_ = new QTableWidget(0, ColumnCount, content);
  table_->setObjectName("RunsTable");
  table_->setHorizontalHeaderLabels({tr("Run"), tr("Method"), tr("Status"), tr("Best accuracy"), tr("NMI"), tr("Steps"),
                                     tr("Duration"), tr("Notes")});
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->setSortingEnabled(true);
  layout->addWidget(table_, 1);

  auto* buttons = new QHBoxLayout;
  auto* refresh_button = new QPushButton(tr("Refresh"), content);
  reopen_ = new QPushButton(tr("Reopen"), content);
  reopen_->setToolTip(tr("Show this run's curves and settings; a paused or cut-off run can then be resumed"));
  clone_ = new QPushButton(tr("Run Again..."), content);
  clone_->setToolTip(tr("Open this run's settings as a new session, to edit and start"));
  overlay_ = new QPushButton(tr("Overlay"), content);
  overlay_->setToolTip(tr("Draw the selected runs' curves over the current run's"));
  baseline_ = new QPushButton(tr("Pin as Baseline"), content);
  baseline_->setToolTip(tr("Keep this run's curves in the plot, dashed, as the run to beat"));
  delete_ = new QPushButton(tr("Delete"), content);
  delete_->setToolTip(tr("Delete the selected run folders, checkpoints and prompt files included (Del)"));
  for (QPushButton* button : {refresh_button, reopen_, clone_, overlay_, baseline_, delete_})
    buttons->addWidget(button);
  buttons->addStretch(1);
  layout->addLayout(buttons);
  setWidget(content);

  auto* delete_key = new QShortcut(QKeySequence::Delete, table_, nullptr, nullptr, Qt::WidgetShortcut);
  connect(delete_key, &QShortcut::activated, this, [this] { delete_selected(); });
  connect(refresh_button, &QPushButton::clicked, this, &RunsPanel::refresh);
  connect(reopen_, &QPushButton::clicked, this, [this] { emit reopen_requested(selected_folder()); });
  connect(table_, &QTableWidget::cellActivated, this, [this](int, int column) {
    if (column != Notes) emit reopen_requested(selected_folder());
  });
  connect(clone_, &QPushButton::clicked, this, [this] { emit clone_requested(selected_folder()); });
  connect(delete_, &QPushButton::clicked, this, [this] { delete_selected(); });
  connect(overlay_, &QPushButton::clicked, this, [this] {
    for (const auto& index : table_->selectionModel()->selectedRows())
      emit overlay_requested(folder(index.row()), false);
  });
  connect(baseline_, &QPushButton::clicked, this, [this] { emit overlay_requested(selected_folder(), true); });
  connect(table_, &QTableWidget::itemSelectionChanged, this, &RunsPanel::update_buttons);
  connect(table_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (filling_ || item->column() != Notes) return;
    try {
      write_run_notes(folder(item->row()).toStdString(), item->text().toStdString());
    } catch (const std::exception& error) {
      ApplicationLog::instance().append(LogLevel::Error, tr("Notes not saved: %1").arg(error.what()));
    }
  });
  // The table reads every run folder's metrics: only when another output folder is shown or a run begins or
  // ends, not at every edit of the session.
  connect(controller_, &SessionController::session_changed, this, [this] {
    const QString output = QString::fromStdString(controller_->session().output.string());
    if (output != shown_output_) refresh();
  });
  connect(controller_, &SessionController::state_changed, this, [this](SessionController::State state) {
    using State = SessionController::State;
    if (state == State::Running || state == State::Paused || state == State::Finished || state == State::Failed)
      refresh();
    update_buttons();
  });
  refresh();
}

QString RunsPanel::folder(int row) const {
  const auto* item = table_->item(row, Run);
  return item ? item->data(kFolderRole).toString() : QString();
}

QString RunsPanel::selected_folder() const {
  const auto rows = table_->selectionModel()->selectedRows();
  return rows.isEmpty() ? QString() : folder(rows.front().row());
}

void RunsPanel::update_buttons() {
  const bool one = table_->selectionModel()->selectedRows().size() == 1;
  const bool active = controller_->state() == SessionController::State::Running ||
                      controller_->state() == SessionController::State::Pausing ||
                      controller_->state() == SessionController::State::Stopping;
  reopen_->setEnabled(one && !active);
  clone_->setEnabled(one && !active);
  const bool any = !table_->selectionModel()->selectedRows().isEmpty();
  delete_->setEnabled(any);
  overlay_->setEnabled(any);
  baseline_->setEnabled(one);
}

void RunsPanel::refresh() {
  const QString keep = selected_folder();
  filling_ = true;
  table_->setSortingEnabled(false);
  table_->setRowCount(0);
  shown_output_ =
      controller_->has_session() ? QString::fromStdString(controller_->session().output.string()) : QString();
  if (controller_->has_session()) {
    const auto runs = index_.list(controller_->session().output);
    const QString active = controller_->run_folder();
    const bool running = controller_->state() == SessionController::State::Running;
    table_->setRowCount(static_cast<int>(runs.size()));
    for (int row = 0; row < static_cast<int>(runs.size()); ++row) {
      const auto& run = runs[static_cast<std::size_t>(row)];
      const QString path = QString::fromStdString(run.folder.string());
      auto* name = new QTableWidgetItem(
          QStringLiteral("%1 / %2").arg(QString::fromStdString(run.session), QString::fromStdString(run.name)));
      name->setData(kFolderRole, path);
      name->setToolTip(path);
      QString state = QString::fromStdString(run.state);
      if (run.state == "running" && !(running && path == active)) state = tr("interrupted");
      auto* status = new QTableWidgetItem(state);
      if (!run.message.empty()) status->setToolTip(QString::fromStdString(run.message));
      table_->setItem(row, Run, name);
      table_->setItem(row, Method, new QTableWidgetItem(QString::fromStdString(run.method)));
      table_->setItem(row, Status, status);
      table_->setItem(row, BestAccuracy,
                      number_item(run.best_accuracy, run.best_accuracy < 0.0
                                                         ? QString()
                                                         : QStringLiteral("%1 % (%2)")
                                                               .arg(run.best_accuracy * 100.0, 0, 'f', 1)
                                                               .arg(QString::fromStdString(run.accuracy_split))));
      table_->setItem(row, Nmi, number_item(run.nmi, run.nmi < 0.0 ? QString() : QString::number(run.nmi, 'f', 3)));
      table_->setItem(row, Steps, number_item(static_cast<double>(run.steps), QString::number(run.steps)));
      table_->setItem(
          row, Duration,
          number_item(run.seconds,
                      run.seconds < 0.0 ? QString() : QString::fromStdString(format_duration(run.seconds))));
      for (int column = Run; column < Notes; ++column)
        table_->item(row, column)->setFlags(table_->item(row, column)->flags() & ~Qt::ItemIsEditable);
      table_->setItem(row, Notes, new QTableWidgetItem(QString::fromStdString(run.notes)));
      if (path == keep) table_->selectRow(row);
    }
  }
  table_->setSortingEnabled(true);
  for (int column = Run; column < Notes; ++column) table_->resizeColumnToContents(column);
  table_->resizeRowsToContents();
  filling_ = false;
  update_buttons();
}

void RunsPanel::delete_selected(bool confirmed) {
  QStringList folders;
  for (const auto& index : table_->selectionModel()->selectedRows()) folders << folder(index.row());
  if (folders.isEmpty()) return;
  if (folders.contains(controller_->run_folder()) && controller_->state() == SessionController::State::Running) {
    QMessageBox::information(this, tr("Delete Runs"), tr("The run that is training cannot be deleted; stop it first."));
    return;
  }
  if (!confirmed &&
      QMessageBox::question(this, tr("Delete Runs"),
                            tr("Delete %n run folder(s) with their checkpoints, metrics and prompt files? This "
                               "cannot be undone.",
                               nullptr, static_cast<int>(folders.size())) +
                                QStringLiteral("\n\n") + folders.join('\n'),
                            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
    return;
  for (const QString& path : folders) {
    try {
      delete_run(path.toStdString());
      ApplicationLog::instance().append(LogLevel::Info, tr("Deleted %1").arg(path));
    } catch (const std::exception& error) {
      ApplicationLog::instance().append(LogLevel::Error, QString::fromStdString(error.what()));
    }
  }
  refresh();
}

}  // namespace promptune
