#include "JsonViews.h"

namespace ragdesk::ragctl::wire {
namespace {

template <typename T> json orNull(const std::optional<T>& value)
{
    return value ? json(*value) : json();
}

json time(const api::Timestamp& time)
{
    return api::formatTimestamp(time);
}

} // namespace

std::string line(const json& document)
{
    return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

json of(const std::optional<api::Timestamp>& value)
{
    return value ? time(*value) : json();
}

json of(const api::Tenant& tenant)
{
    return {{"id", tenant.id.str()}, {"name", tenant.name}, {"slug", tenant.slug}, {"is_active", tenant.isActive},
        {"plan", tenant.plan}};
}

json of(const api::User& user)
{
    return {{"id", user.id.str()}, {"tenant_id", user.tenantId.str()}, {"email", user.email},
        {"display_name", user.displayName}, {"role", api::toString(user.role)}, {"is_active", user.isActive}};
}

json of(const api::ApiToken& token)
{
    return {{"id", token.id.str()}, {"tenant_id", token.tenantId.str()}, {"name", token.name},
        {"token_prefix", token.tokenPrefix}, {"is_active", token.isActive}, {"expires_at", of(token.expiresAt)},
        {"last_used_at", of(token.lastUsedAt)}, {"created_at", time(token.createdAt)}};
}

json of(const api::BotProfile& bot)
{
    return {{"id", bot.id.str()}, {"tenant_id", bot.tenantId.str()}, {"name", bot.name},
        {"description", bot.description}, {"model", bot.model}, {"embedding_model", orNull(bot.embeddingModel)},
        {"system_prompt", bot.systemPrompt}, {"temperature", bot.temperature}, {"max_tokens", bot.maxTokens},
        {"has_credentials", bot.hasCredentials}, {"is_active", bot.isActive}, {"created_at", time(bot.createdAt)},
        {"updated_at", time(bot.updatedAt)}};
}

json of(const api::Source& source)
{
    json config = json::parse(source.configJson, nullptr, /*allow_exceptions=*/false);
    return {{"id", source.id.str()}, {"tenant_id", source.tenantId.str()},
        {"bot_profile_id", source.botProfileId.str()},
        {"parent_id", source.parentId ? json(source.parentId->str()) : json()}, {"name", source.name},
        {"description", source.description}, {"source_type", api::toString(source.type)},
        {"status", api::toString(source.status)}, {"config", config.is_discarded() ? json::object() : config},
        {"document_count", source.documentCount}, {"chunk_count", source.chunkCount},
        {"error_message", orNull(source.errorMessage)}, {"is_active", source.isActive},
        {"refresh_schedule", source.refreshSchedule ? json(api::toString(*source.refreshSchedule)) : json()},
        {"last_refreshed_at", of(source.lastRefreshedAt)}, {"children_count", source.childrenCount},
        {"created_at", time(source.createdAt)}, {"updated_at", time(source.updatedAt)}};
}

json of(const api::Chat& chat)
{
    return {{"id", chat.id.str()}, {"tenant_id", chat.tenantId.str()}, {"bot_profile_id", chat.botProfileId.str()},
        {"title", chat.title}, {"message_count", chat.messageCount}, {"total_prompt_tokens", chat.totalPromptTokens},
        {"total_completion_tokens", chat.totalCompletionTokens}, {"created_at", time(chat.createdAt)},
        {"updated_at", time(chat.updatedAt)}};
}

json of(const api::Message& message)
{
    return {{"id", message.id.str()}, {"chat_id", message.chatId.str()}, {"role", api::toString(message.role)},
        {"content", message.content}, {"prompt_tokens", message.promptTokens},
        {"completion_tokens", message.completionTokens},
        {"feedback", message.feedback ? json(api::toString(*message.feedback)) : json()},
        {"created_at", time(message.createdAt)}};
}

json of(const api::RetrievedChunk& chunk)
{
    return {{"chunk_id", chunk.chunkId.str()}, {"source_id", chunk.sourceId.str()}, {"score", chunk.score},
        {"content", chunk.content}};
}

json of(const api::Usage& usage)
{
    return {{"model", usage.model}, {"prompt_tokens", usage.promptTokens},
        {"completion_tokens", usage.completionTokens}, {"total_tokens", usage.totalTokens}};
}

json of(const api::Webhook& webhook)
{
    return {{"id", webhook.id.str()}, {"tenant_id", webhook.tenantId.str()}, {"url", webhook.url},
        {"events", webhook.events}, {"is_active", webhook.isActive}, {"description", webhook.description},
        {"has_secret", webhook.hasSecret}, {"created_at", time(webhook.createdAt)},
        {"updated_at", time(webhook.updatedAt)}};
}

json of(const api::TokenCounts& tokens)
{
    return {{"prompt_tokens", tokens.promptTokens}, {"completion_tokens", tokens.completionTokens},
        {"total_tokens", tokens.totalTokens}};
}

json of(const api::ModelPrice& price)
{
    return {{"prompt_cost_per_1m", price.promptPer1m}, {"completion_cost_per_1m", price.completionPer1m}};
}

json of(const api::BotUsage& usage)
{
    json row{{"bot_profile_id", usage.botProfileId.str()}, {"bot_name", usage.botName}, {"model", usage.model}};
    row.update(of(usage.tokens));
    row["request_count"] = usage.requestCount;
    row["cost_usd"] = usage.costUsd;
    return row;
}

json of(const api::ModelUsage& usage)
{
    json row{{"model", usage.model}};
    row.update(of(usage.tokens));
    row["request_count"] = usage.requestCount;
    row["cost_usd"] = usage.costUsd;
    row.update(of(usage.price));
    return row;
}

json of(const api::FeedbackCounts& counts)
{
    return {{"positive_count", counts.positive}, {"negative_count", counts.negative},
        {"total_messages", counts.totalMessages}};
}

json of(const client::Error& error)
{
    json fields = json::array();
    for (const client::FieldError& field : error.fieldErrors) {
        fields.push_back({{"field", field.field}, {"message", field.message}});
    }
    return {{"kind", client::toString(error.kind)}, {"http_status", error.httpStatus ? json(error.httpStatus) : json()},
        {"message", error.message}, {"fields", fields}};
}

} // namespace ragdesk::ragctl::wire
