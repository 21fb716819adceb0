#include "ragdesk/client/api/Webhooks.h"

#include "Decoders.h"
#include "JsonDecode.h"
#include "Session.h"

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

std::string webhookPath(const WebhookId& id)
{
    return "/v1/webhooks/" + pathSegment(id.str());
}

} // namespace

Result<std::vector<Webhook>> WebhooksApi::list()
{
    return decode::list<Webhook>(m_session.call("GET", "/v1/webhooks"), "webhooks", decode::webhookFrom);
}

Result<Webhook> WebhooksApi::get(const WebhookId& id)
{
    return decode::reply<Webhook>(m_session.call("GET", webhookPath(id)), "webhook", decode::webhookFrom);
}

Result<CreatedWebhook> WebhooksApi::create(const WebhookDraft& draft)
{
    json body{{"url", draft.url}, {"events", draft.events}, {"description", draft.description}};
    body["secret"] = draft.secret ? json(draft.secret->reveal()) : json();
    return decode::reply<CreatedWebhook>(
        m_session.call("POST", "/v1/webhooks", body), "webhook", decode::createdWebhookFrom);
}

Result<Done> WebhooksApi::remove(const WebhookId& id)
{
    return decode::done(m_session.call("DELETE", webhookPath(id)));
}

Result<WebhookTestResult> WebhooksApi::test(const WebhookId& id)
{
    return decode::reply<WebhookTestResult>(
        m_session.call("POST", webhookPath(id) + "/test"), "webhook test", decode::webhookTestFrom);
}

} // namespace ragdesk::client::api
