#pragma once

#include <QLineEdit>
#include <QString>

#include <string>

// The two conversions every screen makes between the client's UTF-8 std::strings and Qt's text.
namespace ragdesk::ui {

inline QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

/// What a field holds, trimmed, as the client takes it.
inline std::string text(const QLineEdit* edit)
{
    return edit->text().trimmed().toStdString();
}

} // namespace ragdesk::ui
