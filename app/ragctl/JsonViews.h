#pragma once

#include "ragdesk/client/api/BotProfiles.h"
#include "ragdesk/client/api/Chats.h"
#include "ragdesk/client/api/Sources.h"
#include "ragdesk/client/api/Stats.h"
#include "ragdesk/client/api/Tenancy.h"
#include "ragdesk/client/api/Webhooks.h"
#include "ragdesk/client/common/Error.h"
#include "ragdesk/client/ops/AuditLog.h"
#include "ragdesk/client/ops/deploy/Backups.h"
#include "ragdesk/client/ops/deploy/Deployer.h"
#include "ragdesk/client/ops/engine/Containers.h"
#include "ragdesk/client/ops/engine/Engine.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

// The --json shapes: the API's own field names (snake_case) and value forms, so a script written against
// MiniRAG's documentation reads ragctl's output too. Secrets never appear here except where a command exists to
// show one once (the caller adds it).
namespace ragdesk::ragctl::wire {

using nlohmann::json;
namespace api = client::api;

json of(const api::Tenant& tenant);
json of(const api::User& user);
json of(const api::ApiToken& token);
json of(const api::BotProfile& bot);
json of(const api::Source& source);
json of(const api::Chat& chat);
json of(const api::Message& message);
json of(const api::RetrievedChunk& chunk);
json of(const api::Usage& usage);
json of(const api::Webhook& webhook);
json of(const api::TokenCounts& tokens);
json of(const api::ModelPrice& price);
json of(const api::BotUsage& usage);
json of(const api::ModelUsage& usage);
json of(const api::FeedbackCounts& counts);
json of(const client::Error& error);
json of(const std::optional<api::Timestamp>& time);

// The ops views have no API to follow: snake_case names like the rest, states and health as docker's lower-case
// words, times ISO-8601 in UTC with a "Z", sizes in bytes.
namespace ops = client::ops;
json of(const ops::EngineInfo& engine);
json of(const ops::ContainerStatus& container);
/// The container's identity and state with its resource sample flattened in (nulls when it has none).
json of(const ops::ContainerResources& entry);
json of(const ops::AuditRecord& record);
/// A step of a deploy, rollback or restore run: {"event": "step", seq, time, step, state, message}.
json of(const ops::DeployEvent& event);
/// How a run ended: {"event": "outcome", id, outcome, succeeded, release, revision, previous}.
json of(const ops::DeployOutcome& outcome);
json of(const ops::Release& release);
json of(const ops::LockStatus& lock);
json of(const ops::BackupFile& file);
json of(const ops::BackupCheck& check);
/// The server's "postgres" / "snapshot" / "other".
std::string_view kindName(ops::BackupFile::Kind kind);
/// "2026-03-25T19:50:12.345678Z", or null.
json utc(const std::optional<ops::ContainerTime>& time);

/// One line of JSON as ragctl prints it: UTF-8 kept as it is, invalid bytes replaced rather than thrown on.
std::string line(const json& document);

/// An array of whatever `of` can show.
template <typename T> json array(const std::vector<T>& items)
{
    json list = json::array();
    for (const T& item : items) {
        list.push_back(of(item));
    }
    return list;
}

} // namespace ragdesk::ragctl::wire
