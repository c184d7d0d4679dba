#include "widgets/method_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

#include "core/methods/method_description.h"
#include "widgets/inline_error.h"
#include "widgets/session_controller.h"

namespace promptune {
namespace {

int decimals_for(double value) {
  if (value == 0.0) return 6;
  return std::clamp(static_cast<int>(std::ceil(-std::log10(std::abs(value)))) + 3, 2, 8);
}

QString range_text(const MethodOption& option) {
  if (option.type == OptionType::Integer || option.type == OptionType::Number)
    return QStringLiteral("%1 .. %2").arg(option.minimum).arg(option.maximum);
  if (option.type == OptionType::Choice) {
    QStringList choices;
    for (const auto& choice : option.choices) choices << QString::fromStdString(choice);
    return choices.join(QStringLiteral(", "));
  }
  return {};
}

}  // namespace

MethodPanel::MethodPanel(SessionController* controller, QWidget* parent)
    : QDockWidget(tr("Method"), parent), controller_(controller) {
  setObjectName("MethodPanel");
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  form_ = new QWidget(scroll);
  auto* layout = new QVBoxLayout(form_);

  method_box_ = new QComboBox(form_);
  method_box_->setObjectName("MethodBox");
  method_box_->setAccessibleName(tr("Method"));
  summary_ = new QLabel(form_);
  summary_->setWordWrap(true);
  layout->addWidget(method_box_);
  layout->addWidget(summary_);

  auto* options_group = new QGroupBox(tr("Options"), form_);
  options_form_ = new QFormLayout(options_group);
  layout->addWidget(options_group);

  auto* training_group = new QGroupBox(tr("Training"), form_);
  auto* training = new QFormLayout(training_group);
  epochs_ = new QSpinBox(training_group);
  epochs_->setRange(1, 100000);
  batch_size_ = new QSpinBox(training_group);
  batch_size_->setRange(1, 65536);
  learning_rate_ = new QDoubleSpinBox(training_group);
  learning_rate_->setDecimals(7);
  learning_rate_->setRange(0.0, 100.0);
  learning_rate_->setSingleStep(1e-4);
  seed_ = new QSpinBox(training_group);
  seed_->setRange(0, 2147483647);
  seed_->setToolTip(tr("Initialisation, batch order and augmentation; the same seed repeats a run"));
  training->addRow(tr("&Epochs"), epochs_);
  training->addRow(tr("&Batch size"), batch_size_);
  training->addRow(tr("&Learning rate"), learning_rate_);
  training->addRow(tr("S&eed"), seed_);
  layout->addWidget(training_group);

  validation_ = make_error_label(form_);
  validation_->setObjectName("MethodValidation");
  validation_->hide();
  locked_note_ = new QLabel(tr("A run is active or paused: settings are read-only. Stop it to edit; edits apply to "
                               "the next run."),
                            form_);
  locked_note_->setWordWrap(true);
  locked_note_->hide();
  layout->addWidget(validation_);
  layout->addWidget(locked_note_);
  layout->addStretch(1);
  scroll->setWidget(form_);
  setWidget(scroll);

  connect(method_box_, &QComboBox::currentIndexChanged, this, &MethodPanel::method_chosen);
  for (QSpinBox* box : {epochs_, batch_size_, seed_})
    connect(box, &QSpinBox::valueChanged, this, [this] { apply(false); });
  connect(learning_rate_, &QDoubleSpinBox::valueChanged, this, [this] { apply(false); });
  connect(controller_, &SessionController::session_changed, this, &MethodPanel::load_from_session);
  connect(controller_, &SessionController::state_changed, this, &MethodPanel::update_editable);
  load_from_session();
}

QString MethodPanel::validation_message() const {
  return validation_->isHidden() ? QString() : validation_->text();
}

void MethodPanel::update_editable() {
  const bool editable = controller_->editable();
  form_->setEnabled(editable);
  locked_note_->setVisible(controller_->has_session() && !editable);
}

void MethodPanel::load_from_session() {
  // An option edit already shows what the session now holds; rebuilding would delete the editor that is
  // still sending its signal.
  if (loading_ || applying_edit_) return;
  loading_ = true;
  if (controller_->has_session()) {
    const SessionConfig& session = controller_->session();
    const auto& method = find_method_description(session.method);
    // Only methods of the session's backbone kind: a CLIP session cannot switch to a masked-LM method.
    method_box_->clear();
    for (const auto& candidate : method_catalog())
      if (candidate.modality == method.modality)
        method_box_->addItem(QString::fromStdString(candidate.title), QString::fromStdString(candidate.name));
    method_box_->setCurrentIndex(method_box_->findData(QString::fromStdString(session.method)));
    rebuild_options(method, session.method_options);
    epochs_->setValue(session.training.epochs);
    batch_size_->setValue(session.training.batch_size);
    learning_rate_->setValue(session.training.learning_rate);
    seed_->setValue(static_cast<int>(std::min<std::uint64_t>(session.seed, 2147483647)));
    // Methods that train nothing have no training settings worth showing.
    epochs_->setEnabled(method.trains_by_gradient);
    batch_size_->setEnabled(method.trains_by_gradient);
    learning_rate_->setEnabled(method.trains_by_gradient);
    validation_->hide();
  }
  loading_ = false;
  update_editable();
}

void MethodPanel::rebuild_options(const MethodDescription& method, const nlohmann::json& values) {
  summary_->setText(QString::fromStdString(method.summary));
  while (options_form_->rowCount() > 0) options_form_->removeRow(0);
  option_editors_.clear();
  if (method.options.empty()) {
    options_form_->addRow(new QLabel(tr("This method has no options."), form_));
    return;
  }
  for (const auto& option : method.options) {
    const QString name = QString::fromStdString(option.name);
    const nlohmann::json value = values.contains(option.name) ? values.at(option.name) : option.default_value;
    QWidget* editor = nullptr;
    switch (option.type) {
      case OptionType::Integer: {
        auto* box = new QSpinBox(form_);
        box->setRange(static_cast<int>(option.minimum), static_cast<int>(std::min(option.maximum, 2147483647.0)));
        box->setValue(value.get<int>());
        connect(box, &QSpinBox::valueChanged, this, [this] { apply(false); });
        editor = box;
        break;
      }
      case OptionType::Number: {
        auto* box = new QDoubleSpinBox(form_);
        box->setDecimals(decimals_for(option.default_value.get<double>()));
        box->setRange(option.minimum, option.maximum);
        box->setSingleStep(
            std::max(std::abs(option.default_value.get<double>()) / 10.0, std::pow(10.0, -box->decimals())));
        box->setValue(value.get<double>());
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] { apply(false); });
        editor = box;
        break;
      }
      case OptionType::Boolean: {
        auto* box = new QCheckBox(form_);
        box->setChecked(value.get<bool>());
        connect(box, &QCheckBox::toggled, this, [this] { apply(false); });
        editor = box;
        break;
      }
      case OptionType::Text: {
        auto* line = new QLineEdit(QString::fromStdString(value.get<std::string>()), form_);
        connect(line, &QLineEdit::editingFinished, this, [this] { apply(false); });
        editor = line;
        break;
      }
      case OptionType::Choice: {
        auto* box = new QComboBox(form_);
        for (const auto& choice : option.choices) box->addItem(QString::fromStdString(choice));
        box->setCurrentText(QString::fromStdString(value.get<std::string>()));
        connect(box, &QComboBox::currentTextChanged, this, [this] { apply(false); });
        editor = box;
        break;
      }
    }
    editor->setObjectName(QStringLiteral("option_") + name);
    editor->setAccessibleName(name);
    const QString range = range_text(option);
    editor->setToolTip(QStringLiteral("<p>%1</p><p>%2%3</p>")
                           .arg(QString::fromStdString(option.description).toHtmlEscaped(),
                                tr("Default: %1").arg(QString::fromStdString(option.default_value.dump())),
                                range.isEmpty() ? QString() : QStringLiteral("<br>") + tr("Allowed: %1").arg(range)));
    options_form_->addRow(name, editor);
    option_editors_.insert(name, editor);
  }
}

nlohmann::json MethodPanel::option_values() const {
  nlohmann::json values = nlohmann::json::object();
  for (auto it = option_editors_.begin(); it != option_editors_.end(); ++it) {
    const std::string name = it.key().toStdString();
    if (auto* box = qobject_cast<QSpinBox*>(it.value()))
      values[name] = box->value();
    else if (auto* number = qobject_cast<QDoubleSpinBox*>(it.value()))
      values[name] = number->value();
    else if (auto* check = qobject_cast<QCheckBox*>(it.value()))
      values[name] = check->isChecked();
    else if (auto* line = qobject_cast<QLineEdit*>(it.value()))
      values[name] = line->text().toStdString();
    else if (auto* choice = qobject_cast<QComboBox*>(it.value()))
      values[name] = choice->currentText().toStdString();
  }
  return values;
}

void MethodPanel::method_chosen() {
  if (loading_ || !controller_->has_session()) return;
  apply(true);
}

void MethodPanel::apply(bool method_changed) {
  if (loading_ || !controller_->editable()) return;
  const std::string method = method_box_->currentData().toString().toStdString();
  const nlohmann::json options = option_values();
  applying_edit_ = !method_changed;
  const QString error = controller_->edit_session([&](nlohmann::json& document) {
    if (method_changed) {
      // A new method starts from its own defaults and official training recipe.
      document["method"] = {{"name", method}, {"options", nlohmann::json::object()}};
      document.erase("training");
    } else {
      document["method"] = {{"name", method}, {"options", options}};
      document["training"]["epochs"] = epochs_->value();
      document["training"]["batch_size"] = batch_size_->value();
      document["training"]["learning_rate"] = learning_rate_->value();
    }
    document["seed"] = seed_->value();
  });
  applying_edit_ = false;
  validation_->setText(error.isEmpty() ? QString() : tr("Not applied: %1").arg(error));
  validation_->setHidden(error.isEmpty());
}

}  // namespace promptune
