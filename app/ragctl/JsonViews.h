#pragma once

#include "ragdesk/client/api/BotProfiles.h"
#include "ragdesk/client/api/Chats.h"
#include "ragdesk/client/api/Sources.h"
#include "ragdesk/client/api/Stats.h"
#include "ragdesk/client/api/Tenancy.h"
#include "ragdesk/client/api/Webhooks.h"
#include "ragdesk/client/common/Error.h"

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
