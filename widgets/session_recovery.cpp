#include "widgets/session_recovery.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace promptune {

SessionRecovery::SessionRecovery(QString folder) {
  if (folder.isEmpty()) folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  file_ = QDir(folder).filePath(QStringLiteral("recovery.promptune-edits.json"));
}

QString SessionRecovery::write(const SessionConfig& session, const QString& original_file) const {
  QDir().mkpath(QFileInfo(file_).absolutePath());
  const nlohmann::json document = {{"original_file", original_file.toStdString()}, {"session", session.to_json()}};
  QSaveFile out(file_);
  const QByteArray bytes = QByteArray::fromStdString(document.dump(2));
  if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
    return QObject::tr("Could not keep the unsaved edits in %1: %2").arg(file_, out.errorString());
  return {};
}

std::optional<SessionRecovery::Pending> SessionRecovery::pending(QString* error) const {
  QFile in(file_);
  if (!in.exists() || !in.open(QIODevice::ReadOnly)) return std::nullopt;
  try {
    const auto document = nlohmann::json::parse(in.readAll().toStdString());
    Pending found{SessionConfig::from_json(document.at("session")),
                  QString::fromStdString(document.at("original_file").get<std::string>())};
    return found;
  } catch (const std::exception& problem) {
    if (error) *error = QObject::tr("The unsaved edits in %1 cannot be read: %2").arg(file_, problem.what());
    return std::nullopt;
  }
}

void SessionRecovery::discard() const {
  QFile::remove(file_);
}

}  // namespace promptune
