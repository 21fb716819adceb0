#include "ragdesk/client/api/Webhooks.h"

#include "JsonDecode.h"
#include "Session.h"

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

Webhook webhookFrom(const json& o)
{
    return Webhook {decode::id<WebhookId>(o, "id"), decode::id<TenantId>(o, "tenant_id"),
        decode::required<std::string>(o, "url"), decode::orDefault<std::vector<std::string>>(o, "events", {}),
        decode::orDefault(o, "is_active", true), decode::orDefault<std::string>(o, "description", {}),
        decode::orDefault(o, "has_secret", false), decode::time(o, "created_at"), decode::time(o, "updated_at")};
}

std::string webhookPath(const WebhookId& id)
{
    return "/v1/webhooks/" + pathSegment(id.str());
}

} // namespace

Result<std::vector<Webhook>> WebhooksApi::list()
{
    return decode::list<Webhook>(m_session.call("GET", "/v1/webhooks"), "webhooks", webhookFrom);
}

Result<Webhook> WebhooksApi::get(const WebhookId& id)
{
    return decode::reply<Webhook>(m_session.call("GET", webhookPath(id)), "webhook", webhookFrom);
}

Result<CreatedWebhook> WebhooksApi::create(const WebhookDraft& draft)
{
    json body {{"url", draft.url}, {"events", draft.events}, {"description", draft.description}};
    body["secret"] = draft.secret ? json(draft.secret->reveal()) : json();
    return decode::reply<CreatedWebhook>(m_session.call("POST", "/v1/webhooks", body), "webhook", [](const json& o) {
        return CreatedWebhook {webhookFrom(o), Secret(decode::required<std::string>(o, "secret"))};
    });
}

Result<Done> WebhooksApi::remove(const WebhookId& id)
{
    return decode::done(m_session.call("DELETE", webhookPath(id)));
}

Result<WebhookTestResult> WebhooksApi::test(const WebhookId& id)
{
    return decode::reply<WebhookTestResult>(
        m_session.call("POST", webhookPath(id) + "/test"), "webhook test", [](const json& o) {
            return WebhookTestResult {decode::required<bool>(o, "success"), decode::optional<int>(o, "status_code")};
        });
}

} // namespace ragdesk::client::api
