#pragma once

#include <QByteArray>
#include <QMainWindow>
#include <memory>

class QLabel;
class QMenu;
class QPlainTextEdit;
class QStackedWidget;

namespace promptune {

class BackbonePanel;
class CurvesPanel;
class DatasetPanel;
class DemoBuilder;
class EmbeddingPanel;
class LogPanel;
class MethodPanel;
class PromptEditorPanel;
class SessionRecovery;
class RecentFiles;
class RunControlsPanel;
class RunsPanel;
class SessionController;

/// The application window: menus, status bar and the dock layout. Wiring only: every panel is its own class and
/// is added through add_panel(). The dock layout and geometry are saved to QSettings with a layout version, so a
/// layout saved by an older build (with other docks) is not restored onto new ones.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  /// Bump when docks are added, removed or renamed: saved layouts of older versions are then ignored.
  static constexpr int kLayoutVersion = 4;

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Adds a dock (its objectName must be set and unique) and its show/hide action to the View menu.
  void add_panel(QDockWidget* panel, Qt::DockWidgetArea area, const QKeySequence& toggle_shortcut = {});
  RecentFiles* recent_sessions() const { return recent_sessions_; }
  LogPanel* log_panel() const { return log_panel_; }
  DemoBuilder* demo_builder() const { return demo_builder_; }
  SessionController* session_controller() const { return controller_; }
  RunControlsPanel* run_controls() const { return run_controls_; }
  CurvesPanel* curves_panel() const { return curves_panel_; }
  EmbeddingPanel* embedding_panel() const { return embedding_panel_; }
  MethodPanel* method_panel() const { return method_panel_; }
  BackbonePanel* backbone_panel() const { return backbone_panel_; }
  DatasetPanel* dataset_panel() const { return dataset_panel_; }
  PromptEditorPanel* prompt_panel() const { return prompt_panel_; }
  RunsPanel* runs_panel() const { return runs_panel_; }
  SessionRecovery& recovery() const { return *recovery_; }

 public slots:
  void reset_layout();
  void show_about();
  void show_system_information();
  /// Builds the demo workspace into `folder` on a worker with a cancellable progress dialog (empty: the default
  /// folder; an existing workspace there is reported, not rebuilt). `reduced`: the seconds-sized one.
  void create_demo_workspace(const QString& folder = {}, bool reduced = false);
  /// Opens a session file (errors are shown in a message box and the log); returns whether it opened.
  bool open_session(const QString& file);
  /// Asks for a backbone, data and a file, writes the new session and opens it.
  void choose_new_session();
  /// Asks for a session file and opens it.
  void choose_session();
  /// Saves the session to its file (asks for one when it has none); returns whether it was saved.
  bool save_session();
  /// Saves the session to `file` (empty: asks) and makes it the session's file.
  bool save_session_as(const QString& file = {});
  /// Shows a run (curves, settings) from its folder; a paused or cut-off run can then be resumed.
  bool reopen_run(const QString& folder);
  /// Draws a run's curves over the current ones; `baseline` pins it as the baseline.
  bool overlay_run(const QString& folder, bool baseline);
  /// Opens a run's settings as a new unsaved session ("run again with these settings").
  bool clone_run(const QString& folder);
  /// The prompt file of the current or reopened run; empty when it has none yet.
  QString current_prompt_file() const;
  /// The export dialog for the current run's prompt (or a message that there is none yet).
  void export_prompt();
  /// Asks for a prompt file and shows what it holds, with its exports.
  void inspect_prompt();
  /// Shows what the prompt file `file` holds, with its exports (the file manager opens prompt files this way).
  void inspect_prompt_file(const QString& file);
  /// Shows and raises the dock called `name` ("embedding" finds EmbeddingPanel); returns whether one exists.
  bool raise_panel(const QString& name);
  /// Offers to restore session edits an earlier window did not save (a crash, a killed process).
  void offer_recovery();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void create_menus();
  void restore_layout();
  void save_layout() const;
  void connect_session_controller();
  void update_title();
  void session_edited();
  /// With unsaved edits: asks Save / Discard / Cancel. Returns false when the user cancels.
  bool settle_unsaved_edits();

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
  EmbeddingPanel* embedding_panel_ = nullptr;
  MethodPanel* method_panel_ = nullptr;
  BackbonePanel* backbone_panel_ = nullptr;
  DatasetPanel* dataset_panel_ = nullptr;
  PromptEditorPanel* prompt_panel_ = nullptr;
  RunsPanel* runs_panel_ = nullptr;
  std::unique_ptr<SessionRecovery> recovery_;
  QStackedWidget* centre_ = nullptr;
  QPlainTextEdit* session_view_ = nullptr;
  QByteArray default_state_;
};

}  // namespace promptune
