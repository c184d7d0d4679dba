#pragma once

#include <QDockWidget>
#include <memory>

#include "core/models/backbone_summary.h"

class QFormLayout;
class QLabel;
class QPushButton;

namespace promptune {

class BackgroundTasks;
class SessionController;

/// Dock that shows the session's backbone - name, architecture, layout, parameter count, weights hash,
/// preprocessing, tokenizer, device - and opens another one (a CLIP folder or weight file, a BERT/RoBERTa
/// folder). The checkpoint is loaded on a worker; a new backbone replaces the session's only once it has loaded.
class BackbonePanel : public QDockWidget {
  Q_OBJECT
 public:
  explicit BackbonePanel(SessionController* controller, QWidget* parent = nullptr);
  ~BackbonePanel() override;

  /// Loads `path` on a worker; when it loads it becomes the session's backbone (an edit).
  void open_backbone(const QString& path);
  /// Whether a backbone is being loaded.
  bool loading() const;
  /// The summary shown (empty name when none).
  const BackboneSummary& summary() const { return summary_; }
  QString status_text() const;

 signals:
  void summary_ready();
  void load_failed(const QString& message);

 private:
  void inspect(const QString& path, bool adopt);
  static bool is_torch_archive(const QString& path);
  /// Explains the risk of a pickle archive and asks before opening it; false: the user declined.
  bool confirm_torch_archive(const QString& path);
  void show_summary();
  void session_changed();

  SessionController* controller_;
  std::unique_ptr<BackgroundTasks> tasks_;
  BackboneSummary summary_;
  QString shown_path_;
  QLabel* path_ = nullptr;
  QLabel* status_ = nullptr;
  QFormLayout* form_ = nullptr;
  QLabel *name_ = nullptr, *architecture_ = nullptr, *layout_ = nullptr, *parameters_ = nullptr, *hash_ = nullptr,
         *preprocessing_ = nullptr, *tokenizer_ = nullptr, *device_ = nullptr, *warnings_ = nullptr;
  QPushButton* open_folder_ = nullptr;
  QPushButton* open_file_ = nullptr;
};

}  // namespace promptune
