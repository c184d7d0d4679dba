#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace promptune {

/// Most-recently-used file list kept in QSettings under one key, newest first, without duplicates, and the
/// "Open Recent" menu that shows it. Files that no longer exist are shown disabled rather than dropped silently.
class RecentFiles : public QObject {
  Q_OBJECT
 public:
  RecentFiles(const QString& settings_key, QObject* parent = nullptr);

  QStringList files() const;
  void add(const QString& path);
  void clear();
  /// Rebuilds `menu` from the list; choosing an entry emits file_chosen.
  void fill_menu(QMenu* menu);

  static constexpr int kMaximumFiles = 10;

 signals:
  void file_chosen(const QString& path);
  void changed();

 private:
  QString settings_key_;
};

}  // namespace promptune
