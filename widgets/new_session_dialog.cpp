#include "widgets/new_session_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/train/session_config.h"
#include "widgets/inline_error.h"

namespace promptune {
namespace {

/// A masked LM folder names its model type in config.json; CLIP checkpoints do not say "bert" or "roberta".
bool looks_like_masked_lm(const QString& backbone) {
  QFile config(QDir(backbone).filePath(QStringLiteral("config.json")));
  if (!config.open(QIODevice::ReadOnly)) return false;
  const auto document = nlohmann::json::parse(config.readAll().toStdString(), nullptr, false);
  if (!document.is_object()) return false;
  const std::string type = document.value("model_type", "");
  return type == "bert" || type == "roberta" ||
         document.value("architectures", nlohmann::json::array()).dump().find("ForMaskedLM") != std::string::npos;
}

QWidget* with_browse(QLineEdit* line, QWidget* parent, const std::function<QString()>& choose) {
  auto* row = new QWidget(parent);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* browse = new QPushButton(QObject::tr("Browse..."), row);
  layout->addWidget(line, 1);
  layout->addWidget(browse);
  QObject::connect(browse, &QPushButton::clicked, line, [line, choose] {
    const QString chosen = choose();
    if (!chosen.isEmpty()) line->setText(chosen);
  });
  return row;
}

}  // namespace

NewSessionDialog::NewSessionDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("New Session"));
  setObjectName("NewSessionDialog");
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  name_ = new QLineEdit(QStringLiteral("session"), this);
  backbone_ = new QLineEdit(this);
  dataset_ = new QLineEdit(this);
  file_ = new QLineEdit(this);
  unlabeled_ = new QCheckBox(tr("The data is unlabeled target data (POUF adapts to it)"), this);
  const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  file_->setText(QDir(documents.isEmpty() ? QDir::homePath() : documents).filePath("session.promptune.json"));
  connect(name_, &QLineEdit::textChanged, file_, [this](const QString& name) {
    file_->setText(QFileInfo(file_->text()).dir().filePath(name + QStringLiteral(".promptune.json")));
  });
  form->addRow(tr("&Name"), name_);
  form->addRow(tr("&Backbone folder"), with_browse(backbone_, this, [this] {
                 return QFileDialog::getExistingDirectory(this, tr("Backbone Folder"));
               }));
  form->addRow(tr("&Data"), with_browse(dataset_, this, [this] {
                 return QFileDialog::getExistingDirectory(this, tr("Dataset Folder"));
               }));
  form->addRow(QString(), unlabeled_);
  form->addRow(tr("Session &file"), with_browse(file_, this, [this] {
                 return QFileDialog::getSaveFileName(this, tr("Session File"), file_->text(),
                                                     tr("Promptune sessions (*.promptune.json)"));
               }));
  layout->addLayout(form);
  error_ = make_error_label(this);
  layout->addWidget(error_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("&Create"));
  connect(buttons, &QDialogButtonBox::accepted, this, &NewSessionDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(640, sizeHint().height());
}

QString NewSessionDialog::session_file() const {
  return file_->text();
}

QString NewSessionDialog::create(const QString& name, const QString& backbone, const QString& dataset,
                                 bool unlabeled_target, const QString& file) {
  if (backbone.isEmpty()) return tr("Choose a backbone folder.");
  if (dataset.isEmpty()) return tr("Choose the data.");
  const bool text = looks_like_masked_lm(backbone);
  const char* role = unlabeled_target ? "target" : "train";
  const char* method = unlabeled_target ? (text ? "pouf_mlm" : "pouf_prompt") : (text ? "mlm_zero_shot" : "coop");
  nlohmann::json document = {{"format", "promptune-session"},
                             {"version", SessionConfig::kFormatVersion},
                             {"name", name.toStdString()},
                             {"backbone", {{"path", backbone.toStdString()}}},
                             {"data", {{role, {{"path", dataset.toStdString()}}}}},
                             {"method", {{"name", method}}}};
  try {
    const auto base = QFileInfo(file).absolutePath().toStdString();
    QDir().mkpath(QString::fromStdString(base));
    SessionConfig::from_json(document, base).save(file.toStdString());
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

void NewSessionDialog::accept() {
  const QString error = create(name_->text().trimmed(), backbone_->text().trimmed(), dataset_->text().trimmed(),
                               unlabeled_->isChecked(), file_->text().trimmed());
  if (!error.isEmpty()) {
    error_->setText(error);
    return;
  }
  QDialog::accept();
}

}  // namespace promptune
