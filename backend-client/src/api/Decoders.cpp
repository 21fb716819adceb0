#include "Decoders.h"

#include "JsonDecode.h"

namespace ragdesk::client::api::decode {
namespace {

template <typename T, typename Decoder> std::vector<T> listFrom(const json& o, const char* key, Decoder decoder)
{
    std::vector<T> items;
    for (const json& item : o.value(key, json::array())) {
        items.push_back(decoder(item));
    }
    return items;
}

} // namespace

Tenant tenantFrom(const json& o)
{
    return Tenant{id<TenantId>(o, "id"), required<std::string>(o, "name"), required<std::string>(o, "slug"),
        orDefault(o, "is_active", true), orDefault<std::string>(o, "plan", "free")};
}

User userFrom(const json& o)
{
    return User{id<UserId>(o, "id"), id<TenantId>(o, "tenant_id"), required<std::string>(o, "email"),
        orDefault<std::string>(o, "display_name", {}), userRoleFromString(required<std::string>(o, "role")),
        orDefault(o, "is_active", true)};
}

ApiToken tokenFrom(const json& o)
{
    return ApiToken{id<ApiTokenId>(o, "id"), id<TenantId>(o, "tenant_id"), required<std::string>(o, "name"),
        orDefault<std::string>(o, "token_prefix", {}), orDefault(o, "is_active", true), optionalTime(o, "expires_at"),
        optionalTime(o, "last_used_at"), time(o, "created_at")};
}

BotProfile botFrom(const json& o)
{
    return BotProfile{id<BotId>(o, "id"), id<TenantId>(o, "tenant_id"), required<std::string>(o, "name"),
        orDefault<std::string>(o, "description", {}), required<std::string>(o, "model"),
        optional<std::string>(o, "embedding_model"), orDefault<std::string>(o, "system_prompt", {}),
        required<double>(o, "temperature"), required<int>(o, "max_tokens"), orDefault(o, "has_credentials", false),
        orDefault(o, "is_active", true), time(o, "created_at"), time(o, "updated_at")};
}

Source sourceFrom(const json& o)
{
    const json config = o.value("config", json::object());
    Source source;
    source.id = id<SourceId>(o, "id");
    source.tenantId = id<TenantId>(o, "tenant_id");
    source.botProfileId = id<BotId>(o, "bot_profile_id");
    source.parentId = optionalId<SourceId>(o, "parent_id");
    source.name = required<std::string>(o, "name");
    source.description = orDefault<std::string>(o, "description", {});
    source.type = sourceTypeFromString(required<std::string>(o, "source_type"));
    source.status = sourceStatusFromString(required<std::string>(o, "status"));
    source.configJson = config.dump();
    if (config.is_object()) {
        source.url = optional<std::string>(config, "url");
        source.originalFilename = optional<std::string>(config, "original_filename");
        source.fileSize = optional<std::uint64_t>(config, "file_size");
    }
    source.documentCount = orDefault(o, "document_count", 0);
    source.chunkCount = orDefault(o, "chunk_count", 0);
    source.errorMessage = optional<std::string>(o, "error_message");
    source.isActive = orDefault(o, "is_active", true);
    if (const auto schedule = optional<std::string>(o, "refresh_schedule")) {
        source.refreshSchedule = refreshScheduleFromString(*schedule);
    }
    source.lastRefreshedAt = optionalTime(o, "last_refreshed_at");
    source.childrenCount = orDefault(o, "children_count", 0);
    source.createdAt = time(o, "created_at");
    source.updatedAt = time(o, "updated_at");
    return source;
}

Chat chatFrom(const json& o)
{
    return Chat{id<ChatId>(o, "id"), id<TenantId>(o, "tenant_id"), id<BotId>(o, "bot_profile_id"),
        orDefault<std::string>(o, "title", {}), orDefault(o, "message_count", 0),
        orDefault<std::int64_t>(o, "total_prompt_tokens", 0), orDefault<std::int64_t>(o, "total_completion_tokens", 0),
        time(o, "created_at"), time(o, "updated_at")};
}

Webhook webhookFrom(const json& o)
{
    return Webhook{id<WebhookId>(o, "id"), id<TenantId>(o, "tenant_id"), required<std::string>(o, "url"),
        orDefault<std::vector<std::string>>(o, "events", {}), orDefault(o, "is_active", true),
        orDefault<std::string>(o, "description", {}), orDefault(o, "has_secret", false), time(o, "created_at"),
        time(o, "updated_at")};
}

namespace {

TokenCounts tokensFrom(const json& o)
{
    return TokenCounts{orDefault<std::int64_t>(o, "prompt_tokens", 0),
        orDefault<std::int64_t>(o, "completion_tokens", 0), orDefault<std::int64_t>(o, "total_tokens", 0)};
}

ModelPrice priceFrom(const json& o)
{
    return ModelPrice{orDefault(o, "prompt_cost_per_1m", 0.0), orDefault(o, "completion_cost_per_1m", 0.0)};
}

} // namespace

BotUsage botUsageFrom(const json& o)
{
    return BotUsage{id<BotId>(o, "bot_profile_id"), orDefault<std::string>(o, "bot_name", {}),
        orDefault<std::string>(o, "model", {}), tokensFrom(o), orDefault<std::int64_t>(o, "request_count", 0),
        orDefault(o, "cost_usd", 0.0)};
}

ModelUsage modelUsageFrom(const json& o)
{
    return ModelUsage{required<std::string>(o, "model"), tokensFrom(o), orDefault<std::int64_t>(o, "request_count", 0),
        orDefault(o, "cost_usd", 0.0), priceFrom(o)};
}

namespace {

FeedbackCounts feedbackCountsFrom(const json& o)
{
    return FeedbackCounts{orDefault<std::int64_t>(o, "positive_count", 0),
        orDefault<std::int64_t>(o, "negative_count", 0), orDefault<std::int64_t>(o, "total_messages", 0)};
}

} // namespace

Message messageFrom(const json& o)
{
    Message message{id<MessageId>(o, "id"), id<ChatId>(o, "chat_id"),
        messageRoleFromString(required<std::string>(o, "role")), required<std::string>(o, "content"),
        orDefault<std::int64_t>(o, "prompt_tokens", 0), orDefault<std::int64_t>(o, "completion_tokens", 0),
        std::nullopt, time(o, "created_at")};
    if (const auto feedback = optional<std::string>(o, "feedback")) {
        message.feedback = feedbackFromString(*feedback);
    }
    return message;
}

RetrievedChunk chunkFrom(const json& o)
{
    return RetrievedChunk{id<ChunkId>(o, "chunk_id"), orDefault<std::string>(o, "content", {}),
        required<double>(o, "score"), id<SourceId>(o, "source_id")};
}

std::vector<RetrievedChunk> chunksFrom(const json& array)
{
    std::vector<RetrievedChunk> chunks;
    for (const json& item : array.get_ref<const json::array_t&>()) {
        chunks.push_back(chunkFrom(item));
    }
    return chunks;
}

Usage usageFrom(const json& o)
{
    return Usage{orDefault<std::string>(o, "model", {}), orDefault<std::int64_t>(o, "prompt_tokens", 0),
        orDefault<std::int64_t>(o, "completion_tokens", 0), orDefault<std::int64_t>(o, "total_tokens", 0)};
}

CreatedApiToken createdTokenFrom(const json& o)
{
    return CreatedApiToken{tokenFrom(o), Secret(required<std::string>(o, "raw_token"))};
}

BootstrappedTenant bootstrappedTenantFrom(const json& o)
{
    return BootstrappedTenant{tenantFrom(o.at("tenant")), Secret(required<std::string>(o, "api_token")),
        orDefault<std::string>(o, "token_prefix", {})};
}

SourceBatch sourceBatchFrom(const json& o)
{
    SourceBatch batch{sourceFrom(o.at("parent")), {}};
    for (const json& child : o.at("children")) {
        batch.children.push_back(sourceFrom(child));
    }
    return batch;
}

ChatAnswer chatAnswerFrom(const json& o)
{
    return ChatAnswer{id<ChatId>(o, "chat_id"), messageFrom(o.at("message")),
        chunksFrom(o.value("sources", json::array())), usageFrom(o.at("usage"))};
}

CreatedWebhook createdWebhookFrom(const json& o)
{
    return CreatedWebhook{webhookFrom(o), Secret(required<std::string>(o, "secret"))};
}

WebhookTestResult webhookTestFrom(const json& o)
{
    return WebhookTestResult{required<bool>(o, "success"), optional<int>(o, "status_code")};
}

StatsOverview overviewFrom(const json& o)
{
    return StatsOverview{orDefault(o, "bot_profiles", 0), orDefault(o, "sources", 0), orDefault(o, "chats", 0),
        TokenCounts{orDefault<std::int64_t>(o, "total_prompt_tokens", 0),
            orDefault<std::int64_t>(o, "total_completion_tokens", 0), orDefault<std::int64_t>(o, "total_tokens", 0)}};
}

DailyUsage dailyUsageFrom(const json& o)
{
    return DailyUsage{required<std::string>(o, "date"), orDefault<std::string>(o, "model", {}), tokensFrom(o),
        orDefault<std::int64_t>(o, "request_count", 0)};
}

CostEstimate costEstimateFrom(const json& o)
{
    return CostEstimate{orDefault(o, "total_cost_usd", 0.0), orDefault(o, "daily_avg_cost_usd", 0.0),
        orDefault(o, "projected_monthly_usd", 0.0), orDefault(o, "active_days", 0),
        listFrom<ModelUsage>(o, "by_model", modelUsageFrom), listFrom<BotUsage>(o, "by_bot", botUsageFrom)};
}

Pricing pricingFrom(const json& o)
{
    Pricing pricing{{}, priceFrom(o.value("default", json::object()))};
    const json models = o.value("models", json::object()); // named: items() must not outlive it
    for (const auto& [model, price] : models.items()) {
        pricing.models[model] = priceFrom(price);
    }
    return pricing;
}

FeedbackStats feedbackStatsFrom(const json& o)
{
    return FeedbackStats{feedbackCountsFrom(o), orDefault<std::int64_t>(o, "total_with_feedback", 0),
        orDefault(o, "feedback_rate", 0.0), listFrom<BotFeedback>(o, "by_bot", [](const json& item) {
            return BotFeedback{id<BotId>(item, "bot_profile_id"), orDefault<std::string>(item, "bot_name", {}),
                feedbackCountsFrom(item), orDefault(item, "feedback_rate", 0.0)};
        })};
}

FeedbackDay feedbackDayFrom(const json& o)
{
    return FeedbackDay{required<std::string>(o, "date"), feedbackCountsFrom(o)};
}

} // namespace ragdesk::client::api::decode
