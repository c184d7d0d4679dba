#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QVector>

#include "core/util/log_level.h"

namespace promptune {

/// One line of the application log.
struct LogEntry {
  QDateTime time;  ///< when it was logged
  LogLevel level;  ///< severity
  QString text;    ///< the message, one line or several
};

/// The application's log, shown by LogPanel. Lives on the UI thread; append() may be called from any thread
/// (it queues the entry to the UI thread). Qt's own messages (qDebug, qWarning...) are routed here too.
class ApplicationLog : public QObject {
  Q_OBJECT
 public:
  static ApplicationLog& instance();

  /// Thread-safe: queues the entry to the log's thread.
  void append(LogLevel level, const QString& text);
  const QVector<LogEntry>& entries() const { return entries_; }
  void clear();

  /// Routes qDebug/qInfo/qWarning/qCritical into the log (keeping stderr output). Call once from main.
  static void install_qt_message_handler();

 signals:
  void entry_added(const promptune::LogEntry& entry);
  void cleared();

 private:
  ApplicationLog() = default;
  void append_on_owner_thread(const LogEntry& entry);

  static constexpr int kMaximumEntries = 20000;
  QVector<LogEntry> entries_;
};

QString log_level_name(LogLevel level);

}  // namespace promptune
