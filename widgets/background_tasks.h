#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <algorithm>
#include <exception>
#include <functional>
#include <memory>
#include <vector>

namespace promptune {

/// Short jobs of a widget (loading a backbone to summarise it, reading a dataset, making thumbnails) on their own
/// threads, so the UI thread never waits for disk or tensors. Results come back as queued calls on `owner`'s
/// thread; a job's result is dropped when a newer job of the same owner has started since (the user opened
/// another file). The destructor waits for running jobs, so none outlives its widget.
class BackgroundTasks {
 public:
  explicit BackgroundTasks(QObject* owner) : owner_(owner) {}
  ~BackgroundTasks() {
    for (QThread* thread : threads_)
      if (thread) thread->wait();
  }
  BackgroundTasks(const BackgroundTasks&) = delete;
  BackgroundTasks& operator=(const BackgroundTasks&) = delete;

  template <typename Result>
  void run(std::function<Result()> work, std::function<void(const Result&)> done,
           std::function<void(const QString&)> failed) {
    const int generation = ++generation_;
    auto* latest = &generation_;
    QObject* owner = owner_;
    QThread* thread = QThread::create([=] {
      try {
        auto result = std::make_shared<Result>(work());
        QMetaObject::invokeMethod(
            owner,
            [=] {
              if (*latest == generation) done(*result);
            },
            Qt::QueuedConnection);
      } catch (const std::exception& error) {
        const QString message = QString::fromUtf8(error.what());
        QMetaObject::invokeMethod(
            owner,
            [=] {
              if (*latest == generation) failed(message);
            },
            Qt::QueuedConnection);
      }
    });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    threads_.erase(std::remove_if(threads_.begin(), threads_.end(), [](const QPointer<QThread>& t) { return !t; }),
                   threads_.end());
    threads_.push_back(thread);
    thread->start();
  }

  bool busy() const {
    for (const auto& thread : threads_)
      if (thread && thread->isRunning()) return true;
    return false;
  }

 private:
  QObject* owner_;
  int generation_ = 0;
  std::vector<QPointer<QThread>> threads_;
};

}  // namespace promptune
