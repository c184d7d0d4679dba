#include "widgets/shortcuts_dialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace promptune {
namespace {

QString plain(QString text) {
  text.remove(QLatin1Char('&'));
  if (text.endsWith(QStringLiteral("..."))) text.chop(3);
  return text;
}

}  // namespace

ShortcutsDialog::ShortcutsDialog(QWidget* window, QWidget* parent) : QDialog(parent) {
  setObjectName("ShortcutsDialog");
  setWindowTitle(tr("Keyboard Shortcuts"));
  resize(520, 600);
  auto* layout = new QVBoxLayout(this);
  table_ = new QTableWidget(0, 2, this);
  table_->setHorizontalHeaderLabels({tr("Command"), tr("Shortcut")});
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  layout->addWidget(table_);

  QList<QPair<QString, QString>> rows;
  QSet<QString> seen;
  auto add = [&](const QString& command, const QKeySequence& keys) {
    const QString shortcut = keys.toString(QKeySequence::NativeText);
    if (shortcut.isEmpty() || seen.contains(command + shortcut)) return;
    seen.insert(command + shortcut);
    rows.append({command, shortcut});
  };
  for (QAction* action : window->findChildren<QAction*>())
    for (const QKeySequence& keys : action->shortcuts()) add(plain(action->text()), keys);
  for (QAbstractButton* button : window->findChildren<QAbstractButton*>())
    add(plain(button->text()), button->shortcut());
  std::sort(rows.begin(), rows.end());
  const QList<QPair<QString, QString>> viewer = {
      {tr("Embedding view: pan"), tr("Drag")},
      {tr("Embedding view: zoom at the mouse"), tr("Wheel")},
      {tr("Embedding view: select points"), tr("Shift+Drag (Ctrl adds)")},
      {tr("Embedding view: fit all points"), tr("Double-click or F")},
      {tr("Embedding view: clear selection, show all"), tr("Esc, right-click clears the selection")}};
  rows.append(viewer);
  table_->setRowCount(static_cast<int>(rows.size()));
  for (int row = 0; row < rows.size(); ++row) {
    table_->setItem(row, 0, new QTableWidgetItem(rows[row].first));
    table_->setItem(row, 1, new QTableWidgetItem(rows[row].second));
  }
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

}  // namespace promptune
