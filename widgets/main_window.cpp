#include "widgets/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>

#include "core/system/system_info.h"
#include "widgets/application_log.h"
#include "widgets/demo_builder.h"
#include "widgets/log_panel.h"
#include "widgets/recent_files.h"
#include "widgets/system_info_dialog.h"
#include "widgets/welcome_page.h"

namespace promptune {
namespace {

constexpr const char* kGeometryKey = "MainWindow/geometry";
constexpr const char* kStateKey = "MainWindow/state";
constexpr const char* kLayoutVersionKey = "MainWindow/layoutVersion";

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName("MainWindow");
  setWindowTitle(tr("Promptune"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/promptune.svg")));
  setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
  recent_sessions_ = new RecentFiles(QStringLiteral("recentSessions"), this);

  auto* welcome = new WelcomePage(this);
  setCentralWidget(welcome);
  connect(welcome, &WelcomePage::system_information_requested, this, &MainWindow::show_system_information);
  connect(welcome, &WelcomePage::demo_requested, this, [this] { create_demo_workspace(); });
  demo_builder_ = new DemoBuilder(this);

  create_menus();
  log_panel_ = new LogPanel(this);
  add_panel(log_panel_, Qt::BottomDockWidgetArea, QKeySequence(tr("Ctrl+Shift+L")));

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
  default_state_ = saveState(kLayoutVersion);
  restore_layout();
}

void MainWindow::create_menus() {
  file_menu_ = menuBar()->addMenu(tr("&File"));
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
  QAction* full_screen = view_menu->addAction(tr("&Full Screen"));
  full_screen->setCheckable(true);
  full_screen->setShortcut(QKeySequence::FullScreen);
  connect(full_screen, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });

  QMenu* help_menu = menuBar()->addMenu(tr("&Help"));
  QAction* system = help_menu->addAction(tr("&System Information..."), this, &MainWindow::show_system_information);
  system->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
  QAction* demo = help_menu->addAction(tr("Create &Demo Workspace..."), this, [this] { create_demo_workspace(); });
  demo->setObjectName("CreateDemoAction");
  demo->setToolTip(tr("Rendered images, a tiny CLIP and BERT pre-trained here, and ready sessions (about 2 minutes)"));
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
          });
  connect(demo_builder_, &DemoBuilder::failed, context, [dialog](const QString& message) {
    ApplicationLog::instance().append(LogLevel::Warning, tr("The demo workspace was not created: %1").arg(message));
    dialog->close();
  });
  log.append(LogLevel::Info, tr("Creating the demo workspace in %1").arg(target));
  demo_builder_->start(target, reduced);
  dialog->show();
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
  save_layout();
  event->accept();
}

}  // namespace promptune
