#include "ragdesk/client/api/Timestamp.h"

#include "common/TimeText.h"

#include <cstdio>

namespace ragdesk::client::api {

std::optional<Timestamp> parseTimestamp(std::string_view text)
{
    const auto clock = timetext::readDateTime(text, true);
    const auto fraction = clock ? timetext::readFraction(text, timetext::kDateTimeBytes) : std::nullopt;
    if (!fraction || fraction->digits > 6) {
        return std::nullopt;
    }
    const std::string_view zone = text.substr(fraction->end);
    if (!(zone.empty() || zone == "Z" || zone == "+00:00")) {
        return std::nullopt;
    }
    return Timestamp(std::chrono::seconds(*clock)) + std::chrono::microseconds(fraction->micros);
}

std::string formatTimestamp(Timestamp time)
{
    using namespace std::chrono;
    const auto day = floor<days>(time);
    const year_month_day date(day);
    const hh_mm_ss clock(time - day);
    char buffer[40];
    const auto micros = clock.subseconds().count();
    int length = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
        static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()));
    if (micros != 0) {
        std::snprintf(
            buffer + length, sizeof buffer - static_cast<size_t>(length), ".%06lld", static_cast<long long>(micros));
    }
    return buffer;
}

} // namespace ragdesk::client::api
