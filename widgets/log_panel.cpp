#include "widgets/log_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "widgets/application_log.h"

namespace promptune {

LogPanel::LogPanel(QWidget* parent) : QDockWidget(tr("Log"), parent) {
  setObjectName("LogPanel");  // saveState() identifies docks by object name
  auto* body = new QWidget(this);
  auto* layout = new QVBoxLayout(body);
  layout->setContentsMargins(4, 4, 4, 4);

  auto* toolbar = new QHBoxLayout;
  auto* level_label = new QLabel(tr("Show:"), body);
  level_filter_ = new QComboBox(body);
  for (LogLevel level : {LogLevel::Debug, LogLevel::Info, LogLevel::Warning, LogLevel::Error}) {
    level_filter_->addItem(tr("%1 and above").arg(log_level_name(level)), static_cast<int>(level));
  }
  level_filter_->setCurrentIndex(static_cast<int>(LogLevel::Info));
  level_label->setBuddy(level_filter_);
  auto* copy_button = new QPushButton(tr("&Copy"), body);
  copy_button->setToolTip(tr("Copy the lines shown to the clipboard"));
  auto* clear_button = new QPushButton(tr("C&lear"), body);
  toolbar->addWidget(level_label);
  toolbar->addWidget(level_filter_);
  toolbar->addStretch();
  toolbar->addWidget(copy_button);
  toolbar->addWidget(clear_button);
  layout->addLayout(toolbar);

  view_ = new QPlainTextEdit(body);
  view_->setReadOnly(true);
  view_->setMaximumBlockCount(20000);
  view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  layout->addWidget(view_);
  setWidget(body);

  connect(level_filter_, &QComboBox::currentIndexChanged, this, &LogPanel::rebuild);
  connect(copy_button, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(visible_text()); });
  connect(clear_button, &QPushButton::clicked, this, [] { ApplicationLog::instance().clear(); });
  connect(&ApplicationLog::instance(), &ApplicationLog::entry_added, this, &LogPanel::show_entry);
  connect(&ApplicationLog::instance(), &ApplicationLog::cleared, this, &LogPanel::rebuild);
  rebuild();
}

QString LogPanel::visible_text() const {
  return view_->toPlainText();
}

void LogPanel::set_minimum_level(int level) {
  level_filter_->setCurrentIndex(level);
}

void LogPanel::rebuild() {
  view_->clear();
  for (const LogEntry& entry : ApplicationLog::instance().entries()) show_entry(entry);
}

void LogPanel::show_entry(const LogEntry& entry) {
  if (static_cast<int>(entry.level) < level_filter_->currentData().toInt()) return;
  view_->appendPlainText(QStringLiteral("%1  %2  %3")
                             .arg(entry.time.toString(QStringLiteral("HH:mm:ss")),
                                  log_level_name(entry.level).leftJustified(7), entry.text));
}

}  // namespace promptune
