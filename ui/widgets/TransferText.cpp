#include "TransferText.h"

#include "TimeText.h"

#include <QLocale>
#include <QObject>

#include <cmath>

namespace ragdesk::ui {

QString sizeText(std::uint64_t bytes)
{
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeIecFormat);
}

QString transferRateText(std::uint64_t moved, std::uint64_t left, double seconds)
{
    if (seconds < 0.2 || moved == 0) {
        return {};
    }
    const double rate = static_cast<double>(moved) / seconds;
    const auto remaining = std::chrono::seconds(static_cast<qint64>(std::ceil(static_cast<double>(left) / rate)));
    return QObject::tr("%1/s, %2 left").arg(sizeText(static_cast<std::uint64_t>(rate)), spanText(remaining));
}

} // namespace ragdesk::ui
