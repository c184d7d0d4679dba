#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace promptune {

/// Help > About Promptune: the application, its version, and the System tab with what `promptune-cli info`
/// prints (Qt, LibTorch, OpenCV, BLAS, threads, CUDA devices). The matmul measurement runs on a worker thread.
class SystemInfoDialog : public QDialog {
  Q_OBJECT
 public:
  enum class Page { About = 0, System = 1 };
  explicit SystemInfoDialog(Page page, QWidget* parent = nullptr);

  /// The system report as shown (for tests and the Copy button).
  QString report() const;

 signals:
  /// Emitted on the UI thread once the matmul measurement has been added to the report.
  void measurement_finished();

 private:
  void measure_matmul();

  QPlainTextEdit* report_view_ = nullptr;
  QPushButton* measure_button_ = nullptr;
};

}  // namespace promptune
