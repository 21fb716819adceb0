#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace ragdesk::ui {
namespace {

QPalette darkPalette()
{
    QPalette palette;
    const QColor window(0x26, 0x28, 0x2d);
    const QColor base(0x1d, 0x1f, 0x23);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x7f, 0x84, 0x8e);
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
    palette.setColor(QPalette::BrightText, Qt::white);
    palette.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xf6));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x60, 0xa5, 0xfa));
    palette.setColor(QPalette::Mid, QColor(0x3a, 0x3d, 0x44));
    palette.setColor(QPalette::Dark, QColor(0x15, 0x16, 0x19));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, disabled);
    }
    return palette;
}

struct Platform {
    QString styleName;
    QPalette palette;
};

const Platform& platform()
{
    static const Platform remembered{QApplication::style()->name(), QApplication::palette()};
    return remembered;
}

} // namespace

void applyTheme(Theme theme)
{
    const Platform& system = platform();
    switch (theme) {
    case Theme::System:
        QApplication::setStyle(QStyleFactory::create(system.styleName));
        QApplication::setPalette(system.palette);
        return;
    case Theme::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    case Theme::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        return;
    }
}

QString themeKey(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

Theme themeFromKey(const QString& key)
{
    if (key == QLatin1String("light")) {
        return Theme::Light;
    }
    if (key == QLatin1String("dark")) {
        return Theme::Dark;
    }
    return Theme::System;
}

} // namespace ragdesk::ui
