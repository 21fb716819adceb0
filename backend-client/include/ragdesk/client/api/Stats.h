#pragma once

#include "ragdesk/client/api/Ids.h"
#include "ragdesk/client/common/Result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ragdesk::client::api {

class Session;

struct TokenCounts {
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::int64_t totalTokens = 0;
};

struct StatsOverview {
    int botProfiles = 0; ///< including deactivated bots
    int sources = 0; ///< including deleted and child sources
    int chats = 0;
    TokenCounts tokens;
};

/// One (day, model) row of /v1/stats/usage. Days without usage are absent: charts fill them with zero.
struct DailyUsage {
    std::string date; ///< UTC day, YYYY-MM-DD
    std::string model;
    TokenCounts tokens;
    std::int64_t requestCount = 0;
};

struct BotUsage {
    BotId botProfileId;
    std::string botName;
    std::string model;
    TokenCounts tokens;
    std::int64_t requestCount = 0;
    double costUsd = 0;
};

struct ModelPrice {
    double promptPer1m = 0; ///< USD per million prompt tokens
    double completionPer1m = 0;
};

struct ModelUsage {
    std::string model;
    TokenCounts tokens;
    std::int64_t requestCount = 0;
    double costUsd = 0;
    ModelPrice price;
};

struct CostEstimate {
    double totalCostUsd = 0;
    double dailyAverageUsd = 0; ///< over days that had usage
    double projectedMonthlyUsd = 0;
    int activeDays = 0;
    std::vector<ModelUsage> byModel;
    std::vector<BotUsage> byBot;
};

struct Pricing {
    std::map<std::string, ModelPrice> models;
    ModelPrice fallback; ///< for models not in the table

    /// The price of a model, or the fallback the server also uses for models it does not list.
    const ModelPrice& priceOf(const std::string& model) const;
    /// USD for these tokens of this model, by the server's formula (contract §6.10).
    double costUsd(const std::string& model, std::int64_t promptTokens, std::int64_t completionTokens) const;
};

struct FeedbackCounts {
    std::int64_t positive = 0;
    std::int64_t negative = 0;
    std::int64_t totalMessages = 0; ///< assistant messages
};

struct BotFeedback {
    BotId botProfileId;
    std::string botName;
    FeedbackCounts counts;
    double ratePercent = 0;
};

struct FeedbackStats {
    FeedbackCounts counts;
    std::int64_t withFeedback = 0;
    double ratePercent = 0; ///< 0-100
    std::vector<BotFeedback> byBot;
};

struct FeedbackDay {
    std::string date;
    FeedbackCounts counts;
};

/// The chart feeds of /v1/stats (cached 30 s per query on the server). `days` unset = all time where the
/// server allows it; the server's own default (30) otherwise.
class StatsApi {
public:
    explicit StatsApi(Session& session) : m_session(session) { }

    Result<StatsOverview> overview();
    Result<std::vector<DailyUsage>> usage(std::optional<int> days = std::nullopt); ///< newest day first
    Result<std::vector<BotUsage>> usageByBot(std::optional<int> days = std::nullopt);
    Result<std::vector<ModelUsage>> usageByModel(std::optional<int> days = std::nullopt);
    Result<CostEstimate> costEstimate(std::optional<int> days = std::nullopt);
    Result<Pricing> pricing();
    Result<FeedbackStats> feedback(std::optional<BotId> bot = std::nullopt, std::optional<int> days = std::nullopt);
    Result<std::vector<FeedbackDay>> feedbackTrend(std::optional<BotId> bot = std::nullopt,
        std::optional<int> days = std::nullopt); ///< oldest day first

private:
    Session& m_session;
};

} // namespace ragdesk::client::api
