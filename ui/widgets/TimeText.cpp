#include "TimeText.h"

#include <QLocale>
#include <QObject>

#include <algorithm>

namespace ragdesk::ui {

QDateTime utcTime(client::api::Timestamp time)
{
    return QDateTime::fromMSecsSinceEpoch(
        std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count(), Qt::UTC);
}

QString localTimeText(client::api::Timestamp time)
{
    return QLocale().toString(utcTime(time).toLocalTime(), QLocale::ShortFormat);
}

QString localClockText(client::api::Timestamp time)
{
    return utcTime(time).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

QString spanText(std::chrono::seconds span)
{
    const qint64 seconds = std::max<qint64>(0, span.count());
    if (seconds >= 86'400) {
        return QObject::tr("%1 d %2 h").arg(seconds / 86'400).arg(seconds % 86'400 / 3600);
    }
    if (seconds >= 3600) {
        return QObject::tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    }
    if (seconds >= 60) {
        return QObject::tr("%1 min").arg(seconds / 60);
    }
    return QObject::tr("%1 s").arg(seconds);
}

QString agoText(client::api::Timestamp time)
{
    const auto past = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - time);
    return past.count() <= 0 ? QObject::tr("just now") : QObject::tr("%1 ago").arg(spanText(past));
}

} // namespace ragdesk::ui
