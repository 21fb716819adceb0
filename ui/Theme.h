#pragma once

#include <QString>

namespace ragdesk::ui {

/// The window's colours: the platform's (System), or RagDesk's own light or dark palette on the Fusion style. Qt
/// 6.4 has no colour-scheme API, so System means the platform palette as the app started.
enum class Theme { System, Light, Dark };

/// Applies it to the whole application; the first call remembers the platform's style and palette for System.
void applyTheme(Theme theme);
/// "system", "light", "dark": how it is kept in the settings.
QString themeKey(Theme theme);
Theme themeFromKey(const QString& key);

} // namespace ragdesk::ui
