#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace promptune {

/// Asks for what a session needs at least - a name, a backbone, the training (or unlabeled target) data and where
/// to save the session file - and builds it: CoOp for a CLIP backbone, prompt-based zero-shot for a masked LM
/// (the Method panel changes it afterwards). Runs go to "runs" beside the session file.
class NewSessionDialog : public QDialog {
  Q_OBJECT
 public:
  explicit NewSessionDialog(QWidget* parent = nullptr);
  QString session_file() const;

  /// Writes the session file; returns the error, or empty. Used by the dialog and by tests.
  static QString create(const QString& name, const QString& backbone, const QString& dataset, bool unlabeled_target,
                        const QString& file);

 private:
  void accept() override;
  QLineEdit *name_ = nullptr, *backbone_ = nullptr, *dataset_ = nullptr, *file_ = nullptr;
  QLabel* error_ = nullptr;
  QCheckBox* unlabeled_ = nullptr;
};

}  // namespace promptune
