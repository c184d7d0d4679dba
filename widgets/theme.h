#pragma once

#include <QString>

class QPalette;

namespace promptune {

/// System follows the desktop's palette; Light and Dark use the Fusion style with our palettes. Plots and the
/// embedding viewer follow whatever palette is active (they react to palette changes).
enum class Theme { System, Light, Dark };

void apply_theme(Theme theme);
/// Whether the active palette (or `palette`) is a dark one: window colour darker than mid-grey.
bool palette_is_dark();
bool palette_is_dark(const QPalette& palette);
QString theme_key(Theme theme);
Theme theme_from_key(const QString& key);

}  // namespace promptune
