#pragma once

#include <QDockWidget>

class QComboBox;
class QPlainTextEdit;

namespace promptune {

struct LogEntry;

/// Dock that shows the application log with a minimum-level filter, Copy and Clear.
class LogPanel : public QDockWidget {
  Q_OBJECT
 public:
  explicit LogPanel(QWidget* parent = nullptr);

  /// The text currently shown (after filtering); what Copy puts on the clipboard.
  QString visible_text() const;
  void set_minimum_level(int level);

 private:
  void rebuild();
  void show_entry(const LogEntry& entry);

  QComboBox* level_filter_ = nullptr;
  QPlainTextEdit* view_ = nullptr;
};

}  // namespace promptune
