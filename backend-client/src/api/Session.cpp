#include "Session.h"

#include "ragdesk/client/api/ApiErrors.h"

#include <spdlog/spdlog.h>

#include <cctype>

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

bool isSuccess(long status)
{
    return status >= 200 && status < 300;
}

// What the server prints for a JWT past its expiry (or tampered): the one 401 a fresh login can cure.
constexpr std::string_view kExpiredJwt = "Invalid or expired JWT";

} // namespace

std::string pathSegment(std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(c);
        } else {
            out += {'%', kHex[byte >> 4], kHex[byte & 0xF]};
        }
    }
    return out;
}

HttpRequest jsonRequest(const std::string& method, const std::string& path, const json& body)
{
    return HttpRequest{.method = method,
        .path = path,
        .body = body.dump(-1, ' ', false, json::error_handler_t::replace),
        .contentType = "application/json"};
}

Session::Session(std::string baseUrl, HttpOptions options, Credentials credentials)
    : m_http(std::move(baseUrl), std::move(options)), m_credentials(std::move(credentials))
{
}

std::optional<Secret> Session::bearer() const
{
    if (m_jwt) {
        return m_jwt;
    }
    if (!m_credentials.apiToken.empty()) {
        return m_credentials.apiToken;
    }
    return std::nullopt;
}

Result<HttpResponse> Session::sendOnce(HttpRequest request, Access access)
{
    if (const std::optional<Secret> token = access == Access::Authenticated ? bearer() : std::nullopt) {
        request.headers.emplace_back("Authorization", "Bearer " + token->reveal());
    }
    request.headers.emplace_back("Accept", "application/json");
    if (!request.cancel.stop_possible()) {
        request.cancel = m_cancel;
    }
    Result<HttpResponse> response = m_http.send(request);
    if (response && !isSuccess(response->status)) {
        return errorFromResponse(*response);
    }
    return response;
}

Result<HttpResponse> Session::send(HttpRequest request, Access access)
{
    if (access == Access::Public) {
        return sendOnce(std::move(request), access);
    }
    // The request's own token, or the scope's, also covers the logins it may need (a Stop while logging in).
    if (!request.cancel.stop_possible()) {
        request.cancel = m_cancel;
    }
    if (!bearer() && m_credentials.hasPassword()) {
        if (auto loggedIn = login(request.cancel); !loggedIn) {
            return loggedIn.error();
        }
    }
    Result<HttpResponse> response = sendOnce(request, access);
    if (!response && response.error().kind == ErrorKind::Auth && m_jwt && m_credentials.hasPassword() &&
        response.error().message == kExpiredJwt) {
        spdlog::info("JWT expired; logging in again as {}", m_credentials.email);
        m_jwt.reset();
        if (auto loggedIn = login(request.cancel); !loggedIn) {
            return loggedIn.error();
        }
        response = sendOnce(std::move(request), access);
    }
    return response;
}

Result<json> Session::call(
    const std::string& method, const std::string& path, const std::optional<json>& body, Access access)
{
    Result<HttpResponse> response =
        send(body ? jsonRequest(method, path, *body) : HttpRequest{.method = method, .path = path}, access);
    if (!response) {
        return response.error();
    }
    if (response->status == 204 || response->body.empty()) {
        return json();
    }
    json parsed = json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
        return Error{ErrorKind::Protocol, static_cast<int>(response->status),
            method + " " + path + ": the reply is not JSON", response->body.substr(0, 2000), {}};
    }
    return parsed;
}

Result<json> Session::login(const CancelToken& cancel)
{
    if (!m_credentials.hasPassword()) {
        return Error{ErrorKind::Auth, 0, "no e-mail and password to log in with", {}, {}};
    }
    const json body{{"email", m_credentials.email}, {"password", m_credentials.password.reveal()}};
    HttpRequest request = jsonRequest("POST", "/v1/auth/login", body);
    request.cancel = cancel;
    Result<HttpResponse> response = sendOnce(std::move(request), Access::Public);
    if (!response) {
        return response.error();
    }
    json parsed = json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object() || !parsed.contains("access_token") || !parsed["access_token"].is_string()) {
        return Error{
            ErrorKind::Protocol, static_cast<int>(response->status), "login reply has no access_token", {}, {}};
    }
    m_jwt = Secret(parsed["access_token"].get<std::string>());
    return parsed;
}

} // namespace ragdesk::client::api
