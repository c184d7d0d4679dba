#pragma once

#include <QLabel>

namespace promptune {

/// A label for an error the user must fix, shown where it happened: red, wrapping, selectable (to copy the
/// message). Empty text: nothing shows.
inline QLabel* make_error_label(QWidget* parent) {
  auto* label = new QLabel(parent);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label->setStyleSheet(QStringLiteral("color: #c0392b;"));
  return label;
}

}  // namespace promptune
