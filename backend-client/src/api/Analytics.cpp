#include "ragdesk/client/api/Analytics.h"

#include "common/TimeText.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace ragdesk::client::api {
namespace {

/// The index of `day` in a range starting at `first` with `count` days, or nullopt outside it.
std::optional<size_t> indexIn(Day first, size_t count, Day day)
{
    if (day < first) {
        return std::nullopt;
    }
    const auto index = static_cast<size_t>((day - first).count());
    return index < count ? std::optional(index) : std::nullopt;
}

/// A CSV cell: quoted when it holds a separator, a quote or a line break; a leading = + - @ (or tab, CR) is
/// defused with an apostrophe so a spreadsheet shows it instead of running it.
std::string cell(std::string_view text)
{
    std::string value(text);
    if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
        value.insert(value.begin(), '\'');
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string quoted = "\"";
    for (const char c : value) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    return quoted + '"';
}

std::string money(double usd)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", usd);
    return buffer;
}

} // namespace

std::optional<Day> parseDay(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const int year = timetext::readDigits(text, 0, 4);
    const int month = timetext::readDigits(text, 5, 2);
    const int dayOfMonth = timetext::readDigits(text, 8, 2);
    if (year < 0 || month < 0 || dayOfMonth < 0) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
        std::chrono::day(static_cast<unsigned>(dayOfMonth))};
    return date.ok() ? std::optional(Day(date)) : std::nullopt;
}

std::string formatDay(Day day)
{
    const std::chrono::year_month_day date(day);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

std::vector<DayFigures> dailyFigures(Day first, Day last, const std::vector<DailyUsage>& usage,
    const std::vector<FeedbackDay>& feedback, const std::vector<Timestamp>& chatStarts, const Pricing& pricing)
{
    if (last < first) {
        return {};
    }
    const auto count = static_cast<size_t>((last - first).count()) + 1;
    std::vector<DayFigures> days(count);
    for (size_t index = 0; index < count; ++index) {
        days[index].day = first + std::chrono::days(index);
    }
    std::set<std::string> models;
    for (const DailyUsage& row : usage) {
        const auto day = parseDay(row.date);
        const auto index = day ? indexIn(first, count, *day) : std::nullopt;
        if (!index) {
            continue;
        }
        models.insert(row.model);
        DayFigures& figures = days[*index];
        figures.tokensByModel[row.model] += row.tokens.totalTokens;
        figures.costByModel[row.model] +=
            pricing.costUsd(row.model, row.tokens.promptTokens, row.tokens.completionTokens);
    }
    for (DayFigures& figures : days) {
        for (const std::string& model : models) {
            figures.tokensByModel.try_emplace(model, 0); // a line per model that has a point every day
            figures.costByModel.try_emplace(model, 0.0);
        }
    }
    for (const FeedbackDay& row : feedback) {
        const auto day = parseDay(row.date);
        if (const auto index = day ? indexIn(first, count, *day) : std::nullopt) {
            days[*index].answers += row.counts.totalMessages;
            days[*index].helpful += row.counts.positive;
            days[*index].notHelpful += row.counts.negative;
        }
    }
    for (const Timestamp& started : chatStarts) {
        if (const auto index = indexIn(first, count, std::chrono::floor<std::chrono::days>(started))) {
            ++days[*index].chatsStarted;
        }
    }
    return days;
}

std::vector<BotTotals> topBots(const std::vector<BotUsage>& rows, size_t count)
{
    std::vector<BotTotals> bots;
    for (const BotUsage& row : rows) {
        auto bot = std::find_if(
            bots.begin(), bots.end(), [&](const BotTotals& seen) { return seen.botProfileId == row.botProfileId; });
        if (bot == bots.end()) {
            bot = bots.insert(bots.end(), BotTotals{.botProfileId = row.botProfileId, .botName = row.botName});
        }
        bot->tokens += row.tokens.totalTokens;
        bot->requests += row.requestCount;
        bot->costUsd += row.costUsd;
    }
    std::stable_sort(
        bots.begin(), bots.end(), [](const BotTotals& a, const BotTotals& b) { return a.tokens > b.tokens; });
    bots.resize(std::min(bots.size(), count));
    return bots;
}

std::string analyticsCsv(const std::vector<DayFigures>& days, const std::vector<BotTotals>& bots)
{
    std::string csv = "date,chats_started,answers,helpful,not_helpful";
    const std::map<std::string, std::int64_t> noModels;
    const auto& models = days.empty() ? noModels : days.front().tokensByModel;
    for (const auto& [model, tokens] : models) {
        csv += ',' + cell(model + " tokens") + ',' + cell(model + " cost_usd");
    }
    csv += "\r\n";
    for (const DayFigures& day : days) {
        csv += formatDay(day.day) + ',' + std::to_string(day.chatsStarted) + ',' + std::to_string(day.answers) + ',' +
            std::to_string(day.helpful) + ',' + std::to_string(day.notHelpful);
        for (const auto& [model, tokens] : day.tokensByModel) {
            csv += ',' + std::to_string(tokens) + ',' + money(day.costByModel.at(model));
        }
        csv += "\r\n";
    }
    csv += "\r\nbot,bot_id,tokens,requests,cost_usd\r\n";
    for (const BotTotals& bot : bots) {
        csv += cell(bot.botName) + ',' + cell(bot.botProfileId.str()) + ',' + std::to_string(bot.tokens) + ',' +
            std::to_string(bot.requests) + ',' + money(bot.costUsd) + "\r\n";
    }
    return csv;
}

} // namespace ragdesk::client::api
