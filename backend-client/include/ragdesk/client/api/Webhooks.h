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

/// A subscriber the server POSTs events to, signed with HMAC-SHA256 of the body (contract §9).
struct Webhook {
    WebhookId id;
    TenantId tenantId;
    std::string url;
    std::vector<std::string> events; ///< source.ingested, source.failed, chat.message
    bool isActive = true;
    std::string description;
    bool hasSecret = false;
    Timestamp createdAt;
    Timestamp updatedAt;
};

struct WebhookDraft {
    std::string url;
    std::vector<std::string> events;
    std::string description;
    std::optional<Secret> secret; ///< none: the server generates one
};

struct CreatedWebhook {
    Webhook webhook;
    Secret secret; ///< shown once
};

/// The result of a test ping: whether the subscriber answered 2xx, and its status (none when unreachable).
struct WebhookTestResult {
    bool success = false;
    std::optional<int> statusCode;
};

/// Webhooks. MiniRAG has no update route: "edit" is delete and create, which changes the id and the secret.
class WebhooksApi {
public:
    explicit WebhooksApi(Session& session) : m_session(session) { }

    Result<std::vector<Webhook>> list();
    Result<Webhook> get(const WebhookId& id);
    Result<CreatedWebhook> create(const WebhookDraft& draft);
    Result<Done> remove(const WebhookId& id);
    Result<WebhookTestResult> test(const WebhookId& id);

private:
    Session& m_session;
};

} // namespace ragdesk::client::api
