#include "StatusIcons.h"

#include <QPainter>
#include <QPixmap>

namespace ragdesk::ui {
namespace {

QIcon dot(const QColor& colour)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(2.5, 2.5, 11, 11));
    return QIcon(pixmap);
}

} // namespace

QIcon statusIcon(StackHealth::State state)
{
    switch (state) {
    case StackHealth::State::Healthy:
        return dot(QColor(0x16, 0xa3, 0x4a));
    case StackHealth::State::Degraded:
        return dot(QColor(0xd9, 0x77, 0x06));
    case StackHealth::State::Unreachable:
        return dot(QColor(0xdc, 0x26, 0x26));
    case StackHealth::State::Unknown:
    case StackHealth::State::NotConfigured:
    case StackHealth::State::Checking:
        break;
    }
    return dot(QColor(0x94, 0xa3, 0xb8));
}

QIcon statusIcon(bool ok)
{
    return statusIcon(ok ? StackHealth::State::Healthy : StackHealth::State::Unreachable);
}

} // namespace ragdesk::ui
