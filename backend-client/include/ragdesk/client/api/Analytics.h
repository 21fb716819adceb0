#pragma once

#include "ragdesk/client/api/Stats.h"
#include "ragdesk/client/api/Timestamp.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::api {

/// A UTC day, "YYYY-MM-DD".
using Day = std::chrono::sys_days;

/// Reads "YYYY-MM-DD" (a real date); nullopt for anything else.
std::optional<Day> parseDay(std::string_view text);
std::string formatDay(Day day);

/// What the analytics show of one UTC day. The stats leave out days without usage; a range has every day.
struct DayFigures {
    Day day;
    int chatsStarted = 0;
    std::int64_t answers = 0; ///< the assistant messages of that day (the feedback trend's count)
    std::int64_t helpful = 0; ///< that day's answers rated helpful
    std::int64_t notHelpful = 0;
    std::map<std::string, std::int64_t> tokensByModel; ///< every model of the range, zero where it had no usage
    std::map<std::string, double> costByModel; ///< USD by the stack's prices
};

/// Every day from `first` to `last` inclusive (none when last < first), with the usage rows, the feedback trend and
/// the chats started folded into their days; rows outside the range and malformed dates are left out.
std::vector<DayFigures> dailyFigures(Day first, Day last, const std::vector<DailyUsage>& usage,
    const std::vector<FeedbackDay>& feedback, const std::vector<Timestamp>& chatStarts, const Pricing& pricing);

/// One bot's usage over every model it used.
struct BotTotals {
    BotId botProfileId;
    std::string botName;
    std::int64_t tokens = 0;
    std::int64_t requests = 0;
    double costUsd = 0;
};

/// The bots of /v1/stats/usage/by-bot (one row per bot and model) summed per bot, most tokens first, at most `count`.
std::vector<BotTotals> topBots(const std::vector<BotUsage>& rows, size_t count);

/// The figures as CSV (RFC 4180, with a header): one row per day (chats, answers, feedback, then tokens and cost per
/// model), a blank line, then one row per bot. Cells a spreadsheet would run as a formula are quoted with a
/// leading apostrophe: model and bot names come from the server.
std::string analyticsCsv(const std::vector<DayFigures>& days, const std::vector<BotTotals>& bots);

} // namespace ragdesk::client::api
