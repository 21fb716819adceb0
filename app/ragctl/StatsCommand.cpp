#include "CalendarDays.h"
#include "CommandContext.h"
#include "JsonViews.h"
#include "ListOutput.h"
#include "Nouns.h"
#include "Output.h"

#include <algorithm>
#include <map>

namespace ragdesk::ragctl {
namespace {

using namespace client::api;
using nlohmann::json;

constexpr int kMaxDays = 36500;

std::optional<int> daysOf(const ParsedArgs& args)
{
    return args.intValue("--days", 1, kMaxDays);
}

std::optional<BotId> botOf(const ParsedArgs& args)
{
    const std::optional<std::string> bot = args.value("--bot");
    return bot ? std::optional(BotId(*bot)) : std::nullopt;
}

std::string tokensText(std::int64_t count)
{
    return std::to_string(count);
}

ExitCode runOverview(CommandContext& context, const ParsedArgs&)
{
    const StatsOverview overview = context.unwrap(context.api().stats().overview());
    if (context.json()) {
        context.printJson({{"bot_profiles", overview.botProfiles}, {"sources", overview.sources},
            {"chats", overview.chats}, {"total_prompt_tokens", overview.tokens.promptTokens},
            {"total_completion_tokens", overview.tokens.completionTokens},
            {"total_tokens", overview.tokens.totalTokens}});
        return ExitCode::Ok;
    }
    printFields(context.out(),
        {{"bots", std::to_string(overview.botProfiles)}, {"sources", std::to_string(overview.sources)},
            {"chats", std::to_string(overview.chats)}, {"prompt tokens", tokensText(overview.tokens.promptTokens)},
            {"completion tokens", tokensText(overview.tokens.completionTokens)},
            {"total tokens", tokensText(overview.tokens.totalTokens)}});
    context.out() << "(bots include deactivated ones, sources deleted and child ones; tokens are all-time)\n";
    return ExitCode::Ok;
}

// One day of /v1/stats/usage with its models added up; days the API left out stay zero.
struct DayUsage {
    TokenCounts tokens;
    std::int64_t requests = 0;
    std::vector<const DailyUsage*> models;
};

ExitCode runUsage(CommandContext& context, const ParsedArgs& args)
{
    const std::optional<int> days = daysOf(args);
    const std::vector<DailyUsage> rows = context.unwrap(context.api().stats().usage(days));
    std::map<std::string, DayUsage> byDay;
    std::vector<std::string> seen;
    for (const DailyUsage& row : rows) {
        DayUsage& day = byDay[row.date];
        day.tokens.promptTokens += row.tokens.promptTokens;
        day.tokens.completionTokens += row.tokens.completionTokens;
        day.tokens.totalTokens += row.tokens.totalTokens;
        day.requests += row.requestCount;
        day.models.push_back(&row);
        seen.push_back(row.date);
    }
    json series = json::array();
    Table table({"DATE", "REQUESTS", "PROMPT", "COMPLETION", "TOTAL", "MODELS"});
    for (const std::string& date : calendarDays(days, seen)) {
        const DayUsage& day = byDay[date];
        json models = json::array();
        std::string modelNames;
        for (const DailyUsage* model : day.models) {
            json row = {{"model", model->model}, {"request_count", model->requestCount}};
            row.update(wire::of(model->tokens));
            models.push_back(row);
            modelNames += (modelNames.empty() ? "" : ", ") + model->model;
        }
        json entry = {{"date", date}, {"request_count", day.requests}};
        entry.update(wire::of(day.tokens));
        entry["by_model"] = models;
        series.push_back(entry);
        table.add({date, std::to_string(day.requests), tokensText(day.tokens.promptTokens),
            tokensText(day.tokens.completionTokens), tokensText(day.tokens.totalTokens), modelNames});
    }
    if (context.json()) {
        context.printJson(series);
    } else {
        table.print(context.out());
    }
    return ExitCode::Ok;
}

const std::vector<std::string> kBotUsageColumns{"BOT", "NAME", "MODEL", "REQUESTS", "TOKENS", "COST"};
const std::vector<std::string> kModelUsageColumns{
    "MODEL", "REQUESTS", "PROMPT", "COMPLETION", "COST", "USD/1M PROMPT", "USD/1M COMPLETION"};

std::vector<std::string> botUsageRow(const BotUsage& row)
{
    return {row.botProfileId.str(), row.botName, row.model, std::to_string(row.requestCount),
        tokensText(row.tokens.totalTokens), dollars(row.costUsd)};
}

std::vector<std::string> modelUsageRow(const ModelUsage& row)
{
    return {row.model, std::to_string(row.requestCount), tokensText(row.tokens.promptTokens),
        tokensText(row.tokens.completionTokens), dollars(row.costUsd), fixed(row.price.promptPer1m, 3),
        fixed(row.price.completionPer1m, 3)};
}

ExitCode runByBot(CommandContext& context, const ParsedArgs& args)
{
    printList(context, context.unwrap(context.api().stats().usageByBot(daysOf(args))), kBotUsageColumns, botUsageRow);
    return ExitCode::Ok;
}

ExitCode runByModel(CommandContext& context, const ParsedArgs& args)
{
    printList(
        context, context.unwrap(context.api().stats().usageByModel(daysOf(args))), kModelUsageColumns, modelUsageRow);
    return ExitCode::Ok;
}

ExitCode runCost(CommandContext& context, const ParsedArgs& args)
{
    const CostEstimate cost = context.unwrap(context.api().stats().costEstimate(daysOf(args)));
    if (context.json()) {
        context.printJson({{"total_cost_usd", cost.totalCostUsd}, {"daily_avg_cost_usd", cost.dailyAverageUsd},
            {"projected_monthly_usd", cost.projectedMonthlyUsd}, {"active_days", cost.activeDays},
            {"by_model", wire::array(cost.byModel)}, {"by_bot", wire::array(cost.byBot)}});
        return ExitCode::Ok;
    }
    printFields(context.out(),
        {{"total", dollars(cost.totalCostUsd)},
            {"daily average", dollars(cost.dailyAverageUsd) + " (over days with usage)"},
            {"projected month", "$" + fixed(cost.projectedMonthlyUsd, 2)},
            {"active days", std::to_string(cost.activeDays)}});
    Table models(kModelUsageColumns);
    std::for_each(
        cost.byModel.begin(), cost.byModel.end(), [&](const ModelUsage& row) { models.add(modelUsageRow(row)); });
    Table bots(kBotUsageColumns);
    std::for_each(cost.byBot.begin(), cost.byBot.end(), [&](const BotUsage& row) { bots.add(botUsageRow(row)); });
    context.out() << '\n';
    models.print(context.out());
    context.out() << '\n';
    bots.print(context.out());
    return ExitCode::Ok;
}

ExitCode runPricing(CommandContext& context, const ParsedArgs&)
{
    const Pricing pricing = context.unwrap(context.api().stats().pricing());
    if (context.json()) {
        json models = json::object();
        for (const auto& [model, price] : pricing.models) {
            models[model] = wire::of(price);
        }
        context.printJson({{"models", models}, {"default", wire::of(pricing.fallback)}});
        return ExitCode::Ok;
    }
    Table table({"MODEL", "USD/1M PROMPT", "USD/1M COMPLETION"});
    for (const auto& [model, price] : pricing.models) {
        table.add({model, fixed(price.promptPer1m, 3), fixed(price.completionPer1m, 3)});
    }
    table.add({"(any other)", fixed(pricing.fallback.promptPer1m, 3), fixed(pricing.fallback.completionPer1m, 3)});
    table.print(context.out());
    return ExitCode::Ok;
}

ExitCode runFeedback(CommandContext& context, const ParsedArgs& args)
{
    const FeedbackStats stats = context.unwrap(context.api().stats().feedback(botOf(args), daysOf(args)));
    if (context.json()) {
        json byBot = json::array();
        for (const BotFeedback& bot : stats.byBot) {
            json row = {{"bot_profile_id", bot.botProfileId.str()}, {"bot_name", bot.botName}};
            row.update(wire::of(bot.counts));
            row["feedback_rate"] = bot.ratePercent;
            byBot.push_back(row);
        }
        json body = wire::of(stats.counts);
        body.update(
            {{"total_with_feedback", stats.withFeedback}, {"feedback_rate", stats.ratePercent}, {"by_bot", byBot}});
        context.printJson(body);
        return ExitCode::Ok;
    }
    printFields(context.out(),
        {{"answers", std::to_string(stats.counts.totalMessages)},
            {"rated", std::to_string(stats.withFeedback) + " (" + fixed(stats.ratePercent, 2) + "%)"},
            {"positive", std::to_string(stats.counts.positive)}, {"negative", std::to_string(stats.counts.negative)}});
    if (!stats.byBot.empty()) {
        context.out() << '\n';
        Table table({"BOT", "NAME", "ANSWERS", "POSITIVE", "NEGATIVE", "RATED"});
        for (const BotFeedback& bot : stats.byBot) {
            table.add({bot.botProfileId.str(), bot.botName, std::to_string(bot.counts.totalMessages),
                std::to_string(bot.counts.positive), std::to_string(bot.counts.negative),
                fixed(bot.ratePercent, 2) + "%"});
        }
        table.print(context.out());
    }
    return ExitCode::Ok;
}

ExitCode runTrend(CommandContext& context, const ParsedArgs& args)
{
    // The server's own window when --days is absent is 30 days; fill the same span.
    const int days = daysOf(args).value_or(30);
    const std::vector<FeedbackDay> rows = context.unwrap(context.api().stats().feedbackTrend(botOf(args), days));
    std::map<std::string, FeedbackCounts> byDay;
    std::vector<std::string> seen;
    for (const FeedbackDay& row : rows) {
        byDay[row.date] = row.counts;
        seen.push_back(row.date);
    }
    json series = json::array();
    Table table({"DATE", "POSITIVE", "NEGATIVE", "ANSWERS"});
    for (const std::string& date : calendarDays(days, seen)) {
        const FeedbackCounts& counts = byDay[date];
        json entry = {{"date", date}};
        entry.update(wire::of(counts));
        series.push_back(entry);
        table.add({date, std::to_string(counts.positive), std::to_string(counts.negative),
            std::to_string(counts.totalMessages)});
    }
    if (context.json()) {
        context.printJson(series);
    } else {
        table.print(context.out());
    }
    return ExitCode::Ok;
}

OptionSpec daysOption(const std::string& whenAbsent)
{
    return {"--days", "N", "the last N days (" + whenAbsent + ")"};
}

OptionSpec botOption()
{
    return {"--bot", "ID", "only this bot"};
}

} // namespace

NounSpec statsNoun()
{
    return {"stats", "usage, cost and feedback figures (the server caches each for 30 s)",
        {{.name = "overview", .summary = "Counts of bots, sources and chats, and all-time tokens.", .run = runOverview},
            {.name = "usage",
                .summary = "Tokens and requests per UTC day, oldest first; days without use show zero.",
                .options = {daysOption("default: all time")},
                .run = runUsage},
            {.name = "by-bot",
                .summary = "Usage and cost per bot and model.",
                .options = {daysOption("default: all time")},
                .run = runByBot},
            {.name = "by-model",
                .summary = "Usage and cost per model, with its price.",
                .options = {daysOption("default: all time")},
                .run = runByModel},
            {.name = "cost",
                .summary = "Cost so far, daily average and a projected month.",
                .options = {daysOption("default 30")},
                .run = runCost},
            {.name = "pricing", .summary = "The stack's price table (USD per million tokens).", .run = runPricing},
            {.name = "feedback",
                .summary = "Thumbs up and down on answers, overall and per bot.",
                .options = {botOption(), daysOption("default 30")},
                .run = runFeedback},
            {.name = "trend",
                .summary = "Feedback per UTC day, oldest first; days without answers show zero.",
                .options = {botOption(), daysOption("default 30")},
                .run = runTrend}}};
}

} // namespace ragdesk::ragctl
