#pragma once
// Light and dark palettes (Fusion style) plus the application stylesheet from resources.
namespace siphon::ui {
void applyTheme(bool dark);
}
