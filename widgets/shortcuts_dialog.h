#pragma once

#include <QDialog>

class QTableWidget;

namespace promptune {

/// Every keyboard shortcut of the window, read from its actions and buttons (so the list cannot go stale), and the
/// mouse and keys of the embedding view.
class ShortcutsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ShortcutsDialog(QWidget* window, QWidget* parent = nullptr);
  QTableWidget* table() const { return table_; }

 private:
  QTableWidget* table_ = nullptr;
};

}  // namespace promptune
