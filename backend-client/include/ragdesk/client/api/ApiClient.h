#pragma once

#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/api/SystemHealth.h"
#include "ragdesk/client/common/Result.h"

#include <string>

namespace ragdesk::client::api {

/// Typed calls to one MiniRAG stack's HTTP API. One owner thread at a time (it owns the kept connection).
class ApiClient {
public:
    explicit ApiClient(std::string baseUrl, HttpOptions options = {});

    /// GET /health: the web process answers (liveness only, touches no dependency).
    Result<Done> liveness();
    /// GET /v1/system/health: PostgreSQL, vector store and Redis with versions; unauthenticated.
    Result<SystemHealth> systemHealth();

    const std::string& baseUrl() const { return m_http.baseUrl(); }

private:
    Result<HttpResponse> get(const std::string& path);

    HttpClient m_http;
};

} // namespace ragdesk::client::api
