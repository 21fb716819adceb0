#pragma once

#include "ragdesk/client/api/BotProfiles.h"
#include "ragdesk/client/api/Chats.h"
#include "ragdesk/client/api/Sources.h"
#include "ragdesk/client/api/Stats.h"
#include "ragdesk/client/api/Tenancy.h"
#include "ragdesk/client/api/Webhooks.h"

#include <nlohmann/json.hpp>

#include <vector>

// One decoder per result type of the API, from its JSON object (contract §4, §6, §7). They throw nlohmann's
// exceptions on a wrong shape; decode::reply turns those into Protocol errors. Shared by the API areas, the chat
// stream and the JSON fuzzer.
namespace ragdesk::client::api::decode {

using nlohmann::json;

Tenant tenantFrom(const json& o);
User userFrom(const json& o);
ApiToken tokenFrom(const json& o);
CreatedApiToken createdTokenFrom(const json& o);
BootstrappedTenant bootstrappedTenantFrom(const json& o);
BotProfile botFrom(const json& o);
Source sourceFrom(const json& o);
SourceBatch sourceBatchFrom(const json& o);
Chat chatFrom(const json& o);
Message messageFrom(const json& o);
RetrievedChunk chunkFrom(const json& o);
std::vector<RetrievedChunk> chunksFrom(const json& array);
Usage usageFrom(const json& o);
ChatAnswer chatAnswerFrom(const json& o);
Webhook webhookFrom(const json& o);
CreatedWebhook createdWebhookFrom(const json& o);
WebhookTestResult webhookTestFrom(const json& o);
StatsOverview overviewFrom(const json& o);
DailyUsage dailyUsageFrom(const json& o);
BotUsage botUsageFrom(const json& o);
ModelUsage modelUsageFrom(const json& o);
CostEstimate costEstimateFrom(const json& o);
Pricing pricingFrom(const json& o);
FeedbackStats feedbackStatsFrom(const json& o);
FeedbackDay feedbackDayFrom(const json& o);

} // namespace ragdesk::client::api::decode
