#include "ragdesk/client/api/BotProfiles.h"

#include "Decoders.h"
#include "JsonDecode.h"
#include "Session.h"

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

json credentials(const std::optional<Secret>& key)
{
    return key ? json{{"api_key", key->reveal()}} : json();
}

std::string botPath(const BotId& id)
{
    return "/v1/bot-profiles/" + pathSegment(id.str());
}

} // namespace

Result<std::vector<BotProfile>> BotProfilesApi::list()
{
    return decode::list<BotProfile>(m_session.call("GET", "/v1/bot-profiles"), "bot profiles", decode::botFrom);
}

Result<BotProfile> BotProfilesApi::get(const BotId& id)
{
    return decode::reply<BotProfile>(m_session.call("GET", botPath(id)), "bot profile", decode::botFrom);
}

Result<BotProfile> BotProfilesApi::create(const BotProfileDraft& draft)
{
    json body{{"name", draft.name}};
    decode::setIf(body, "description", draft.description);
    decode::setIf(body, "model", draft.model);
    decode::setIf(body, "embedding_model", draft.embeddingModel);
    decode::setIf(body, "system_prompt", draft.systemPrompt);
    decode::setIf(body, "temperature", draft.temperature);
    decode::setIf(body, "max_tokens", draft.maxTokens);
    if (draft.providerApiKey) {
        body["credentials"] = credentials(draft.providerApiKey);
    }
    return decode::reply<BotProfile>(m_session.call("POST", "/v1/bot-profiles", body), "bot profile", decode::botFrom);
}

Result<BotProfile> BotProfilesApi::update(const BotId& id, const BotProfilePatch& patch)
{
    json body = json::object();
    decode::setIf(body, "name", patch.name);
    decode::setIf(body, "description", patch.description);
    decode::setIf(body, "model", patch.model);
    if (patch.embeddingModel) {
        body["embedding_model"] = *patch.embeddingModel ? json(**patch.embeddingModel) : json();
    }
    decode::setIf(body, "system_prompt", patch.systemPrompt);
    decode::setIf(body, "temperature", patch.temperature);
    decode::setIf(body, "max_tokens", patch.maxTokens);
    if (patch.providerApiKey) {
        body["credentials"] = credentials(*patch.providerApiKey);
    }
    decode::setIf(body, "is_active", patch.isActive);
    return decode::reply<BotProfile>(m_session.call("PATCH", botPath(id), body), "bot profile", decode::botFrom);
}

Result<Done> BotProfilesApi::deactivate(const BotId& id)
{
    return decode::done(m_session.call("DELETE", botPath(id)));
}

} // namespace ragdesk::client::api
