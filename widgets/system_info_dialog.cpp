#include "widgets/system_info_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>

#include "core/system/system_info.h"
#include "promptune/version.h"

namespace promptune {

SystemInfoDialog::SystemInfoDialog(Page page, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("About Promptune"));
  setObjectName("SystemInfoDialog");
  auto* layout = new QVBoxLayout(this);
  auto* tabs = new QTabWidget(this);

  auto* about = new QLabel(this);
  about->setTextFormat(Qt::RichText);
  about->setWordWrap(true);
  about->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  about->setText(tr("<h2>Promptune %1</h2>"
                    "<p>Interactive prompt tuning of CLIP-like vision-language models and masked language "
                    "models: load a backbone and a dataset, pick a prompt method, train in the background and "
                    "watch the curves, then export the tuned prompt file.</p>"
                    "<p>Built with Qt, LibTorch, OpenCV, QCustomPlot and Dear ImGui.</p>")
                     .arg(QString::fromLatin1(kVersion)));
  about->setMargin(12);
  tabs->addTab(about, tr("&About"));

  auto* system_page = new QWidget(this);
  auto* system_layout = new QVBoxLayout(system_page);
  report_view_ = new QPlainTextEdit(system_page);
  report_view_->setReadOnly(true);
  report_view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  report_view_->setPlainText(QString::fromStdString(format_system_info(collect_system_info(), qVersion())));
  system_layout->addWidget(report_view_);
  auto* system_buttons = new QHBoxLayout;
  measure_button_ = new QPushButton(tr("&Measure matmul speed"), system_page);
  measure_button_->setToolTip(tr("Times a 512x512 float32 matrix product with the current thread settings"));
  auto* copy_button = new QPushButton(tr("&Copy report"), system_page);
  system_buttons->addWidget(measure_button_);
  system_buttons->addStretch();
  system_buttons->addWidget(copy_button);
  system_layout->addLayout(system_buttons);
  tabs->addTab(system_page, tr("&System"));
  tabs->setCurrentIndex(static_cast<int>(page));
  layout->addWidget(tabs);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(copy_button, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(report()); });
  connect(measure_button_, &QPushButton::clicked, this, &SystemInfoDialog::measure_matmul);
  resize(620, 420);
}

QString SystemInfoDialog::report() const {
  return report_view_->toPlainText();
}

void SystemInfoDialog::measure_matmul() {
  measure_button_->setEnabled(false);
  measure_button_->setText(tr("Measuring..."));
  QPointer<SystemInfoDialog> dialog(this);
  // Tensor work never runs on the UI thread; the result comes back as a plain number.
  QThread* worker = QThread::create([dialog] {
    const double gflops = measure_matmul_gflops();
    QMetaObject::invokeMethod(
        qApp,
        [dialog, gflops] {
          if (!dialog) return;
          dialog->report_view_->appendPlainText(tr("Matmul 512x512 float32: %1 GFLOP/s").arg(qRound(gflops)));
          dialog->measure_button_->setText(tr("&Measure matmul speed"));
          dialog->measure_button_->setEnabled(true);
          emit dialog->measurement_finished();
        },
        Qt::QueuedConnection);
  });
  connect(worker, &QThread::finished, worker, &QObject::deleteLater);
  worker->start();
}

}  // namespace promptune
