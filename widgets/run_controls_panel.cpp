#include "widgets/run_controls_panel.h"

#include <QComboBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/system/system_info.h"
#include "core/util/duration_text.h"

namespace promptune {

namespace {

QPushButton* make_button(const QString& text, const QKeySequence& shortcut, const QString& tip, QWidget* parent) {
  auto* button = new QPushButton(text, parent);
  button->setShortcut(shortcut);
  button->setToolTip(QStringLiteral("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
  return button;
}

}  // namespace

RunControlsPanel::RunControlsPanel(SessionController* controller, QWidget* parent)
    : QDockWidget(tr("Run"), parent), controller_(controller) {
  setObjectName("RunControlsPanel");
  auto* body = new QWidget(this);
  auto* layout = new QVBoxLayout(body);
  layout->setContentsMargins(6, 6, 6, 6);
  session_label_ =
      new QLabel(tr("No session open: File > Open Session (Ctrl+O), or Help > Create Demo Workspace."), body);
  session_label_->setWordWrap(true);
  layout->addWidget(session_label_);

  auto* device_row = new QHBoxLayout;
  device_ = new QComboBox(body);
  device_->setObjectName("DeviceBox");
  device_->setEditable(true);
  device_->addItems({QStringLiteral("auto"), QStringLiteral("cpu")});
  const SystemInfo info = collect_system_info();
  for (std::size_t i = 0; i < info.cuda_devices.size(); ++i)
    device_->addItem(QStringLiteral("cuda:%1").arg(i), QString::fromStdString(info.cuda_devices[i].name));
  device_->setToolTip(info.cuda_devices.empty()
                          ? tr("auto: the first CUDA device when there is one, else the CPU (this machine has no "
                               "CUDA device)")
                          : tr("auto: the first CUDA device when there is one, else the CPU"));
  auto* device_label = new QLabel(tr("&Device:"), body);
  device_label->setBuddy(device_);
  device_row->addWidget(device_label);
  device_row->addWidget(device_, 1);
  layout->addLayout(device_row);

  auto* buttons = new QHBoxLayout;
  start_ = make_button(tr("&Start"), QKeySequence(Qt::Key_F5), tr("Train the open session from the beginning"), body);
  pause_ = make_button(tr("&Pause"), QKeySequence(Qt::Key_F6),
                       tr("Write a checkpoint and stop; Resume continues from it"), body);
  resume_ = make_button(tr("&Resume"), QKeySequence(Qt::SHIFT | Qt::Key_F6),
                        tr("Continue the paused run from its checkpoint"), body);
  stop_ = make_button(tr("S&top"), QKeySequence(Qt::SHIFT | Qt::Key_F5),
                      tr("Stop the run; its checkpoint and the prompt so far are kept"), body);
  start_->setObjectName("StartButton");
  start_tip_ = start_->toolTip();
  resume_tip_ = resume_->toolTip();
  pause_->setObjectName("PauseButton");
  resume_->setObjectName("ResumeButton");
  stop_->setObjectName("StopButton");
  for (auto* button : {start_, pause_, resume_, stop_}) buttons->addWidget(button);
  layout->addLayout(buttons);

  state_label_ = new QLabel(body);
  state_label_->setObjectName("RunStateLabel");
  bar_ = new QProgressBar(body);
  bar_->setRange(0, 1);
  bar_->setValue(0);
  progress_label_ = new QLabel(body);
  progress_label_->setObjectName("RunProgressLabel");
  progress_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(state_label_);
  layout->addWidget(bar_);
  layout->addWidget(progress_label_);
  layout->addStretch();
  // The session line wraps; without a floor the dock can be squeezed until its first line is cut.
  body->setMinimumHeight(body->sizeHint().height() + session_label_->sizeHint().height());
  setWidget(body);

  connect(start_, &QPushButton::clicked, controller_, &SessionController::start);
  connect(pause_, &QPushButton::clicked, controller_, &SessionController::pause);
  connect(resume_, &QPushButton::clicked, controller_, &SessionController::resume);
  connect(stop_, &QPushButton::clicked, controller_, &SessionController::stop);
  connect(controller_, &SessionController::state_changed, this, &RunControlsPanel::show_state);
  connect(controller_, &SessionController::progress, this, &RunControlsPanel::show_progress);
  connect(device_, &QComboBox::currentTextChanged, this, [this](const QString& device) {
    if (showing_session_ || !controller_->has_session()) return;
    const QString error = controller_->edit_session(
        [&](nlohmann::json& document) { document["device"] = device.trimmed().toStdString(); });
    device_->setToolTip(error.isEmpty() ? QString() : tr("Not applied: %1").arg(error));
  });
  connect(controller_, &SessionController::session_changed, this, [this] {
    const auto& session = controller_->session();
    showing_session_ = true;
    device_->setCurrentText(QString::fromStdString(session.device));
    showing_session_ = false;
    const QString file = controller_->session_file();
    session_label_->setText(tr("<b>%1</b> · %2 · %3")
                                .arg(QString::fromStdString(session.name).toHtmlEscaped(),
                                     QString::fromStdString(session.method),
                                     file.isEmpty() ? tr("not saved") : QFileInfo(file).fileName().toHtmlEscaped()));
    session_label_->setToolTip(file);
    update_resume();  // a reopened run can change what Resume does without changing the state
  });
  connect(controller_, &SessionController::run_started, this, [this] {
    rate_phase_.clear();
    steps_per_second_ = 0.0;
    training_seen_ = false;
    training_eta_ = -1.0;
    progress_label_->clear();
  });
  connect(controller_, &SessionController::failed, this, [this](const QString& message) {
    progress_label_->setText(tr("Failed: %1").arg(message));
    progress_label_->setWordWrap(true);
  });
  show_state(controller_->state());
}

void RunControlsPanel::show_state(SessionController::State state) {
  using State = SessionController::State;
  device_->setEnabled(controller_->editable());
  start_->setEnabled(state == State::Ready || state == State::Paused || state == State::Finished ||
                     state == State::Failed);
  pause_->setEnabled(state == State::Running);
  update_resume();
  stop_->setEnabled(state == State::Running || state == State::Pausing || state == State::Paused);
  start_->setToolTip(state == State::Paused ? tr("Discard the paused run and train again from the beginning (F5)")
                                            : start_tip_);
  state_label_->setText(SessionController::state_name(state));
  if (state == State::Finished) {
    bar_->setRange(0, 1);
    bar_->setValue(1);
  }
  emit status_message(SessionController::state_name(state));
}

void RunControlsPanel::update_resume() {
  resume_->setEnabled(controller_->can_resume());
  resume_->setToolTip(controller_->state() == SessionController::State::Failed
                          ? tr("Continue the failed run from its last checkpoint, once the cause is fixed (%1)")
                                .arg(resume_->shortcut().toString(QKeySequence::NativeText))
                          : resume_tip_);
}

void RunControlsPanel::show_progress(const ProgressEvent& event) {
  // Once training has begun the bar stays on the training steps; the evaluations between epochs are said in the
  // text, not shown as a bar jumping to 100 % and back.
  if (event.phase == "training") training_seen_ = true;
  if (event.phase == "training" || !training_seen_) {
    const int total = static_cast<int>(std::min<long long>(event.total, 1 << 30));
    bar_->setRange(0, std::max(total, 1));
    bar_->setValue(static_cast<int>(std::min<long long>(event.done, total)));
  }
  // The training rate over the last second or more, kept through the evaluations between epochs.
  if (event.phase == "training") {
    if (rate_phase_ != event.phase || event.done < rate_done_) {
      rate_phase_ = event.phase;
      rate_done_ = event.done;
      rate_elapsed_ = event.elapsed_seconds;
    } else if (event.elapsed_seconds - rate_elapsed_ >= 1.0) {
      steps_per_second_ = (event.done - rate_done_) / (event.elapsed_seconds - rate_elapsed_);
      rate_done_ = event.done;
      rate_elapsed_ = event.elapsed_seconds;
    }
  }
  QStringList parts{QString::fromStdString(event.phase)};
  if (event.epochs > 0) parts << tr("epoch %1/%2").arg(event.epoch).arg(event.epochs);
  const bool counts_training = event.phase == "training" || !training_seen_;
  if (event.total > 0 && counts_training) parts << tr("%1/%2").arg(event.done).arg(event.total);
  if (event.phase == "training") training_eta_ = event.eta_seconds;
  if (steps_per_second_ > 0.0) parts << tr("%1 steps/s").arg(steps_per_second_, 0, 'f', steps_per_second_ < 10 ? 2 : 1);
  parts << tr("%1 elapsed").arg(QString::fromStdString(format_duration(event.elapsed_seconds)));
  const double eta = counts_training ? event.eta_seconds : training_eta_;
  if (eta >= 0.0) parts << tr("%1 left").arg(QString::fromStdString(format_duration(eta)));
  progress_label_->setWordWrap(false);
  progress_label_->setText(parts.join(QStringLiteral(" · ")));
  emit status_message(progress_label_->text());
}

QString RunControlsPanel::progress_text() const {
  return progress_label_->text();
}

}  // namespace promptune
