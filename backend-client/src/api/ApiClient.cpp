#include "ragdesk/client/api/ApiClient.h"

#include "JsonDecode.h"
#include "Session.h"

namespace ragdesk::client::api {

ApiClient::ApiClient(std::string baseUrl, Credentials credentials, HttpOptions options)
    : m_session(std::make_unique<Session>(std::move(baseUrl), std::move(options), std::move(credentials))),
      m_accounts(*m_session),
      m_bots(*m_session),
      m_sources(*m_session),
      m_chats(*m_session),
      m_webhooks(*m_session),
      m_stats(*m_session)
{
}

ApiClient::~ApiClient() = default;

ApiClient::CancelScope::CancelScope(ApiClient& client, CancelToken token)
    : m_session(*client.m_session), m_previous(m_session.cancel())
{
    m_session.setCancel(std::move(token));
}

ApiClient::CancelScope::~CancelScope()
{
    m_session.setCancel(std::move(m_previous));
}

const std::string& ApiClient::baseUrl() const
{
    return m_session->http().baseUrl();
}

Result<Done> ApiClient::liveness()
{
    return decode::done(m_session->call("GET", "/health", std::nullopt, Session::Access::Public));
}

Result<SystemHealth> ApiClient::systemHealth()
{
    Result<HttpResponse> response =
        m_session->send(HttpRequest{.method = "GET", .path = "/v1/system/health"}, Session::Access::Public);
    if (!response) {
        return response.error();
    }
    return decodeSystemHealth(response->body);
}

Result<DetailedHealth> ApiClient::detailedHealth()
{
    Result<HttpResponse> response = m_session->send(HttpRequest{.method = "GET", .path = "/v1/system/health/detailed"});
    if (!response) {
        return response.error();
    }
    return decodeDetailedHealth(response->body);
}

} // namespace ragdesk::client::api
