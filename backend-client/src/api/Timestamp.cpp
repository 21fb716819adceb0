#include "ragdesk/client/api/Timestamp.h"

#include <charconv>
#include <cstdio>

namespace ragdesk::client::api {
namespace {

// Reads exactly `digits` decimal digits at `pos`; false if any is missing.
bool readNumber(std::string_view text, size_t pos, size_t digits, int& value)
{
    if (pos + digits > text.size()) {
        return false;
    }
    value = 0;
    for (size_t i = pos; i < pos + digits; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

} // namespace

std::optional<Timestamp> parseTimestamp(std::string_view text)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readNumber(text, 0, 4, year) || text.size() < 19 || text[4] != '-' || !readNumber(text, 5, 2, month) ||
        text[7] != '-' || !readNumber(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') ||
        !readNumber(text, 11, 2, hour) || text[13] != ':' || !readNumber(text, 14, 2, minute) || text[16] != ':' ||
        !readNumber(text, 17, 2, second)) {
        return std::nullopt;
    }
    std::string_view rest = text.substr(19);
    int micros = 0;
    if (!rest.empty() && rest.front() == '.') {
        size_t digits = 1;
        while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') {
            ++digits;
        }
        const size_t count = digits - 1;
        if (count == 0 || count > 6) {
            return std::nullopt;
        }
        readNumber(rest, 1, count, micros);
        for (size_t i = count; i < 6; ++i) {
            micros *= 10;
        }
        rest.remove_prefix(digits);
    }
    if (!(rest.empty() || rest == "Z" || rest == "+00:00")) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
        std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    return sys_days(date) + hours(hour) + minutes(minute) + seconds(second) + microseconds(micros);
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
