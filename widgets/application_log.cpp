#include "widgets/application_log.h"

#include <QMetaObject>
#include <QThread>
#include <cstdio>

namespace promptune {
namespace {

QtMessageHandler previous_handler = nullptr;

void forward_qt_message(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  LogLevel level = LogLevel::Info;
  switch (type) {
    case QtDebugMsg:
      level = LogLevel::Debug;
      break;
    case QtInfoMsg:
      level = LogLevel::Info;
      break;
    case QtWarningMsg:
      level = LogLevel::Warning;
      break;
    case QtCriticalMsg:
    case QtFatalMsg:
      level = LogLevel::Error;
      break;
  }
  ApplicationLog::instance().append(level, message);
  if (previous_handler) {
    previous_handler(type, context, message);
  } else {
    std::fprintf(stderr, "%s\n", qPrintable(message));
  }
}

}  // namespace

ApplicationLog& ApplicationLog::instance() {
  static ApplicationLog* log = new ApplicationLog;  // lives for the whole process, like the message handler
  return *log;
}

void ApplicationLog::append(LogLevel level, const QString& text) {
  const LogEntry entry{QDateTime::currentDateTime(), level, text};
  if (QThread::currentThread() == thread()) {
    append_on_owner_thread(entry);
  } else {
    QMetaObject::invokeMethod(
        this, [this, entry] { append_on_owner_thread(entry); }, Qt::QueuedConnection);
  }
}

void ApplicationLog::append_on_owner_thread(const LogEntry& entry) {
  if (entries_.size() >= kMaximumEntries) entries_.remove(0, kMaximumEntries / 10);
  entries_.push_back(entry);
  emit entry_added(entry);
}

void ApplicationLog::clear() {
  entries_.clear();
  emit cleared();
}

void ApplicationLog::install_qt_message_handler() {
  previous_handler = qInstallMessageHandler(forward_qt_message);
}

QString log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return QObject::tr("Debug");
    case LogLevel::Info:
      return QObject::tr("Info");
    case LogLevel::Warning:
      return QObject::tr("Warning");
    case LogLevel::Error:
      return QObject::tr("Error");
  }
  return {};
}

}  // namespace promptune
