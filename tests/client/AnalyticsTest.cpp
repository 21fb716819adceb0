#include "ragdesk/client/api/Analytics.h"

#include <gtest/gtest.h>

using namespace ragdesk::client::api;

namespace {

Day day(const char* text)
{
    return *parseDay(text);
}

DailyUsage usage(const char* date, const char* model, std::int64_t prompt, std::int64_t completion, int requests)
{
    return {
        .date = date, .model = model, .tokens = {prompt, completion, prompt + completion}, .requestCount = requests};
}

const Pricing kPricing{{{"gpt-4o-mini", {0.15, 0.60}}}, {1.0, 3.0}};

} // namespace

TEST(Analytics, DaysAreReadStrictly)
{
    EXPECT_EQ(formatDay(day("2026-02-28") + std::chrono::days(1)), "2026-03-01");
    EXPECT_EQ(formatDay(day("2028-02-28") + std::chrono::days(1)), "2028-02-29");
    for (const char* bad : {"2026-02-30", "2026-13-01", "2026-1-01", "2026/01/01", "", "2026-01-01T00:00:00"}) {
        EXPECT_FALSE(parseDay(bad).has_value()) << bad;
    }
}

TEST(Analytics, EveryDayOfTheRangeIsThereWithZeroWhereTheStatsSayNothing)
{
    // Newest first, as the server sends them; one row outside the range, one with a broken date.
    const std::vector<DailyUsage> rows{usage("2026-12-07", "gpt-4o-mini", 1000, 200, 3),
        usage("2026-12-07", "llama3", 50, 10, 1), usage("2026-12-04", "gpt-4o-mini", 10, 5, 1),
        usage("2026-11-01", "gpt-4o-mini", 999, 999, 9), usage("7 Dec", "gpt-4o-mini", 1, 1, 1)};
    const std::vector<FeedbackDay> feedback{
        {.date = "2026-12-05", .counts = {.positive = 2, .negative = 1, .totalMessages = 6}},
        {.date = "2026-12-07", .counts = {.totalMessages = 4}}, {.date = "2026-12-02", .counts = {.totalMessages = 9}}};
    const std::vector<Timestamp> chats{*parseTimestamp("2026-12-07T23:59:59.999999"),
        *parseTimestamp("2026-12-07T00:00:00"), *parseTimestamp("2026-12-03T12:00:00"),
        *parseTimestamp("2026-12-08T00:00:00")};

    const auto days = dailyFigures(day("2026-12-03"), day("2026-12-07"), rows, feedback, chats, kPricing);
    ASSERT_EQ(days.size(), 5u);
    EXPECT_EQ(formatDay(days.front().day), "2026-12-03");
    EXPECT_EQ(formatDay(days.back().day), "2026-12-07");
    for (const DayFigures& figures : days) {
        EXPECT_EQ(figures.tokensByModel.size(), 2u) << "each model has a point every day";
    }
    EXPECT_EQ(days[0].chatsStarted, 1);
    EXPECT_EQ(days[0].answers, 0);
    EXPECT_EQ(days[1].tokensByModel.at("gpt-4o-mini"), 15);
    EXPECT_EQ(days[2].helpful, 2);
    EXPECT_EQ(days[2].notHelpful, 1);
    EXPECT_EQ(days[2].answers, 6);
    EXPECT_EQ(days[3].answers, 0);
    EXPECT_EQ(days[4].chatsStarted, 2) << "the last microsecond of the day is that day; the next day is out";
    EXPECT_EQ(days[4].answers, 4);
    EXPECT_EQ(days[4].tokensByModel.at("gpt-4o-mini"), 1200);
    EXPECT_DOUBLE_EQ(days[4].costByModel.at("gpt-4o-mini"), (1000 * 0.15 + 200 * 0.60) / 1e6);
    EXPECT_DOUBLE_EQ(days[4].costByModel.at("llama3"), (50 * 1.0 + 10 * 3.0) / 1e6);
    EXPECT_DOUBLE_EQ(days[3].costByModel.at("llama3"), 0.0);

    EXPECT_TRUE(dailyFigures(day("2026-12-07"), day("2026-12-03"), rows, feedback, chats, kPricing).empty());
}

TEST(Analytics, BotsAreSummedOverTheirModelsMostTokensFirst)
{
    const std::vector<BotUsage> rows{{.botProfileId = BotId("a"),
                                         .botName = "Alpha",
                                         .model = "m1",
                                         .tokens = {0, 0, 100},
                                         .requestCount = 2,
                                         .costUsd = 0.5},
        {.botProfileId = BotId("b"),
            .botName = "Beta",
            .model = "m1",
            .tokens = {0, 0, 150},
            .requestCount = 1,
            .costUsd = 0.25},
        {.botProfileId = BotId("a"),
            .botName = "Alpha",
            .model = "m2",
            .tokens = {0, 0, 80},
            .requestCount = 1,
            .costUsd = 0.25},
        {.botProfileId = BotId("c"),
            .botName = "Gamma",
            .model = "m1",
            .tokens = {0, 0, 10},
            .requestCount = 1,
            .costUsd = 0.0}};
    const auto bots = topBots(rows, 2);
    ASSERT_EQ(bots.size(), 2u);
    EXPECT_EQ(bots[0].botName, "Alpha");
    EXPECT_EQ(bots[0].tokens, 180);
    EXPECT_EQ(bots[0].requests, 3);
    EXPECT_DOUBLE_EQ(bots[0].costUsd, 0.75);
    EXPECT_EQ(bots[1].botName, "Beta");
}

TEST(Analytics, TheCsvHasEveryDayAndDefusesHostileNames)
{
    const auto days =
        dailyFigures(day("2026-12-06"), day("2026-12-07"), {usage("2026-12-07", "=cmd|' /C calc'!A0", 10, 5, 1)},
            {{.date = "2026-12-07", .counts = {.positive = 1, .totalMessages = 1}}}, {}, kPricing);
    const std::vector<BotTotals> bots{{.botProfileId = BotId("b1"), .botName = "Sales, \"EU\"\nteam", .tokens = 15}};
    const std::string csv = analyticsCsv(days, bots);
    EXPECT_EQ(csv,
        "date,chats_started,answers,helpful,not_helpful,'=cmd|' /C calc'!A0 tokens,'=cmd|' /C calc'!A0 cost_usd\r\n"
        "2026-12-06,0,0,0,0,0,0.000000\r\n"
        "2026-12-07,0,1,1,0,15,0.000025\r\n"
        "\r\n"
        "bot,bot_id,tokens,requests,cost_usd\r\n"
        "\"Sales, \"\"EU\"\"\nteam\",b1,15,0,0.000000\r\n");
}
