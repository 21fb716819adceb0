#pragma once

#include "ragdesk/client/api/Ids.h"
#include "ragdesk/client/api/Timestamp.h"
#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/common/Secret.h"

#include <optional>
#include <string>
#include <vector>

namespace ragdesk::client::api {

class Session;

/// A bot profile: the model, prompt and limits a chat runs with (contract §4, §6.6).
struct BotProfile {
    BotId id;
    TenantId tenantId;
    std::string name;
    std::string description;
    std::string model;
    std::optional<std::string> embeddingModel; ///< none = the platform default (text-embedding-3-small)
    std::string systemPrompt;
    double temperature = 0.7;
    int maxTokens = 1024;
    bool hasCredentials = false; ///< a provider key is stored (never returned)
    bool isActive = true;
    Timestamp createdAt;
    Timestamp updatedAt;
};

/// POST /v1/bot-profiles. Unset optionals take the server's defaults.
struct BotProfileDraft {
    std::string name;
    std::optional<std::string> description;
    std::optional<std::string> model;
    std::optional<std::string> embeddingModel;
    std::optional<std::string> systemPrompt;
    std::optional<double> temperature; ///< 0.0-2.0
    std::optional<int> maxTokens; ///< 1-128000
    std::optional<Secret> providerApiKey;
};

/// PATCH /v1/bot-profiles/{id}: only what is set is sent. The server fails on an explicit null for most fields,
/// so this type cannot express one, except where null is legal (embedding model back to default, key cleared).
struct BotProfilePatch {
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::optional<std::string> model;
    std::optional<std::optional<std::string>> embeddingModel; ///< set to nullopt inside = back to the default
    std::optional<std::string> systemPrompt;
    std::optional<double> temperature;
    std::optional<int> maxTokens;
    std::optional<std::optional<Secret>> providerApiKey; ///< set to nullopt inside = remove the stored key
    std::optional<bool> isActive; ///< true re-activates a deleted bot
};

/// Bot profile administration.
class BotProfilesApi {
public:
    explicit BotProfilesApi(Session& session) : m_session(session) { }

    Result<std::vector<BotProfile>> list(); ///< newest first, deactivated ones included
    Result<BotProfile> get(const BotId& id);
    Result<BotProfile> create(const BotProfileDraft& draft);
    Result<BotProfile> update(const BotId& id, const BotProfilePatch& patch);
    /// Soft delete: the bot is deactivated; its sources, chats and vectors stay.
    Result<Done> deactivate(const BotId& id);

private:
    Session& m_session;
};

} // namespace ragdesk::client::api
