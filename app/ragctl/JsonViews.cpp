#include "JsonViews.h"

#include <fmt/chrono.h>

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

json utc(const std::optional<ops::ContainerTime>& time)
{
    return time ? json(api::formatTimestamp(*time) + "Z") : json();
}

json of(const ops::EngineInfo& engine)
{
    return {{"server", ops::name(engine.server)}, {"server_version", engine.serverVersion}, {"cli", engine.cli},
        {"cli_version", engine.cliVersion}, {"compose", ops::name(engine.compose)},
        {"compose_version", engine.composeVersion}, {"engine_host", engine.engineHost}};
}

json of(const ops::ContainerStatus& container)
{
    json ports = json::array();
    for (const ops::PortMapping& port : container.ports) {
        ports.push_back({{"host_ip", port.hostIp}, {"host_port", port.hostPort ? json(port.hostPort) : json()},
            {"container_port", port.containerPort}, {"protocol", port.protocol}});
    }
    return {{"id", container.id}, {"name", container.name}, {"service", container.service},
        {"project", container.project}, {"image", container.image},
        {"image_revision", container.imageRevision.empty() ? json() : json(container.imageRevision)},
        {"state", ops::name(container.state)}, {"health", ops::name(container.health)},
        {"status_text", container.statusText}, {"exit_code", container.exitCode},
        {"restart_count", container.restartCount}, {"created_at", utc(container.createdAt)},
        {"started_at", utc(container.startedAt)}, {"finished_at", utc(container.finishedAt)}, {"ports", ports}};
}

json of(const ops::ContainerResources& entry)
{
    const ops::ContainerStatus& container = entry.container;
    json row{{"id", container.id}, {"name", container.name}, {"service", container.service},
        {"state", ops::name(container.state)}};
    const auto field = [&](const char* name, auto value) { row[name] = entry.resources ? json(value) : json(); };
    const ops::ResourceSample sample = entry.resources.value_or(ops::ResourceSample{});
    field("cpu_percent", sample.cpuPercent);
    field("memory_used_bytes", sample.memoryUsedBytes);
    field("memory_limit_bytes", sample.memoryLimitBytes);
    field("memory_percent", sample.memoryPercent);
    field("net_rx_bytes", sample.netRxBytes);
    field("net_tx_bytes", sample.netTxBytes);
    field("block_read_bytes", sample.blockReadBytes);
    field("block_write_bytes", sample.blockWriteBytes);
    field("pids", sample.pids);
    return row;
}

json of(const ops::AuditRecord& record)
{
    return {{"time", utc(std::chrono::time_point_cast<std::chrono::microseconds>(record.time))},
        {"actor", record.actor}, {"stack", record.stack}, {"action", record.action}, {"target", record.target},
        {"outcome", record.outcome}, {"detail", record.detail}};
}

json of(const ops::DeployEvent& event)
{
    const std::string_view state = event.outcome ? name(*event.outcome) : name(event.state);
    return {{"event", "step"}, {"seq", event.seq}, {"time", utc(event.time)}, {"step", event.stepName},
        {"state", state}, {"message", event.message}};
}

json of(const ops::DeployOutcome& outcome)
{
    const auto orNone = [](const std::string& text) { return text.empty() ? json() : json(text); };
    return {{"event", "outcome"}, {"id", outcome.id}, {"outcome", name(outcome.outcome)},
        {"succeeded", outcome.succeeded()}, {"release", orNone(outcome.release)},
        {"revision", orNone(outcome.revision)}, {"previous", orNone(outcome.previous)}};
}

json of(const ops::Release& release)
{
    return {{"release", release.release}, {"revision", release.revision}, {"message", release.message},
        {"author", release.author}, {"committed", release.committed}, {"deployed", utc(release.deployed)},
        {"by", release.by}, {"outcome", name(release.outcome)}, {"retained", release.retained}};
}

json of(const ops::LockStatus& lock)
{
    json holder;
    if (lock.holder) {
        const ops::LockHolder& h = *lock.holder;
        holder = {{"id", h.id}, {"actor", h.actor}, {"from", h.from}, {"since", utc(h.since)}, {"ref", h.ref},
            {"mode", h.mode}, {"pid", h.pid}, {"alive", h.alive}};
    }
    return {{"locked", lock.locked}, {"holder", holder}};
}

std::string_view kindName(ops::BackupFile::Kind kind)
{
    switch (kind) {
    case ops::BackupFile::Kind::Postgres:
        return "postgres";
    case ops::BackupFile::Kind::Snapshot:
        return "snapshot";
    case ops::BackupFile::Kind::Other:
        break;
    }
    return "other";
}

json of(const ops::BackupFile& file)
{
    const std::chrono::sys_seconds modified{std::chrono::seconds(file.modified)};
    return {{"name", file.name}, {"bytes", file.bytes}, {"modified", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", modified)},
        {"kind", kindName(file.kind)}};
}

json of(const ops::BackupCheck& check)
{
    return {{"ok", check.ok}, {"compression_intact", check.compressionIntact}, {"dump_complete", check.dumpComplete},
        {"content_bytes", check.contentBytes}, {"problem", check.problem.empty() ? json() : json(check.problem)}};
}

} // namespace ragdesk::ragctl::wire
