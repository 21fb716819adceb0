#include "ragdesk/client/api/Stats.h"

#include "JsonDecode.h"
#include "Session.h"

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

TokenCounts tokensFrom(const json& o)
{
    return TokenCounts {decode::orDefault<std::int64_t>(o, "prompt_tokens", 0),
        decode::orDefault<std::int64_t>(o, "completion_tokens", 0),
        decode::orDefault<std::int64_t>(o, "total_tokens", 0)};
}

ModelPrice priceFrom(const json& o)
{
    return ModelPrice {
        decode::orDefault(o, "prompt_cost_per_1m", 0.0), decode::orDefault(o, "completion_cost_per_1m", 0.0)};
}

BotUsage botUsageFrom(const json& o)
{
    return BotUsage {decode::id<BotId>(o, "bot_profile_id"), decode::orDefault<std::string>(o, "bot_name", {}),
        decode::orDefault<std::string>(o, "model", {}), tokensFrom(o),
        decode::orDefault<std::int64_t>(o, "request_count", 0), decode::orDefault(o, "cost_usd", 0.0)};
}

ModelUsage modelUsageFrom(const json& o)
{
    return ModelUsage {decode::required<std::string>(o, "model"), tokensFrom(o),
        decode::orDefault<std::int64_t>(o, "request_count", 0), decode::orDefault(o, "cost_usd", 0.0), priceFrom(o)};
}

FeedbackCounts feedbackCountsFrom(const json& o)
{
    return FeedbackCounts {decode::orDefault<std::int64_t>(o, "positive_count", 0),
        decode::orDefault<std::int64_t>(o, "negative_count", 0),
        decode::orDefault<std::int64_t>(o, "total_messages", 0)};
}

template <typename T, typename Decoder> std::vector<T> listFrom(const json& o, const char* key, Decoder decoder)
{
    std::vector<T> items;
    for (const json& item : o.value(key, json::array())) {
        items.push_back(decoder(item));
    }
    return items;
}

std::string statsPath(const std::string& route, std::optional<BotId> bot, std::optional<int> days)
{
    std::string path = "/v1/stats/" + route;
    char separator = '?';
    if (bot) {
        path += separator + std::string("bot_profile_id=") + pathSegment(bot->str());
        separator = '&';
    }
    if (days) {
        path += separator + std::string("days=") + std::to_string(*days);
    }
    return path;
}

} // namespace

Result<StatsOverview> StatsApi::overview()
{
    return decode::reply<StatsOverview>(m_session.call("GET", "/v1/stats/overview"), "overview", [](const json& o) {
        return StatsOverview {decode::orDefault(o, "bot_profiles", 0), decode::orDefault(o, "sources", 0),
            decode::orDefault(o, "chats", 0),
            TokenCounts {decode::orDefault<std::int64_t>(o, "total_prompt_tokens", 0),
                decode::orDefault<std::int64_t>(o, "total_completion_tokens", 0),
                decode::orDefault<std::int64_t>(o, "total_tokens", 0)}};
    });
}

Result<std::vector<DailyUsage>> StatsApi::usage(std::optional<int> days)
{
    return decode::list<DailyUsage>(m_session.call("GET", statsPath("usage", {}, days)), "usage", [](const json& o) {
        return DailyUsage {decode::required<std::string>(o, "date"), decode::orDefault<std::string>(o, "model", {}),
            tokensFrom(o), decode::orDefault<std::int64_t>(o, "request_count", 0)};
    });
}

Result<std::vector<BotUsage>> StatsApi::usageByBot(std::optional<int> days)
{
    return decode::list<BotUsage>(
        m_session.call("GET", statsPath("usage/by-bot", {}, days)), "usage by bot", botUsageFrom);
}

Result<std::vector<ModelUsage>> StatsApi::usageByModel(std::optional<int> days)
{
    return decode::list<ModelUsage>(
        m_session.call("GET", statsPath("usage/by-model", {}, days)), "usage by model", modelUsageFrom);
}

Result<CostEstimate> StatsApi::costEstimate(std::optional<int> days)
{
    return decode::reply<CostEstimate>(
        m_session.call("GET", statsPath("cost-estimate", {}, days)), "cost estimate", [](const json& o) {
            return CostEstimate {decode::orDefault(o, "total_cost_usd", 0.0),
                decode::orDefault(o, "daily_avg_cost_usd", 0.0), decode::orDefault(o, "projected_monthly_usd", 0.0),
                decode::orDefault(o, "active_days", 0), listFrom<ModelUsage>(o, "by_model", modelUsageFrom),
                listFrom<BotUsage>(o, "by_bot", botUsageFrom)};
        });
}

Result<Pricing> StatsApi::pricing()
{
    return decode::reply<Pricing>(m_session.call("GET", "/v1/stats/pricing"), "pricing", [](const json& o) {
        Pricing pricing {{}, priceFrom(o.value("default", json::object()))};
        const json models = o.value("models", json::object()); // named: items() must not outlive it
        for (const auto& [model, price] : models.items()) {
            pricing.models[model] = priceFrom(price);
        }
        return pricing;
    });
}

Result<FeedbackStats> StatsApi::feedback(std::optional<BotId> bot, std::optional<int> days)
{
    return decode::reply<FeedbackStats>(
        m_session.call("GET", statsPath("feedback", bot, days)), "feedback stats", [](const json& o) {
            return FeedbackStats {feedbackCountsFrom(o), decode::orDefault<std::int64_t>(o, "total_with_feedback", 0),
                decode::orDefault(o, "feedback_rate", 0.0), listFrom<BotFeedback>(o, "by_bot", [](const json& item) {
                    return BotFeedback {decode::id<BotId>(item, "bot_profile_id"),
                        decode::orDefault<std::string>(item, "bot_name", {}), feedbackCountsFrom(item),
                        decode::orDefault(item, "feedback_rate", 0.0)};
                })};
        });
}

Result<std::vector<FeedbackDay>> StatsApi::feedbackTrend(std::optional<BotId> bot, std::optional<int> days)
{
    return decode::list<FeedbackDay>(
        m_session.call("GET", statsPath("feedback/trend", bot, days)), "feedback trend", [](const json& o) {
            return FeedbackDay {decode::required<std::string>(o, "date"), feedbackCountsFrom(o)};
        });
}

} // namespace ragdesk::client::api
