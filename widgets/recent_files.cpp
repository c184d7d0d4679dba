#include "widgets/recent_files.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace promptune {

RecentFiles::RecentFiles(const QString& settings_key, QObject* parent) : QObject(parent), settings_key_(settings_key) {}

QStringList RecentFiles::files() const {
  return QSettings().value(settings_key_).toStringList();
}

void RecentFiles::add(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  QStringList list = files();
  list.removeAll(absolute);
  list.prepend(absolute);
  while (list.size() > kMaximumFiles) list.removeLast();
  QSettings().setValue(settings_key_, list);
  emit changed();
}

void RecentFiles::clear() {
  QSettings().remove(settings_key_);
  emit changed();
}

void RecentFiles::fill_menu(QMenu* menu) {
  menu->clear();
  const QStringList list = files();
  int number = 1;
  for (const QString& path : list) {
    const QString label =
        number < 10 ? tr("&%1 %2").arg(number).arg(QDir::toNativeSeparators(path)) : QDir::toNativeSeparators(path);
    QAction* action = menu->addAction(label);
    const bool exists = QFileInfo::exists(path);
    action->setEnabled(exists);
    if (!exists) action->setToolTip(tr("This file no longer exists"));
    connect(action, &QAction::triggered, this, [this, path] { emit file_chosen(path); });
    ++number;
  }
  if (list.isEmpty()) menu->addAction(tr("No recent sessions"))->setEnabled(false);
  menu->addSeparator();
  QAction* clear_action = menu->addAction(tr("&Clear Menu"));
  clear_action->setEnabled(!list.isEmpty());
  connect(clear_action, &QAction::triggered, this, &RecentFiles::clear);
}

}  // namespace promptune
