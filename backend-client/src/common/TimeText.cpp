#include "common/TimeText.h"

#include "common/Ascii.h"

namespace ragdesk::client::timetext {
namespace {

using ascii::isDigit;

// Howard Hinnant's days_from_civil.
int64_t daysFromCivil(int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2 ? 1 : 0;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto yearOfEra = static_cast<unsigned>(year - era * 400);
    const unsigned dayOfYear = (153 * (month + (month > 2 ? -3u : 9u)) + 2) / 5 + day - 1;
    const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + static_cast<int64_t>(dayOfEra) - 719468;
}

unsigned daysInMonth(int year, unsigned month)
{
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
        return 29;
    }
    return days[month - 1];
}

} // namespace

int readDigits(std::string_view text, size_t at, size_t count)
{
    if (at > text.size() || count > text.size() - at) {
        return -1;
    }
    int value = 0;
    for (size_t i = at; i < at + count; ++i) {
        if (!isDigit(text[i])) {
            return -1;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::optional<int64_t> readDateTime(std::string_view text, bool spaceSeparated)
{
    const bool separated =
        text.size() >= kDateTimeBytes && (text[10] == 'T' || text[10] == 't' || (spaceSeparated && text[10] == ' '));
    if (!separated || text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    const int year = readDigits(text, 0, 4);
    const int month = readDigits(text, 5, 2);
    const int day = readDigits(text, 8, 2);
    const int hour = readDigits(text, 11, 2);
    const int minute = readDigits(text, 14, 2);
    const int second = readDigits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 60 || static_cast<unsigned>(day) > daysInMonth(year, static_cast<unsigned>(month))) {
        return std::nullopt;
    }
    const int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return days * 86400 + int64_t{hour} * 3600 + int64_t{minute} * 60 + second;
}

std::optional<Fraction> readFraction(std::string_view text, size_t pos)
{
    Fraction fraction{.end = pos};
    if (pos >= text.size() || text[pos] != '.') {
        return fraction;
    }
    size_t i = pos + 1;
    for (; i < text.size() && isDigit(text[i]); ++i) {
        if (fraction.digits < 6) {
            fraction.micros = fraction.micros * 10 + (text[i] - '0');
        }
        ++fraction.digits;
    }
    if (fraction.digits == 0) {
        return std::nullopt;
    }
    for (size_t k = fraction.digits; k < 6; ++k) {
        fraction.micros *= 10;
    }
    fraction.end = i;
    return fraction;
}

} // namespace ragdesk::client::timetext
