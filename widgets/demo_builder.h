#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <thread>

namespace promptune {

/// Builds the demo workspace (core/demo) on a worker thread and reports through queued signals, so the UI thread
/// never runs the pre-training. cancel() stops at the next step; the engine then leaves nothing behind.
class DemoBuilder : public QObject {
  Q_OBJECT
 public:
  explicit DemoBuilder(QObject* parent = nullptr);
  ~DemoBuilder() override;  ///< cancels and waits for the worker

  /// Starts building into `folder` (a new folder); `reduced`: the seconds-sized workspace. One build at a time.
  void start(const QString& folder, bool reduced);
  void cancel() { cancelled_ = true; }
  bool running() const { return worker_.joinable() && !done_; }

  /// The default location: the application's data folder + "/demo".
  static QString default_folder();

 signals:
  void progress(const QString& phase, qint64 done, qint64 total, double remaining_seconds);
  void finished(const QString& folder, const QStringList& sessions);
  void failed(const QString& message);

 private:
  std::thread worker_;
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> done_{false};
};

}  // namespace promptune
