#include "CalendarDays.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace ragdesk::ragctl {
namespace {

using std::chrono::sys_days;

std::optional<sys_days> parseDay(const std::string& text)
{
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    if (std::sscanf(text.c_str(), "%4d-%2u-%2u", &year, &month, &day) != 3) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
    return date.ok() ? std::optional(sys_days(date)) : std::nullopt;
}

std::string formatDay(sys_days day)
{
    const std::chrono::year_month_day date(day);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

} // namespace

std::vector<std::string> calendarDays(std::optional<int> window, const std::vector<std::string>& seen)
{
    const sys_days today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    sys_days first = window ? today - std::chrono::days(std::max(*window, 1) - 1) : today;
    sys_days last = today;
    for (const std::string& text : seen) {
        if (const std::optional<sys_days> day = parseDay(text)) {
            first = std::min(first, *day);
            last = std::max(last, *day);
        }
    }
    std::vector<std::string> days;
    for (sys_days day = first; day <= last; day += std::chrono::days(1)) {
        days.push_back(formatDay(day));
    }
    return days;
}

} // namespace ragdesk::ragctl
