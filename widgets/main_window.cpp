#include "widgets/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

#include "core/system/system_info.h"
#include "core/train/run_folder.h"
#include "widgets/application_log.h"
#include "widgets/backbone_panel.h"
#include "widgets/curves_panel.h"
#include "widgets/dataset_panel.h"
#include "widgets/demo_builder.h"
#include "widgets/embedding_panel.h"
#include "widgets/embedding_viewer.h"
#include "widgets/export_dialog.h"
#include "widgets/log_panel.h"
#include "widgets/method_panel.h"
#include "widgets/new_session_dialog.h"
#include "widgets/prompt_editor_panel.h"
#include "widgets/recent_files.h"
#include "widgets/run_controls_panel.h"
#include "widgets/runs_panel.h"
#include "widgets/session_controller.h"
#include "widgets/session_recovery.h"
#include "widgets/shortcuts_dialog.h"
#include "widgets/system_info_dialog.h"
#include "widgets/theme.h"
#include "widgets/welcome_page.h"

// Resources compiled into a static library are only registered when something calls their initialiser (the linker
// drops the unreferenced object otherwise); Q_INIT_RESOURCE must be called outside any namespace.
static void register_icon_resources() {
  Q_INIT_RESOURCE(promptune);
}

namespace promptune {
namespace {

constexpr const char* kGeometryKey = "MainWindow/geometry";
constexpr const char* kStateKey = "MainWindow/state";
constexpr const char* kLayoutVersionKey = "MainWindow/layoutVersion";

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  register_icon_resources();
  setObjectName("MainWindow");
  setWindowTitle(tr("Promptune"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/promptune.svg")));
  setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
  recent_sessions_ = new RecentFiles(QStringLiteral("recentSessions"), this);

  auto* welcome = new WelcomePage(this);
  session_view_ = new QPlainTextEdit(this);
  session_view_->setObjectName("SessionView");
  session_view_->setReadOnly(true);
  session_view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  centre_ = new QStackedWidget(this);
  centre_->addWidget(welcome);
  centre_->addWidget(session_view_);
  setCentralWidget(centre_);
  connect(welcome, &WelcomePage::system_information_requested, this, &MainWindow::show_system_information);
  connect(welcome, &WelcomePage::demo_requested, this, [this] { create_demo_workspace(); });
  demo_builder_ = new DemoBuilder(this);

  controller_ = new SessionController(this);
  recovery_ = std::make_unique<SessionRecovery>();
  connect(recent_sessions_, &RecentFiles::file_chosen, this, &MainWindow::open_session);

  create_menus();
  run_controls_ = new RunControlsPanel(controller_, this);
  add_panel(run_controls_, Qt::LeftDockWidgetArea, QKeySequence(tr("Ctrl+Shift+R")));
  method_panel_ = new MethodPanel(controller_, this);
  add_panel(method_panel_, Qt::LeftDockWidgetArea, QKeySequence(tr("Ctrl+Shift+M")));
  backbone_panel_ = new BackbonePanel(controller_, this);
  add_panel(backbone_panel_, Qt::LeftDockWidgetArea, QKeySequence(tr("Ctrl+Shift+B")));
  dataset_panel_ = new DatasetPanel(controller_, this);
  add_panel(dataset_panel_, Qt::LeftDockWidgetArea, QKeySequence(tr("Ctrl+Shift+D")));
  prompt_panel_ = new PromptEditorPanel(controller_, this);
  add_panel(prompt_panel_, Qt::LeftDockWidgetArea, QKeySequence(tr("Ctrl+Shift+P")));
  connect(dataset_panel_, &DatasetPanel::overview_ready, prompt_panel_, [this] {
    prompt_panel_->set_class_names(dataset_panel_->overview().classes, dataset_panel_->overview().class_ids);
  });
  curves_panel_ = new CurvesPanel(this);
  add_panel(curves_panel_, Qt::RightDockWidgetArea, QKeySequence(tr("Ctrl+Shift+C")));
  embedding_panel_ = new EmbeddingPanel(this);
  add_panel(embedding_panel_, Qt::RightDockWidgetArea, QKeySequence(tr("Ctrl+Shift+E")));
  runs_panel_ = new RunsPanel(controller_, this);
  add_panel(runs_panel_, Qt::BottomDockWidgetArea, QKeySequence(tr("Ctrl+Shift+U")));
  log_panel_ = new LogPanel(this);
  add_panel(log_panel_, Qt::BottomDockWidgetArea, QKeySequence(tr("Ctrl+Shift+L")));
  connect_session_controller();

  const SystemInfo info = collect_system_info();
  device_label_ = new QLabel(this);
  device_label_->setText(info.cuda_devices.empty()
                             ? tr("CPU · %1 threads").arg(info.intra_op_threads)
                             : tr("CUDA · %1").arg(QString::fromStdString(info.cuda_devices.front().name)));
  device_label_->setToolTip(QString::fromStdString(format_system_info(info, qVersion())));
  statusBar()->addPermanentWidget(device_label_);
  statusBar()->showMessage(tr("Ready"), 5000);
  if (info.blas_is_slow) {
    ApplicationLog::instance().append(LogLevel::Warning,
                                      tr("LibTorch uses the reference BLAS, about 20x slower than OpenBLAS: "
                                         "install libopenblas0-pthread."));
  }

  resize(1280, 800);
  resizeDocks({log_panel_}, {160}, Qt::Vertical);
  tabifyDockWidget(log_panel_, runs_panel_);
  log_panel_->raise();
  // The plots get the room: the session document in the centre is a reference, not a workspace.
  resizeDocks({run_controls_, curves_panel_}, {360, 700}, Qt::Horizontal);
  tabifyDockWidget(method_panel_, backbone_panel_);
  tabifyDockWidget(backbone_panel_, dataset_panel_);
  tabifyDockWidget(dataset_panel_, prompt_panel_);
  method_panel_->raise();
  resizeDocks({run_controls_, method_panel_}, {210, 560}, Qt::Vertical);
  tabifyDockWidget(curves_panel_, embedding_panel_);
  curves_panel_->raise();
  default_state_ = saveState(kLayoutVersion);
  restore_layout();
}

void MainWindow::create_menus() {
  file_menu_ = menuBar()->addMenu(tr("&File"));
  QAction* new_session = file_menu_->addAction(tr("&New Session..."), this, &MainWindow::choose_new_session);
  new_session->setObjectName("NewSessionAction");
  new_session->setShortcut(QKeySequence::New);
  QAction* open = file_menu_->addAction(tr("&Open Session..."), this, &MainWindow::choose_session);
  open->setObjectName("OpenSessionAction");
  open->setShortcut(QKeySequence::Open);
  QAction* save = file_menu_->addAction(tr("&Save Session"), this, &MainWindow::save_session);
  save->setObjectName("SaveSessionAction");
  save->setShortcut(QKeySequence::Save);
  QAction* save_as = file_menu_->addAction(tr("Save Session &As..."), this, [this] { save_session_as(); });
  save_as->setShortcut(QKeySequence::SaveAs);
  file_menu_->addSeparator();
  QAction* export_action = file_menu_->addAction(tr("&Export Prompt..."), this, &MainWindow::export_prompt);
  export_action->setObjectName("ExportPromptAction");
  export_action->setShortcut(QKeySequence(tr("Ctrl+E")));
  QAction* inspect = file_menu_->addAction(tr("Open &Prompt File..."), this, &MainWindow::inspect_prompt);
  inspect->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
  recent_menu_ = file_menu_->addMenu(tr("Open &Recent"));
  recent_menu_->setObjectName("RecentMenu");
  connect(recent_menu_, &QMenu::aboutToShow, this, [this] { recent_sessions_->fill_menu(recent_menu_); });
  recent_sessions_->fill_menu(recent_menu_);
  file_menu_->addSeparator();
  QAction* quit = file_menu_->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
  quit->setMenuRole(QAction::QuitRole);

  QMenu* view_menu = menuBar()->addMenu(tr("&View"));
  panels_menu_ = view_menu->addMenu(tr("&Panels"));
  view_menu->addSeparator();
  QAction* reset = view_menu->addAction(tr("&Reset Layout"), this, &MainWindow::reset_layout);
  reset->setToolTip(tr("Put every panel back where it was when Promptune was first started"));
  QMenu* theme_menu = view_menu->addMenu(tr("&Theme"));
  auto* themes = new QActionGroup(this);
  const QString chosen = QSettings().value(QStringLiteral("theme"), QStringLiteral("system")).toString();
  for (const auto& [theme, title] : {std::pair{Theme::System, tr("&System")}, std::pair{Theme::Light, tr("&Light")},
                                     std::pair{Theme::Dark, tr("&Dark")}}) {
    QAction* action = theme_menu->addAction(title);
    action->setObjectName(QStringLiteral("Theme_") + theme_key(theme));
    action->setCheckable(true);
    action->setChecked(theme_key(theme) == chosen);
    themes->addAction(action);
    connect(action, &QAction::triggered, this, [theme] {
      apply_theme(theme);
      QSettings().setValue(QStringLiteral("theme"), theme_key(theme));
    });
  }
  if (chosen != QLatin1String("system")) apply_theme(theme_from_key(chosen));
  QAction* full_screen = view_menu->addAction(tr("&Full Screen"));
  full_screen->setCheckable(true);
  full_screen->setShortcut(QKeySequence::FullScreen);
  connect(full_screen, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });

  QMenu* help_menu = menuBar()->addMenu(tr("&Help"));
  QAction* system = help_menu->addAction(tr("&System Information..."), this, &MainWindow::show_system_information);
  system->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
  QAction* demo = help_menu->addAction(tr("Create &Demo Workspace..."), this, [this] { create_demo_workspace(); });
  demo->setObjectName("CreateDemoAction");
  demo->setToolTip(tr("Rendered images, a tiny CLIP and BERT pre-trained here, and ready sessions (about 3 minutes)"));
  QAction* shortcuts = help_menu->addAction(tr("&Keyboard Shortcuts"), this, [this] {
    ShortcutsDialog dialog(this, this);
    dialog.exec();
  });
  shortcuts->setObjectName("ShortcutsAction");
  shortcuts->setShortcut(QKeySequence(tr("Ctrl+/")));
  help_menu->addSeparator();
  QAction* about = help_menu->addAction(tr("&About Promptune"), this, &MainWindow::show_about);
  about->setMenuRole(QAction::AboutRole);
  QAction* about_qt = help_menu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
  about_qt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::add_panel(QDockWidget* panel, Qt::DockWidgetArea area, const QKeySequence& toggle_shortcut) {
  Q_ASSERT(!panel->objectName().isEmpty());
  addDockWidget(area, panel);
  QAction* toggle = panel->toggleViewAction();
  if (!toggle_shortcut.isEmpty()) {
    toggle->setShortcut(toggle_shortcut);
    toggle->setToolTip(tr("Show or hide the %1 panel (%2)")
                           .arg(panel->windowTitle(), toggle_shortcut.toString(QKeySequence::NativeText)));
  }
  panels_menu_->addAction(toggle);
}

QString MainWindow::current_prompt_file() const {
  return controller_->prompt_file();
}

void MainWindow::export_prompt() {
  const QString prompt = current_prompt_file();
  if (prompt.isEmpty()) {
    QMessageBox::information(this, tr("Export Prompt"),
                             tr("There is no tuned prompt yet: finish, pause or stop a run (or reopen one from the "
                                "Runs panel) first."));
    return;
  }
  ExportDialog dialog(prompt, curves_panel_, embedding_panel_->viewer(), this);
  dialog.exec();
}

void MainWindow::inspect_prompt() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Open Prompt File"), QString(),
                                                    tr("Prompt files (*.prompt.safetensors);;All files (*)"));
  if (!file.isEmpty()) inspect_prompt_file(file);
}

void MainWindow::inspect_prompt_file(const QString& file) {
  ExportDialog dialog(file, nullptr, nullptr, this);
  dialog.setWindowTitle(tr("Prompt File"));
  dialog.exec();
}

bool MainWindow::raise_panel(const QString& name) {
  for (QDockWidget* dock : findChildren<QDockWidget*>())
    if (dock->objectName().compare(name + QStringLiteral("Panel"), Qt::CaseInsensitive) == 0) {
      dock->show();
      dock->raise();
      return true;
    }
  return false;
}

void MainWindow::reset_layout() {
  restoreState(default_state_, kLayoutVersion);
  for (QDockWidget* dock : findChildren<QDockWidget*>()) dock->setFloating(false);
  statusBar()->showMessage(tr("Layout reset"), 3000);
}

void MainWindow::show_about() {
  SystemInfoDialog dialog(SystemInfoDialog::Page::About, this);
  dialog.exec();
}

void MainWindow::show_system_information() {
  SystemInfoDialog dialog(SystemInfoDialog::Page::System, this);
  dialog.exec();
}

void MainWindow::create_demo_workspace(const QString& folder, bool reduced) {
  const QString target = folder.isEmpty() ? DemoBuilder::default_folder() : folder;
  auto& log = ApplicationLog::instance();
  if (QFileInfo::exists(target + "/sessions")) {
    log.append(LogLevel::Info, tr("The demo workspace is in %1; its sessions are in %1/sessions.").arg(target));
    statusBar()->showMessage(tr("Demo workspace: %1").arg(target), 10000);
    const QString coop = target + QStringLiteral("/sessions/coop.promptune.json");
    if (QFileInfo::exists(coop) && controller_->state() != SessionController::State::Running) open_session(coop);
    return;
  }
  if (demo_builder_->running()) return;
  auto* dialog = new QProgressDialog(tr("Creating the demo workspace..."), tr("Cancel"), 0, 100, this);
  dialog->setObjectName("DemoProgressDialog");
  dialog->setWindowTitle(tr("Demo Workspace"));
  dialog->setMinimumDuration(0);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QProgressDialog::canceled, demo_builder_, &DemoBuilder::cancel);
  auto* context = new QObject(dialog);  // the connections below end with the dialog
  connect(demo_builder_, &DemoBuilder::progress, context,
          [dialog](const QString& phase, qint64 done, qint64 total, double remaining) {
            dialog->setMaximum(static_cast<int>(std::max<qint64>(total, 1)));
            dialog->setValue(static_cast<int>(std::min(done, total)));
            dialog->setLabelText(remaining >= 0.0 ? tr("%1: %2 of %3, about %4 s left")
                                                        .arg(phase)
                                                        .arg(done)
                                                        .arg(total)
                                                        .arg(static_cast<int>(remaining + 0.5))
                                                  : tr("%1: %2 of %3").arg(phase).arg(done).arg(total));
          });
  connect(demo_builder_, &DemoBuilder::finished, context,
          [this, dialog](const QString& made, const QStringList& sessions) {
            ApplicationLog::instance().append(
                LogLevel::Info, tr("Demo workspace created in %1 with %2 sessions.").arg(made).arg(sessions.size()));
            statusBar()->showMessage(tr("Demo workspace: %1").arg(made), 10000);
            dialog->close();
            const QString coop = made + QStringLiteral("/sessions/coop.promptune.json");
            if (QFileInfo::exists(coop) && controller_->state() != SessionController::State::Running)
              open_session(coop);
          });
  connect(demo_builder_, &DemoBuilder::failed, context, [dialog](const QString& message) {
    ApplicationLog::instance().append(LogLevel::Warning, tr("The demo workspace was not created: %1").arg(message));
    dialog->close();
  });
  log.append(LogLevel::Info, tr("Creating the demo workspace in %1").arg(target));
  demo_builder_->start(target, reduced);
  dialog->show();
}

void MainWindow::connect_session_controller() {
  connect(controller_, &SessionController::log_line, this,
          [](LogLevel level, const QString& text) { ApplicationLog::instance().append(level, text); });
  connect(controller_, &SessionController::run_started, this, [this](const QString& name, bool resumed) {
    if (!resumed) {
      curves_panel_->clear();
      embedding_panel_->viewer()->clear();
    }
    ApplicationLog::instance().append(LogLevel::Info,
                                      resumed ? tr("Resuming %1").arg(name) : tr("Starting %1").arg(name));
  });
  connect(controller_, &SessionController::metric, this,
          [this](const QString& name, qint64 step, int epoch, double value) {
            curves_panel_->add_point(name, static_cast<double>(step), value, epoch);
          });
  connect(controller_, &SessionController::embedding, embedding_panel_->viewer(), &EmbeddingViewer::show_snapshot);
  connect(prompt_panel_, &PromptEditorPanel::prototypes_previewed, embedding_panel_->viewer(),
          &EmbeddingViewer::show_preview);
  connect(controller_, &SessionController::failed, this, [this](const QString& message) {
    ApplicationLog::instance().append(LogLevel::Error, tr("The run failed: %1").arg(message));
  });
  connect(controller_, &SessionController::session_changed, this, &MainWindow::session_edited);
  connect(runs_panel_, &RunsPanel::reopen_requested, this, &MainWindow::reopen_run);
  connect(runs_panel_, &RunsPanel::clone_requested, this, &MainWindow::clone_run);
  connect(runs_panel_, &RunsPanel::overlay_requested, this, &MainWindow::overlay_run);
  connect(controller_, &SessionController::modified_changed, this, &MainWindow::update_title);
  connect(run_controls_, &RunControlsPanel::status_message, this,
          [this](const QString& text) { statusBar()->showMessage(text); });
}

MainWindow::~MainWindow() = default;

bool MainWindow::open_session(const QString& file) {
  if (!settle_unsaved_edits()) return false;
  const QString error = controller_->open_session(file);
  if (!error.isEmpty()) {
    ApplicationLog::instance().append(LogLevel::Error, error);
    QMessageBox::warning(this, tr("Open Session"), error);
    return false;
  }
  recent_sessions_->add(file);
  centre_->setCurrentWidget(session_view_);
  ApplicationLog::instance().append(LogLevel::Info, tr("Opened %1").arg(file));
  return true;
}

bool MainWindow::reopen_run(const QString& folder) {
  if (folder.isEmpty() || !settle_unsaved_edits()) return false;
  if (const QString error = controller_->reopen_run(folder); !error.isEmpty()) {
    ApplicationLog::instance().append(LogLevel::Error, error);
    QMessageBox::warning(this, tr("Reopen Run"), error);
    return false;
  }
  curves_panel_->clear();
  embedding_panel_->viewer()->clear();
  try {
    for (const auto& metric : RunFolder::open(folder.toStdString()).read_metrics())
      curves_panel_->add_point(QString::fromStdString(metric.name), static_cast<double>(metric.step), metric.value,
                               metric.epoch);
  } catch (const std::exception& error) {
    ApplicationLog::instance().append(LogLevel::Warning,
                                      tr("The curves of %1 cannot be read: %2").arg(folder, error.what()));
  }
  centre_->setCurrentWidget(session_view_);
  ApplicationLog::instance().append(
      LogLevel::Info, tr("Reopened run %1 (%2)").arg(folder, SessionController::state_name(controller_->state())));
  return true;
}

bool MainWindow::overlay_run(const QString& folder, bool baseline) {
  CurvesPanel::SeriesData series;
  try {
    for (const auto& metric : RunFolder::open(folder.toStdString()).read_metrics()) {
      auto& [steps, values] = series[QString::fromStdString(metric.name)];
      steps.push_back(static_cast<double>(metric.step));
      values.push_back(metric.value);
    }
  } catch (const std::exception& error) {
    ApplicationLog::instance().append(LogLevel::Error,
                                      tr("The curves of %1 cannot be read: %2").arg(folder, error.what()));
    return false;
  }
  // "session/run-time", as the runs table names it.
  const QFileInfo run(folder);
  curves_panel_->add_overlay(run.dir().dirName() + QLatin1Char('/') + run.fileName(), series, baseline);
  curves_panel_->raise();
  return true;
}

bool MainWindow::clone_run(const QString& folder) {
  if (folder.isEmpty() || !settle_unsaved_edits()) return false;
  try {
    const auto run = RunFolder::open(folder.toStdString());
    controller_->set_session(SessionConfig::from_json(run.read_json("config.json")), QString(), true);
  } catch (const std::exception& error) {
    ApplicationLog::instance().append(LogLevel::Error, QString::fromStdString(error.what()));
    QMessageBox::warning(this, tr("Run Again"), QString::fromStdString(error.what()));
    return false;
  }
  centre_->setCurrentWidget(session_view_);
  statusBar()->showMessage(tr("The run's settings are open as a new, unsaved session: edit them and press Start"),
                           8000);
  return true;
}

void MainWindow::choose_new_session() {
  if (!settle_unsaved_edits()) return;
  NewSessionDialog dialog(this);
  if (dialog.exec() == QDialog::Accepted) open_session(dialog.session_file());
}

void MainWindow::choose_session() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Open Session"), QString(),
                                                    tr("Promptune sessions (*.promptune.json);;JSON files (*.json)"));
  if (!file.isEmpty()) open_session(file);
}

void MainWindow::update_title() {
  if (!controller_->has_session()) {
    setWindowTitle(tr("Promptune"));
    setWindowModified(false);
    return;
  }
  // "[*]" is where Qt shows the unsaved-edits mark.
  setWindowTitle(tr("%1[*] - Promptune").arg(QString::fromStdString(controller_->session().name)));
  setWindowModified(controller_->modified());
}

void MainWindow::session_edited() {
  update_title();
  if (!controller_->has_session()) return;
  session_view_->setPlainText(QString::fromStdString(controller_->session().to_json().dump(2)));
  if (!controller_->modified()) {
    recovery_->discard();
    return;
  }
  if (const QString error = recovery_->write(controller_->session(), controller_->session_file()); !error.isEmpty())
    ApplicationLog::instance().append(LogLevel::Warning, error);
}

bool MainWindow::save_session() {
  if (!controller_->has_session()) return false;
  return save_session_as(controller_->session_file());
}

bool MainWindow::save_session_as(const QString& file) {
  if (!controller_->has_session()) return false;
  QString target = file;
  if (target.isEmpty()) {
    target = QFileDialog::getSaveFileName(this, tr("Save Session"),
                                          QString::fromStdString(controller_->session().name) + ".promptune.json",
                                          tr("Promptune sessions (*.promptune.json)"));
    if (target.isEmpty()) return false;
  }
  if (const QString error = controller_->save_session(target); !error.isEmpty()) {
    ApplicationLog::instance().append(LogLevel::Error, error);
    QMessageBox::warning(this, tr("Save Session"), error);
    return false;
  }
  recent_sessions_->add(target);
  statusBar()->showMessage(tr("Saved %1").arg(target), 5000);
  return true;
}

bool MainWindow::settle_unsaved_edits() {
  if (!controller_->has_session() || !controller_->modified()) return true;
  const auto answer = QMessageBox::question(
      this, tr("Unsaved Session"),
      tr("The session \"%1\" has edits that are not saved.").arg(QString::fromStdString(controller_->session().name)),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Save) return save_session();
  recovery_->discard();
  return true;
}

void MainWindow::offer_recovery() {
  QString error;
  const auto pending = recovery_->pending(&error);
  if (!error.isEmpty()) ApplicationLog::instance().append(LogLevel::Warning, error);
  if (!pending) return;
  const QString where =
      pending->original_file.isEmpty() ? tr("a session that was never saved") : pending->original_file;
  const auto answer =
      QMessageBox::question(this, tr("Restore Unsaved Edits"),
                            tr("Promptune closed without saving edits to %1 (session \"%2\"). Restore them?")
                                .arg(where, QString::fromStdString(pending->session.name)),
                            QMessageBox::Yes | QMessageBox::Discard, QMessageBox::Yes);
  if (answer != QMessageBox::Yes) {
    recovery_->discard();
    return;
  }
  controller_->set_session(pending->session, pending->original_file, true);
  centre_->setCurrentWidget(session_view_);
  ApplicationLog::instance().append(LogLevel::Info, tr("Restored the unsaved edits of %1").arg(where));
}

void MainWindow::restore_layout() {
  QSettings settings;
  restoreGeometry(settings.value(kGeometryKey).toByteArray());
  if (settings.value(kLayoutVersionKey).toInt() == kLayoutVersion) {
    restoreState(settings.value(kStateKey).toByteArray(), kLayoutVersion);
  }
}

void MainWindow::save_layout() const {
  QSettings settings;
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kStateKey, saveState(kLayoutVersion));
  settings.setValue(kLayoutVersionKey, kLayoutVersion);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  const auto state = controller_->state();
  if (state == SessionController::State::Running || state == SessionController::State::Pausing) {
    const auto answer = QMessageBox::question(
        this, tr("Quit Promptune"),
        tr("A run is training. Quit anyway? It stops with a checkpoint and can be resumed from its run folder."),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
  }
  if (!settle_unsaved_edits()) {
    event->ignore();
    return;
  }
  save_layout();
  event->accept();
}

}  // namespace promptune
