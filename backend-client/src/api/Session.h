#pragma once

#include "ragdesk/client/api/Credentials.h"
#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/common/Result.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace ragdesk::client::api {

/// The authenticated connection every API area shares: adds the bearer token, maps error responses to Error,
/// decodes JSON, and on a 401 for an expired JWT logs in again once when the password is known.
class Session {
public:
    /// Public routes (health, tenant bootstrap) go out without a token and never trigger a login.
    enum class Access { Authenticated, Public };

    Session(std::string baseUrl, HttpOptions options, Credentials credentials);

    /// A JSON call: body (if any) is sent as application/json; a 2xx JSON reply is returned parsed (null for 204).
    Result<nlohmann::json> call(const std::string& method, const std::string& path,
        const std::optional<nlohmann::json>& body = std::nullopt, Access access = Access::Authenticated);
    /// A call whose reply is not JSON (CSV exports, uploads, streams): the request goes out with the bearer
    /// token; a non-2xx reply becomes an Error.
    Result<HttpResponse> send(HttpRequest request, Access access = Access::Authenticated);
    /// POST /v1/auth/login with the credentials' e-mail and password; keeps the JWT for later calls.
    Result<nlohmann::json> login(const CancelToken& cancel = {});

    HttpClient& http() { return m_http; }
    /// The token that cancels every request from now on that brings none of its own (ApiClient::CancelScope).
    void setCancel(CancelToken token) { m_cancel = std::move(token); }
    const CancelToken& cancel() const { return m_cancel; }
    const Credentials& credentials() const { return m_credentials; }
    /// The JWT in use, if the session logged in.
    const std::optional<Secret>& jwt() const { return m_jwt; }

private:
    Result<HttpResponse> sendOnce(HttpRequest request, Access access);
    std::optional<Secret> bearer() const;

    HttpClient m_http;
    Credentials m_credentials;
    std::optional<Secret> m_jwt;
    CancelToken m_cancel;
};

/// Percent-encodes one path segment (an id from the user or the server), so it can never add a segment.
std::string pathSegment(std::string_view text);

/// Builds "path?key=value&…" with every value percent-encoded.
class PathWithQuery {
public:
    explicit PathWithQuery(std::string path) : m_text(std::move(path)) { }

    PathWithQuery& add(std::string_view key, std::string_view value)
    {
        m_text += m_separator;
        m_text += key;
        m_text += '=';
        m_text += pathSegment(value);
        m_separator = '&';
        return *this;
    }

    const std::string& str() const { return m_text; }

private:
    std::string m_text;
    char m_separator = '?';
};

/// The JSON body of an HTTP request, with its content type set explicitly (FastAPI rejects JSON without it).
HttpRequest jsonRequest(const std::string& method, const std::string& path, const nlohmann::json& body);

} // namespace ragdesk::client::api
