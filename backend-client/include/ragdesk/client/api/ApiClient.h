#pragma once

#include "ragdesk/client/api/AccountsApi.h"
#include "ragdesk/client/api/BotProfiles.h"
#include "ragdesk/client/api/Chats.h"
#include "ragdesk/client/api/Credentials.h"
#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/api/Sources.h"
#include "ragdesk/client/api/Stats.h"
#include "ragdesk/client/api/SystemHealth.h"
#include "ragdesk/client/api/Webhooks.h"
#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"

#include <memory>
#include <string>

namespace ragdesk::client::api {

class Session;

/// Typed calls to one MiniRAG stack's HTTP API, grouped by area (accounts, bots, sources, chats, webhooks,
/// stats). One kept connection; use from one thread at a time. Calls are cancelled through a CancelScope, whose
/// token may be stopped from any thread.
class ApiClient {
public:
    explicit ApiClient(std::string baseUrl, Credentials credentials = {}, HttpOptions options = {});
    ~ApiClient();
    ApiClient(const ApiClient&) = delete;
    ApiClient& operator=(const ApiClient&) = delete;

    /// GET /health: the web process answers (liveness only, touches no dependency).
    Result<Done> liveness();
    /// GET /v1/system/health: PostgreSQL, vector store and Redis with versions; unauthenticated.
    Result<SystemHealth> systemHealth();
    /// GET /v1/system/health/detailed: needs a signed-in user (any role).
    Result<DetailedHealth> detailedHealth();

    AccountsApi& accounts() { return m_accounts; }
    BotProfilesApi& bots() { return m_bots; }
    SourcesApi& sources() { return m_sources; }
    ChatsApi& chats() { return m_chats; }
    WebhooksApi& webhooks() { return m_webhooks; }
    StatsApi& stats() { return m_stats; }

    /// Binds a cancel token to every call made on this client while the scope lives, then restores the one
    /// before. Stopping the token ends the call in flight with Error{Cancelled}, and any later call of the scope
    /// before it sends anything; a new operation opens a new scope with a fresh token.
    class [[nodiscard]] CancelScope {
    public:
        CancelScope(ApiClient& client, CancelToken token);
        ~CancelScope();
        CancelScope(const CancelScope&) = delete;
        CancelScope& operator=(const CancelScope&) = delete;

    private:
        Session& m_session;
        CancelToken m_previous;
    };
    CancelScope cancelWith(CancelToken token) { return CancelScope(*this, std::move(token)); }
    const std::string& baseUrl() const;

private:
    std::unique_ptr<Session> m_session;
    AccountsApi m_accounts;
    BotProfilesApi m_bots;
    SourcesApi m_sources;
    ChatsApi m_chats;
    WebhooksApi m_webhooks;
    StatsApi m_stats;
};

} // namespace ragdesk::client::api
