#include "widgets/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace promptune {
namespace {

struct SystemLook {
  QString style;
  QPalette palette;
};

/// The desktop's own style and palette, remembered before the first change so System can return to them.
const SystemLook& system_look() {
  static const SystemLook look{QApplication::style()->name(), QApplication::palette()};
  return look;
}

QPalette dark_palette() {
  QPalette palette;
  const QColor window(45, 45, 48), base(30, 30, 32), text(225, 225, 225), disabled(128, 128, 128);
  palette.setColor(QPalette::Window, window);
  palette.setColor(QPalette::WindowText, text);
  palette.setColor(QPalette::Base, base);
  palette.setColor(QPalette::AlternateBase, window);
  palette.setColor(QPalette::ToolTipBase, base);
  palette.setColor(QPalette::ToolTipText, text);
  palette.setColor(QPalette::PlaceholderText, disabled);
  palette.setColor(QPalette::Text, text);
  palette.setColor(QPalette::Button, window);
  palette.setColor(QPalette::ButtonText, text);
  palette.setColor(QPalette::BrightText, Qt::red);
  palette.setColor(QPalette::Link, QColor(90, 160, 255));
  palette.setColor(QPalette::Highlight, QColor(42, 130, 218));
  palette.setColor(QPalette::HighlightedText, Qt::black);
  palette.setColor(QPalette::Mid, QColor(80, 80, 84));
  palette.setColor(QPalette::Dark, QColor(25, 25, 27));
  palette.setColor(QPalette::Light, QColor(70, 70, 74));
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    palette.setColor(QPalette::Disabled, role, disabled);
  return palette;
}

}  // namespace

void apply_theme(Theme theme) {
  const SystemLook& look = system_look();
  switch (theme) {
    case Theme::System:
      QApplication::setStyle(QStyleFactory::create(look.style));
      QApplication::setPalette(look.palette);
      break;
    case Theme::Light:
      QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
      QApplication::setPalette(QApplication::style()->standardPalette());
      break;
    case Theme::Dark:
      QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
      QApplication::setPalette(dark_palette());
      break;
  }
}

bool palette_is_dark(const QPalette& palette) {
  return palette.color(QPalette::Window).lightness() < 128;
}

bool palette_is_dark() {
  return palette_is_dark(QApplication::palette());
}

QString theme_key(Theme theme) {
  return theme == Theme::Light  ? QStringLiteral("light")
         : theme == Theme::Dark ? QStringLiteral("dark")
                                : QStringLiteral("system");
}

Theme theme_from_key(const QString& key) {
  return key == QLatin1String("light") ? Theme::Light : key == QLatin1String("dark") ? Theme::Dark : Theme::System;
}

}  // namespace promptune
