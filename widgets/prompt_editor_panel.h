#pragma once

#include <QDockWidget>
#include <QStringList>
#include <memory>

class QCheckBox;
class QComboBox;
class QTimer;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace promptune {

struct PromptPreview;
class BackgroundTasks;
class ClipTokenizer;
class SessionController;

/// Dock for the hand-written prompts of a session. CLIP sessions: the template set (a shipped set or the user's own
/// list, one template per line with {class}) used by zero-shot, ensembles and the baselines, with live
/// tokenisation by the backbone's own tokenizer: the tokens of the line under the cursor, filled with a class name,
/// and its length against CLIP's 77-token context. Masked-LM sessions: the LM template with its [MASK]. Edits are
/// checked as typed and applied with Apply (the session's next run uses them).
class PromptEditorPanel : public QDockWidget {
  Q_OBJECT
 public:
  explicit PromptEditorPanel(SessionController* controller, QWidget* parent = nullptr);
  ~PromptEditorPanel() override;

  /// The data's class names and ids (from the Dataset panel): the preview fills templates with a name, and the
  /// class-name editor lists "id<TAB>name" lines to rename classes in prompts.
  void set_class_names(const QStringList& names, const QStringList& ids = {});
  QPlainTextEdit* class_names_edit() const { return class_names_edit_; }
  QPlainTextEdit* templates_edit() const { return templates_; }
  QComboBox* set_box() const { return set_box_; }
  /// "a · photo · of · a · cat · ." and the budget line of the current template.
  QString token_preview() const;
  QString budget_text() const;
  QString problem_text() const;
  bool tokenizer_ready() const { return tokenizer_ != nullptr; }
  /// Applies the edited templates to the session; returns the error, or empty.
  QString apply();
  /// Loads the backbone on a worker and shows what the last run's prompt file holds, with each learned context
  /// vector's nearest vocabulary words (CoOp's interpretation). Emits learned_context_shown when done.
  void show_learned_context();
  /// Zero-shot accuracy of the edited templates on the session's target (else validation, else training) images,
  /// computed on a worker with the feature cache (the images a run encoded are not encoded again), so templates
  /// can be judged while a run trains. Emits zero_shot_preview_ready.
  void preview_zero_shot();
  QString zero_shot_text() const;
  QString learned_context_text() const;

 signals:
  void tokenizer_loaded();
  void learned_context_shown();
  void zero_shot_preview_ready();
  /// The class prototypes of the edited templates (for the embedding view), after each zero-shot preview.
  void prototypes_previewed(std::shared_ptr<const promptune::PromptPreview> preview);

 private:
  void session_changed();
  void set_chosen();
  void update_preview();
  QStringList template_lines() const;
  /// Whether the session is a masked-LM one (LM template) rather than a CLIP one (template list).
  bool text_session() const;
  /// Writes `text` atomically to SESSION`suffix` beside the session; returns the file, or empty (problem shown).
  QString write_beside_session(const QString& suffix, const QString& text);
  /// "id<TAB>name" lines of the class-name editor; empty when it is empty or unchanged from the data.
  QString edited_classes() const;
  QString data_classes_;  ///< the editor's text as the data names the classes

  SessionController* controller_;
  std::unique_ptr<BackgroundTasks> tasks_;           ///< the tokenizer
  std::unique_ptr<BackgroundTasks> describe_tasks_;  ///< the learned context's nearest words
  std::shared_ptr<ClipTokenizer> tokenizer_;
  QString tokenizer_source_;
  QStringList class_names_;
  QComboBox* set_box_ = nullptr;
  QPlainTextEdit* templates_ = nullptr;
  QPlainTextEdit* class_names_edit_ = nullptr;
  QLineEdit* lm_template_ = nullptr;
  QComboBox* class_box_ = nullptr;
  QLabel* tokens_ = nullptr;
  QLabel* budget_ = nullptr;
  QLabel* problem_ = nullptr;
  QLabel* note_ = nullptr;
  QPushButton* apply_ = nullptr;
  QPushButton* nearest_ = nullptr;
  QPlainTextEdit* learned_ = nullptr;
  QPushButton* preview_ = nullptr;
  QCheckBox* live_ = nullptr;
  QLabel* zero_shot_ = nullptr;
  QTimer* live_timer_ = nullptr;
  std::unique_ptr<BackgroundTasks> preview_tasks_;
  QWidget* clip_part_ = nullptr;
  QWidget* text_part_ = nullptr;
  bool loading_ = false;
};

}  // namespace promptune
