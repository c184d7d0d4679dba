#include "widgets/backbone_panel.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "widgets/background_tasks.h"
#include "widgets/session_controller.h"

namespace promptune {
namespace {

QLabel* value_label(QWidget* parent) {
  auto* label = new QLabel(parent);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

}  // namespace

BackbonePanel::BackbonePanel(SessionController* controller, QWidget* parent)
    : QDockWidget(tr("Backbone"), parent), controller_(controller), tasks_(std::make_unique<BackgroundTasks>(this)) {
  setObjectName("BackbonePanel");
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  auto* content = new QWidget(scroll);
  auto* layout = new QVBoxLayout(content);
  path_ = value_label(content);
  status_ = value_label(content);
  status_->setObjectName("BackboneStatus");
  auto* buttons = new QHBoxLayout;
  open_folder_ = new QPushButton(tr("Open &Folder..."), content);
  open_folder_->setToolTip(tr("A Hugging Face folder (config.json + model.safetensors + tokenizer files)"));
  open_file_ = new QPushButton(tr("Open Weight &File..."), content);
  open_file_->setToolTip(
      tr("An OpenAI/open_clip checkpoint (.safetensors, or .pt: prefer safetensors, which "
         "never runs code)"));
  buttons->addWidget(open_folder_);
  buttons->addWidget(open_file_);
  buttons->addStretch(1);
  form_ = new QFormLayout;
  name_ = value_label(content);
  architecture_ = value_label(content);
  layout_ = value_label(content);
  parameters_ = value_label(content);
  hash_ = value_label(content);
  hash_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  preprocessing_ = value_label(content);
  tokenizer_ = value_label(content);
  device_ = value_label(content);
  warnings_ = value_label(content);
  form_->addRow(tr("Name"), name_);
  form_->addRow(tr("Architecture"), architecture_);
  form_->addRow(tr("Layout"), layout_);
  form_->addRow(tr("Parameters"), parameters_);
  form_->addRow(tr("Weights SHA-256"), hash_);
  form_->addRow(tr("Preprocessing"), preprocessing_);
  form_->addRow(tr("Tokenizer"), tokenizer_);
  form_->addRow(tr("Device"), device_);
  form_->addRow(tr("Warnings"), warnings_);
  layout->addWidget(path_);
  layout->addLayout(buttons);
  layout->addWidget(status_);
  layout->addLayout(form_);
  layout->addStretch(1);
  scroll->setWidget(content);
  setWidget(scroll);

  connect(open_folder_, &QPushButton::clicked, this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Backbone Folder"));
    if (!folder.isEmpty()) open_backbone(folder);
  });
  connect(open_file_, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Backbone Weights"), QString(),
                                                      tr("Checkpoints (*.safetensors *.pt *.bin);;All files (*)"));
    if (!file.isEmpty()) open_backbone(file);
  });
  connect(controller_, &SessionController::session_changed, this, &BackbonePanel::session_changed);
  connect(controller_, &SessionController::state_changed, this, [this] {
    const bool editable = controller_->editable();
    open_folder_->setEnabled(editable);
    open_file_->setEnabled(editable);
  });
  session_changed();
}

BackbonePanel::~BackbonePanel() = default;

bool BackbonePanel::loading() const {
  return tasks_->busy();
}

QString BackbonePanel::status_text() const {
  return status_->text();
}

void BackbonePanel::session_changed() {
  const bool has = controller_->has_session();
  open_folder_->setEnabled(has && controller_->editable());
  open_file_->setEnabled(has && controller_->editable());
  if (!has) {
    path_->setText(tr("Open or create a session to choose its backbone."));
    return;
  }
  const QString path = QString::fromStdString(controller_->session().backbone.string());
  device_->setText(QString::fromStdString(controller_->session().device) + " · " +
                   QString::fromStdString(controller_->session().precision));
  if (path == shown_path_ || loading()) return;
  inspect(path, false);
}

void BackbonePanel::open_backbone(const QString& path) {
  if (is_torch_archive(path) && !confirm_torch_archive(path)) {
    status_->setText(tr("Not opened: %1 (a .pt/.bin archive; convert it to safetensors first)").arg(path));
    return;
  }
  inspect(path, true);
}

bool BackbonePanel::is_torch_archive(const QString& path) {
  return path.endsWith(QLatin1String(".pt"), Qt::CaseInsensitive) ||
         path.endsWith(QLatin1String(".pth"), Qt::CaseInsensitive) ||
         path.endsWith(QLatin1String(".bin"), Qt::CaseInsensitive);
}

bool BackbonePanel::confirm_torch_archive(const QString& path) {
  // Pickle archives are how PyTorch users get code run on load; we never run their code, but the archive reader
  // is LibTorch's, which is not hardened against hostile files the way our safetensors reader is (and fuzzed).
  QMessageBox box(QMessageBox::Warning, tr("Open PyTorch Archive"),
                  tr("%1 is a PyTorch .pt/.bin archive.").arg(QFileInfo(path).fileName()), QMessageBox::NoButton, this);
  box.setObjectName("TorchArchiveWarning");
  box.setInformativeText(
      tr("Such archives are pickle-based. Promptune reads only their tensors and never runs code from them (of a "
         "TorchScript archive only the parameters and buffers are used; its scripted code is ignored), but the "
         "archive reader comes from LibTorch and is not built for hostile files.\n\nOpen archives only from "
         "sources you trust, or convert once and use the safetensors file from then on:\n"
         "    promptune-cli convert %1 model.safetensors")
          .arg(QFileInfo(path).fileName()));
  box.addButton(tr("&Open Anyway"), QMessageBox::AcceptRole);
  box.setDefaultButton(box.addButton(QMessageBox::Cancel));
  box.exec();
  return box.buttonRole(box.clickedButton()) == QMessageBox::AcceptRole;
}

void BackbonePanel::inspect(const QString& path, bool adopt) {
  path_->setText(tr("<b>%1</b>").arg(path.toHtmlEscaped()));
  status_->setText(tr("Loading the checkpoint and hashing its weights..."));
  const std::string file = path.toStdString();
  const std::string tokenizer = controller_->has_session() ? controller_->session().tokenizer.string() : "";
  tasks_->run<BackboneSummary>([file, tokenizer] { return summarize_backbone(file, tokenizer); },
                               [this, path, adopt](const BackboneSummary& summary) {
                                 if (adopt) {
                                   const QString error = controller_->edit_session([&](nlohmann::json& document) {
                                     document["backbone"]["path"] = path.toStdString();
                                   });
                                   if (!error.isEmpty()) {
                                     status_->setText(tr("Not applied: %1").arg(error));
                                     emit load_failed(error);
                                     return;
                                   }
                                 }
                                 summary_ = summary;
                                 shown_path_ = path;
                                 show_summary();
                                 emit summary_ready();
                               },
                               [this, path](const QString& message) {
                                 status_->setText(tr("Cannot load %1: %2").arg(path, message));
                                 emit load_failed(message);
                               });
}

void BackbonePanel::show_summary() {
  const bool text = summary_.modality == "text";
  status_->setText(text ? tr("Masked language model: text methods") : tr("CLIP: image methods"));
  name_->setText(QString::fromStdString(summary_.name));
  architecture_->setText(QString::fromStdString(summary_.architecture));
  layout_->setText(QString::fromStdString(summary_.layout));
  parameters_->setText(QLocale().toString(static_cast<qlonglong>(summary_.parameters)));
  hash_->setText(QString::fromStdString(summary_.weights_hash));
  hash_->setToolTip(QString::fromStdString(summary_.weights_file));
  preprocessing_->setText(QString::fromStdString(summary_.preprocessing));
  tokenizer_->setText(QString::fromStdString(summary_.tokenizer));
  QStringList warnings;
  for (const auto& warning : summary_.warnings) warnings << QString::fromStdString(warning);
  warnings_->setText(warnings.isEmpty() ? tr("none") : warnings.join('\n'));
}

}  // namespace promptune
