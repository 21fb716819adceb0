#include "ragdesk/client/api/Stats.h"

#include "Decoders.h"
#include "JsonDecode.h"
#include "Session.h"

namespace ragdesk::client::api {
namespace {

std::string statsPath(const std::string& route, const std::optional<BotId>& bot, std::optional<int> days)
{
    PathWithQuery path("/v1/stats/" + route);
    if (bot) {
        path.add("bot_profile_id", bot->str());
    }
    if (days) {
        path.add("days", std::to_string(*days));
    }
    return path.str();
}

} // namespace

const ModelPrice& Pricing::priceOf(const std::string& model) const
{
    const auto listed = models.find(model);
    return listed == models.end() ? fallback : listed->second;
}

double Pricing::costUsd(const std::string& model, std::int64_t promptTokens, std::int64_t completionTokens) const
{
    const ModelPrice& price = priceOf(model);
    return (static_cast<double>(promptTokens) * price.promptPer1m +
               static_cast<double>(completionTokens) * price.completionPer1m) /
        1e6;
}

Result<StatsOverview> StatsApi::overview()
{
    return decode::reply<StatsOverview>(m_session.call("GET", "/v1/stats/overview"), "overview", decode::overviewFrom);
}

Result<std::vector<DailyUsage>> StatsApi::usage(std::optional<int> days)
{
    return decode::list<DailyUsage>(
        m_session.call("GET", statsPath("usage", {}, days)), "usage", decode::dailyUsageFrom);
}

Result<std::vector<BotUsage>> StatsApi::usageByBot(std::optional<int> days)
{
    return decode::list<BotUsage>(
        m_session.call("GET", statsPath("usage/by-bot", {}, days)), "usage by bot", decode::botUsageFrom);
}

Result<std::vector<ModelUsage>> StatsApi::usageByModel(std::optional<int> days)
{
    return decode::list<ModelUsage>(
        m_session.call("GET", statsPath("usage/by-model", {}, days)), "usage by model", decode::modelUsageFrom);
}

Result<CostEstimate> StatsApi::costEstimate(std::optional<int> days)
{
    return decode::reply<CostEstimate>(
        m_session.call("GET", statsPath("cost-estimate", {}, days)), "cost estimate", decode::costEstimateFrom);
}

Result<Pricing> StatsApi::pricing()
{
    return decode::reply<Pricing>(m_session.call("GET", "/v1/stats/pricing"), "pricing", decode::pricingFrom);
}

Result<FeedbackStats> StatsApi::feedback(std::optional<BotId> bot, std::optional<int> days)
{
    return decode::reply<FeedbackStats>(
        m_session.call("GET", statsPath("feedback", bot, days)), "feedback stats", decode::feedbackStatsFrom);
}

Result<std::vector<FeedbackDay>> StatsApi::feedbackTrend(std::optional<BotId> bot, std::optional<int> days)
{
    return decode::list<FeedbackDay>(
        m_session.call("GET", statsPath("feedback/trend", bot, days)), "feedback trend", decode::feedbackDayFrom);
}

} // namespace ragdesk::client::api
