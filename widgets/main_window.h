#pragma once

#include <QByteArray>
#include <QMainWindow>

class QLabel;
class QMenu;
class QPlainTextEdit;
class QStackedWidget;

namespace promptune {

class CurvesPanel;
class DemoBuilder;
class LogPanel;
class RecentFiles;
class RunControlsPanel;
class SessionController;

/// The application window: menus, status bar and the dock layout. Wiring only: every panel is its own class and
/// is added through add_panel(). The dock layout and geometry are saved to QSettings with a layout version, so a
/// layout saved by an older build (with other docks) is not restored onto new ones.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  /// Bump when docks are added, removed or renamed: saved layouts of older versions are then ignored.
  static constexpr int kLayoutVersion = 2;

  explicit MainWindow(QWidget* parent = nullptr);

  /// Adds a dock (its objectName must be set and unique) and its show/hide action to the View menu.
  void add_panel(QDockWidget* panel, Qt::DockWidgetArea area, const QKeySequence& toggle_shortcut = {});
  RecentFiles* recent_sessions() const { return recent_sessions_; }
  LogPanel* log_panel() const { return log_panel_; }
  DemoBuilder* demo_builder() const { return demo_builder_; }
  SessionController* session_controller() const { return controller_; }
  RunControlsPanel* run_controls() const { return run_controls_; }
  CurvesPanel* curves_panel() const { return curves_panel_; }

 public slots:
  void reset_layout();
  void show_about();
  void show_system_information();
  /// Builds the demo workspace into `folder` on a worker with a cancellable progress dialog (empty: the default
  /// folder; an existing workspace there is reported, not rebuilt). `reduced`: the seconds-sized one.
  void create_demo_workspace(const QString& folder = {}, bool reduced = false);
  /// Opens a session file (errors are shown in a message box and the log); returns whether it opened.
  bool open_session(const QString& file);
  /// Asks for a session file and opens it.
  void choose_session();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void create_menus();
  void restore_layout();
  void save_layout() const;
  void connect_session_controller();
  void update_title();

  QMenu* file_menu_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QMenu* panels_menu_ = nullptr;
  QLabel* device_label_ = nullptr;
  LogPanel* log_panel_ = nullptr;
  RecentFiles* recent_sessions_ = nullptr;
  DemoBuilder* demo_builder_ = nullptr;
  SessionController* controller_ = nullptr;
  RunControlsPanel* run_controls_ = nullptr;
  CurvesPanel* curves_panel_ = nullptr;
  QStackedWidget* centre_ = nullptr;
  QPlainTextEdit* session_view_ = nullptr;
  QByteArray default_state_;
};

}  // namespace promptune
