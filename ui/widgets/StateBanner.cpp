#include "StateBanner.h"

#include <QLabel>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

struct Colours {
    const char* background;
    const char* border;
    const char* text;
};

// Fixed colours, text and background together, so a tone reads the same on the light and the dark theme.
Colours coloursOf(StateBanner::Tone tone)
{
    switch (tone) {
    case StateBanner::Tone::Good:
        return {"#e8f5e9", "#81c784", "#1b5e20"};
    case StateBanner::Tone::Busy:
        return {"#e3f2fd", "#64b5f6", "#0d47a1"};
    case StateBanner::Tone::Warning:
        return {"#fff3e0", "#ffb74d", "#8a4b00"};
    case StateBanner::Tone::Bad:
        return {"#fdecea", "#e57373", "#b71c1c"};
    case StateBanner::Tone::Neutral:
        break;
    }
    return {"#eceff1", "#b0bec5", "#263238"};
}

} // namespace

StateBanner::StateBanner(bool large, QWidget* parent)
    : QFrame(parent), m_title(new QLabel(this)), m_detail(new QLabel(this))
{
    setObjectName(QStringLiteral("stateBanner"));
    QFont font = m_title->font();
    font.setBold(true);
    if (large) {
        font.setPointSizeF(font.pointSizeF() * 1.8);
    }
    m_title->setFont(font);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_detail);
    setState(Tone::Neutral, {}, {});
}

void StateBanner::setState(Tone tone, const QString& title, const QString& detail)
{
    m_tone = tone;
    const Colours colours = coloursOf(tone);
    setStyleSheet(
        QStringLiteral("#stateBanner { background: %1; border: 1px solid %2; border-radius: 4px; }"
                       "#stateBanner QLabel { color: %3; }")
            .arg(QLatin1String(colours.background), QLatin1String(colours.border), QLatin1String(colours.text)));
    m_title->setText(title);
    m_detail->setText(detail);
    m_detail->setVisible(!detail.isEmpty());
}

QString StateBanner::title() const
{
    return m_title->text();
}

QString StateBanner::detail() const
{
    return m_detail->text();
}

} // namespace ragdesk::ui
