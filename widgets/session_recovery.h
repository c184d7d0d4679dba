#pragma once

#include <QString>
#include <optional>

#include "core/train/session_config.h"

namespace promptune {

/// Unsaved session edits kept on disk, so a crash or a killed window loses nothing: every edit rewrites one
/// recovery file (atomically); a clean save or an intended discard removes it; at the next start the window
/// offers to restore it.
class SessionRecovery {
 public:
  struct Pending {
    SessionConfig session;
    QString original_file;  ///< the file the edits belong to; empty for a never-saved session
  };

  /// `folder` empty: the application's data folder.
  explicit SessionRecovery(QString folder = {});
  QString file() const { return file_; }
  /// Writes the edited session; returns the error, or empty.
  QString write(const SessionConfig& session, const QString& original_file) const;
  /// The edits left by an earlier process, if any (unreadable ones are reported in `error`).
  std::optional<Pending> pending(QString* error = nullptr) const;
  void discard() const;

 private:
  QString file_;
};

}  // namespace promptune
