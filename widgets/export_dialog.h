#pragma once

#include <QDialog>

class QCheckBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace promptune {

class CurvesPanel;
class EmbeddingViewer;

/// Export of a tuned prompt, and the inspector of any prompt file: shows the file's metadata (method, backbone and
/// its weights hash, classes, metrics, versions, tensors) and writes, as the user ticks them, the prompt file, the
/// Hugging Face PEFT folder (text prompt tuning, P-tuning, prefix tuning), the metrics as CSV and a PNG report of
/// the curves and the embedding. Every file is written atomically; a failure is shown inline and the others still
/// go out.
class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  /// `curves` and `viewer` may be null (inspecting a prompt file with no run open): their exports are then off.
  ExportDialog(const QString& prompt_file, CurvesPanel* curves, EmbeddingViewer* viewer, QWidget* parent = nullptr);

  /// Whether the prompt file could be read (otherwise the dialog shows why and exports nothing).
  bool loaded() const { return loaded_; }
  QTreeWidget* metadata_view() const { return metadata_; }
  QCheckBox* prompt_check() const { return prompt_check_; }
  QCheckBox* peft_check() const { return peft_check_; }
  QCheckBox* csv_check() const { return csv_check_; }
  QCheckBox* report_check() const { return report_check_; }
  QLineEdit* prompt_path() const { return prompt_path_; }
  QLineEdit* peft_path() const { return peft_path_; }
  QLineEdit* csv_path() const { return csv_path_; }
  QLineEdit* report_path() const { return report_path_; }
  QString result_text() const;

 public slots:
  /// Writes every ticked export; returns whether all of them succeeded.
  bool export_all();

 private:
  void add_path_row(QGridLayout* grid, int row, QCheckBox* check, QLineEdit* path, bool folder);
  bool write_report(const QString& file, QString& error) const;

  QString source_;
  CurvesPanel* curves_;
  EmbeddingViewer* viewer_;
  bool loaded_ = false;
  QString title_;
  QTreeWidget* metadata_ = nullptr;
  QCheckBox *prompt_check_ = nullptr, *peft_check_ = nullptr, *csv_check_ = nullptr, *report_check_ = nullptr;
  QLineEdit *prompt_path_ = nullptr, *peft_path_ = nullptr, *csv_path_ = nullptr, *report_path_ = nullptr;
  QLabel* result_ = nullptr;
};

}  // namespace promptune
