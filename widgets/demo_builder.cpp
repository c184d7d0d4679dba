#include "widgets/demo_builder.h"

#include <QDir>
#include <QMetaObject>
#include <QStandardPaths>
#include <exception>

#include "core/demo/demo_workspace.h"

namespace promptune {

DemoBuilder::DemoBuilder(QObject* parent) : QObject(parent) {}

DemoBuilder::~DemoBuilder() {
  cancelled_ = true;
  if (worker_.joinable()) worker_.join();
}

QString DemoBuilder::default_folder() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath("demo");
}

void DemoBuilder::start(const QString& folder, bool reduced) {
  if (running()) return;
  if (worker_.joinable()) worker_.join();
  cancelled_ = false;
  done_ = false;
  worker_ = std::thread([this, path = folder.toStdString(), reduced] {
    DemoOptions options;
    options.reduced = reduced;
    try {
      const auto workspace = create_demo_workspace(path, options, [this](const DemoProgress& report) {
        QMetaObject::invokeMethod(
            this,
            [this, phase = QString::fromStdString(report.phase), done = report.done, total = report.total,
             remaining = report.remaining_seconds] { emit progress(phase, done, total, remaining); },
            Qt::QueuedConnection);
        return !cancelled_.load();
      });
      QStringList sessions;
      for (const auto& session : workspace.sessions) sessions << QString::fromStdString(session.string());
      QMetaObject::invokeMethod(
          this, [this, path, sessions] { emit finished(QString::fromStdString(path), sessions); },
          Qt::QueuedConnection);
    } catch (const std::exception& error) {
      QMetaObject::invokeMethod(
          this, [this, message = QString::fromStdString(error.what())] { emit failed(message); }, Qt::QueuedConnection);
    }
    done_ = true;
  });
}

}  // namespace promptune
