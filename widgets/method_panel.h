#pragma once

#include <QDockWidget>
#include <QHash>
#include <nlohmann/json.hpp>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace promptune {

class SessionController;
struct MethodDescription;

/// Dock to pick the method and set its options and the main training settings (the device is in the Run panel). The
/// options form is generated from the method's option schema (type, default, range, choices, description as tooltip).
/// Every edit is checked at once by the engine's own session validation: a valid edit updates the session (the title
/// gets its
/// "*"), an invalid one is shown in red, naming the field, and is not applied, so Start always runs a valid
/// session. While a run is active or paused the form is read-only and says that edits wait for the next run.
class MethodPanel : public QDockWidget {
  Q_OBJECT
 public:
  explicit MethodPanel(SessionController* controller, QWidget* parent = nullptr);

  QComboBox* method_box() const { return method_box_; }
  /// The editor of option `name` (QSpinBox, QDoubleSpinBox, QCheckBox, QLineEdit or QComboBox); null if none.
  QWidget* option_editor(const QString& name) const { return option_editors_.value(name); }
  QSpinBox* epochs_box() const { return epochs_; }
  QDoubleSpinBox* learning_rate_box() const { return learning_rate_; }
  /// The error of the last edit, empty when the form is valid.
  QString validation_message() const;

 private:
  void load_from_session();
  void rebuild_options(const MethodDescription& method, const nlohmann::json& values);
  void method_chosen();
  void apply(bool method_changed);
  nlohmann::json option_values() const;
  void update_editable();

  SessionController* controller_;
  QComboBox* method_box_ = nullptr;
  QLabel* summary_ = nullptr;
  QFormLayout* options_form_ = nullptr;
  QHash<QString, QWidget*> option_editors_;
  QSpinBox* epochs_ = nullptr;
  QSpinBox* batch_size_ = nullptr;
  QDoubleSpinBox* learning_rate_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QLabel* validation_ = nullptr;
  QLabel* locked_note_ = nullptr;
  QWidget* form_ = nullptr;
  bool loading_ = false;        ///< filling the form from the session: no edits to apply
  bool applying_edit_ = false;  ///< an option edit is being applied: the form already shows it
};

}  // namespace promptune
