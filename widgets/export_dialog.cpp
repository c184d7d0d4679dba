#include "widgets/export_dialog.h"

#include <qcustomplot.h>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <functional>

#include "core/export/prompt_export.h"
#include "widgets/application_log.h"
#include "widgets/curves_panel.h"
#include "widgets/embedding_viewer.h"

namespace promptune {
namespace {

void add_json(QTreeWidgetItem* parent, const QString& key, const nlohmann::json& value) {
  auto* item = new QTreeWidgetItem(parent, {key});
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) add_json(item, QString::fromStdString(it.key()), *it);
  } else if (value.is_array() && value.size() > 8) {
    item->setText(1, QObject::tr("%n entries", nullptr, static_cast<int>(value.size())));
    for (std::size_t i = 0; i < value.size(); ++i) add_json(item, QString::number(i), value[i]);
  } else {
    item->setText(1, QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump()));
  }
}

}  // namespace

ExportDialog::ExportDialog(const QString& prompt_file, CurvesPanel* curves, EmbeddingViewer* viewer, QWidget* parent)
    : QDialog(parent), source_(prompt_file), curves_(curves), viewer_(viewer) {
  setObjectName("ExportDialog");
  setWindowTitle(tr("Export Prompt"));
  resize(760, 620);
  auto* layout = new QVBoxLayout(this);
  auto* heading = new QLabel(this);
  heading->setWordWrap(true);
  heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(heading);
  metadata_ = new QTreeWidget(this);
  metadata_->setHeaderLabels({tr("Field"), tr("Value")});
  metadata_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  layout->addWidget(metadata_, 1);

  auto* grid = new QGridLayout;
  prompt_check_ = new QCheckBox(tr("Prompt file"), this);
  peft_check_ = new QCheckBox(tr("PEFT adapter folder"), this);
  csv_check_ = new QCheckBox(tr("Metrics (CSV)"), this);
  report_check_ = new QCheckBox(tr("Report (PNG: curves and embedding)"), this);
  prompt_path_ = new QLineEdit(this);
  peft_path_ = new QLineEdit(this);
  csv_path_ = new QLineEdit(this);
  report_path_ = new QLineEdit(this);
  add_path_row(grid, 0, prompt_check_, prompt_path_, false);
  add_path_row(grid, 1, peft_check_, peft_path_, true);
  add_path_row(grid, 2, csv_check_, csv_path_, false);
  add_path_row(grid, 3, report_check_, report_path_, false);
  layout->addLayout(grid);
  result_ = new QLabel(this);
  result_->setObjectName("ExportResult");
  result_->setWordWrap(true);
  result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(result_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  QPushButton* export_button = buttons->addButton(tr("&Export"), QDialogButtonBox::ActionRole);
  export_button->setDefault(true);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(export_button, &QPushButton::clicked, this, &ExportDialog::export_all);

  PromptFileSummary summary;
  try {
    summary = inspect_prompt_file(prompt_file.toStdString());
    loaded_ = true;
  } catch (const std::exception& error) {
    heading->setText(tr("This prompt file cannot be used: %1").arg(QString::fromStdString(error.what())));
    for (QWidget* widget :
         std::initializer_list<QWidget*>{prompt_check_, peft_check_, csv_check_, report_check_, export_button})
      widget->setEnabled(false);
    return;
  }
  const auto& metadata = summary.metadata;
  const QString method = QString::fromStdString(summary.method);
  const QString backbone =
      metadata.contains("backbone") ? QString::fromStdString(metadata["backbone"].value("name", "")) : QString();
  heading->setText(
      tr("<b>%1</b> · method %2 · backbone %3 · %n tensor(s), %4 KiB", nullptr,
         static_cast<int>(summary.tensors.size()))
          .arg(QFileInfo(prompt_file).fileName().toHtmlEscaped(), method.toHtmlEscaped(), backbone.toHtmlEscaped())
          .arg((summary.bytes + 1023) / 1024));
  auto* root = metadata_->invisibleRootItem();
  add_json(root, tr("metadata"), metadata);
  auto* tensors = new QTreeWidgetItem(root, {tr("tensors")});
  for (const auto& tensor : summary.tensors) {
    QStringList dims;
    for (auto size : tensor.shape) dims << QString::number(size);
    new QTreeWidgetItem(tensors, {QString::fromStdString(tensor.name), QStringLiteral("[%1]").arg(dims.join(", "))});
  }
  metadata_->topLevelItem(0)->setExpanded(true);
  tensors->setExpanded(true);

  const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  const QString stem =
      QDir(folder.isEmpty() ? QDir::homePath() : folder).filePath(QFileInfo(prompt_file).fileName().section('.', 0, 0));
  prompt_path_->setText(stem + QStringLiteral(".prompt.safetensors"));
  peft_path_->setText(stem + QStringLiteral("-peft"));
  csv_path_->setText(stem + QStringLiteral("-metrics.csv"));
  report_path_->setText(stem + QStringLiteral("-report.png"));
  prompt_check_->setChecked(true);
  peft_check_->setEnabled(summary.has_peft_form);
  peft_check_->setChecked(summary.has_peft_form);
  if (!summary.has_peft_form)
    peft_check_->setToolTip(tr("Only text prompt tuning, P-tuning and prefix tuning have a PEFT form"));
  const bool has_curves = curves_ && !curves_->series_names().isEmpty();
  csv_check_->setEnabled(has_curves);
  csv_check_->setChecked(has_curves);
  report_check_->setEnabled(has_curves || viewer_);
  report_check_->setChecked(has_curves);
  title_ = tr("%1 · %2").arg(QFileInfo(prompt_file).fileName(), method);
}

void ExportDialog::add_path_row(QGridLayout* grid, int row, QCheckBox* check, QLineEdit* path, bool folder) {
  auto* browse = new QPushButton(tr("Browse..."), this);
  grid->addWidget(check, row, 0);
  grid->addWidget(path, row, 1);
  grid->addWidget(browse, row, 2);
  connect(check, &QCheckBox::toggled, path, &QWidget::setEnabled);
  connect(check, &QCheckBox::toggled, browse, &QWidget::setEnabled);
  connect(browse, &QPushButton::clicked, this, [this, path, folder] {
    const QString chosen = folder ? QFileDialog::getExistingDirectory(this, tr("Export To"), path->text())
                                  : QFileDialog::getSaveFileName(this, tr("Export To"), path->text());
    if (!chosen.isEmpty()) path->setText(chosen);
  });
}

QString ExportDialog::result_text() const {
  return result_->text();
}

bool ExportDialog::export_all() {
  if (!loaded_) return false;
  QStringList written, failed;
  auto attempt = [&](QCheckBox* check, QLineEdit* path, const std::function<QString(const QString&)>& write) {
    if (!check->isEnabled() || !check->isChecked()) return;
    const QString target = path->text().trimmed();
    const QString error = target.isEmpty() ? tr("no destination given") : write(target);
    if (error.isEmpty())
      written << target;
    else
      failed << tr("%1: %2").arg(check->text(), error);
  };
  auto guarded = [](const std::function<void()>& action) {
    try {
      action();
      return QString();
    } catch (const std::exception& error) {
      return QString::fromStdString(error.what());
    }
  };
  attempt(prompt_check_, prompt_path_, [&](const QString& target) {
    return guarded([&] { export_prompt_file(source_.toStdString(), target.toStdString()); });
  });
  attempt(peft_check_, peft_path_, [&](const QString& target) {
    return guarded([&] { export_peft_folder(source_.toStdString(), target.toStdString()); });
  });
  attempt(csv_check_, csv_path_, [&](const QString& target) {
    return curves_ && curves_->export_csv(target) ? QString() : tr("could not write the file");
  });
  attempt(report_check_, report_path_, [&](const QString& target) {
    QString error;
    write_report(target, error);
    return error;
  });
  QString text;
  if (!written.isEmpty()) text += tr("Written: %1").arg(written.join(QStringLiteral(", ")));
  if (!failed.isEmpty())
    text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + tr("Failed: %1").arg(failed.join("; "));
  if (text.isEmpty()) text = tr("Nothing is ticked to export.");
  result_->setText(text);
  for (const QString& file : written) ApplicationLog::instance().append(LogLevel::Info, tr("Exported %1").arg(file));
  for (const QString& line : failed)
    ApplicationLog::instance().append(LogLevel::Error, tr("Export failed: %1").arg(line));
  return failed.isEmpty() && !written.isEmpty();
}

bool ExportDialog::write_report(const QString& file, QString& error) const {
  const QPixmap curves = curves_ ? curves_->plot()->toPixmap(900, 520) : QPixmap();
  const QImage embedding = viewer_ && viewer_->renderer_ready() ? viewer_->grabFramebuffer() : QImage();
  const int header = 36;
  const int width = std::max(curves.width(), 1) + (embedding.isNull() ? 0 : embedding.width());
  const int height = header + std::max(curves.height(), embedding.isNull() ? 0 : embedding.height());
  QImage report(std::max(width, 400), std::max(height, header + 1), QImage::Format_RGB32);
  report.fill(Qt::white);
  {
    QPainter painter(&report);
    QFont font = painter.font();
    font.setPointSize(12);
    painter.setFont(font);
    painter.drawText(QRect(10, 0, report.width() - 20, header), Qt::AlignVCenter, title_);
    if (!curves.isNull()) painter.drawPixmap(0, header, curves);
    if (!embedding.isNull()) painter.drawImage(curves.width(), header, embedding);
  }
  QSaveFile out(file);
  if (!out.open(QIODevice::WriteOnly) || !report.save(&out, "PNG") || !out.commit()) {
    error = out.errorString().isEmpty() ? tr("could not write the image") : out.errorString();
    return false;
  }
  return true;
}

}  // namespace promptune
