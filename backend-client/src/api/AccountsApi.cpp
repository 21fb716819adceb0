#include "ragdesk/client/api/AccountsApi.h"

#include "Decoders.h"
#include "EnumNames.h"
#include "JsonDecode.h"
#include "Jwt.h"
#include "Session.h"

#include <algorithm>
#include <cctype>

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

constexpr EnumNames<UserRole, 3> kRoles{
    {{UserRole::Owner, "owner"}, {UserRole::Admin, "admin"}, {UserRole::Member, "member"}}, UserRole::Unknown};

Identity identityFrom(const json& o, const std::optional<Secret>& jwt)
{
    Identity identity{decode::userFrom(o.at("user")), decode::tenantFrom(o.at("tenant")), std::nullopt};
    if (jwt) {
        if (const auto claims = readJwtClaims(jwt->reveal())) {
            identity.sessionExpiresAt = claims->expiresAt;
        }
    }
    return identity;
}

// The checks the server skips on POST /v1/users (contract §12.22), so a created user can log in:
// a plausible address, with its domain lower-cased as login will look it up.
Result<std::string> normalisedEmail(const std::string& email)
{
    const size_t at = email.rfind('@');
    const bool plausible = at != std::string::npos && at > 0 && at + 1 < email.size() &&
        email.find('.', at) != std::string::npos && email.back() != '.' &&
        std::none_of(email.begin(), email.end(), [](unsigned char c) { return std::isspace(c); });
    if (!plausible) {
        return Error{
            ErrorKind::Validation, 0, "not a valid e-mail address", {}, {{"email", "not a valid e-mail address"}}};
    }
    std::string normalised = email;
    std::transform(normalised.begin() + static_cast<std::ptrdiff_t>(at), normalised.end(),
        normalised.begin() + static_cast<std::ptrdiff_t>(at),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return normalised;
}

Result<json> userBody(const UserDraft& draft)
{
    Result<std::string> email = normalisedEmail(draft.email);
    if (!email) {
        return email.error();
    }
    return json{{"email", *email}, {"password", draft.password.reveal()}, {"display_name", draft.displayName},
        {"role", toString(draft.role)}};
}

} // namespace

std::string_view toString(UserRole role)
{
    return kRoles.name(role);
}
UserRole userRoleFromString(std::string_view text)
{
    return kRoles.value(text);
}

Result<BootstrappedTenant> AccountsApi::bootstrapTenant(const TenantBootstrap& request)
{
    const json body{{"tenant_name", request.tenantName}, {"tenant_slug", request.tenantSlug},
        {"owner_email", request.ownerEmail}, {"owner_password", request.ownerPassword.reveal()},
        {"owner_display_name", request.ownerDisplayName}};
    return decode::reply<BootstrappedTenant>(
        m_session.call("POST", "/v1/tenants", body, Session::Access::Public), "tenant", decode::bootstrappedTenantFrom);
}

Result<Tenant> AccountsApi::currentTenant()
{
    return decode::reply<Tenant>(m_session.call("GET", "/v1/tenants/me"), "tenant", decode::tenantFrom);
}

Result<Identity> AccountsApi::login()
{
    return decode::reply<Identity>(m_session.login(m_session.cancel()), "login",
        [this](const json& o) { return identityFrom(o, m_session.jwt()); });
}

Result<Identity> AccountsApi::me()
{
    return decode::reply<Identity>(m_session.call("GET", "/v1/auth/me"), "identity",
        [this](const json& o) { return identityFrom(o, m_session.jwt()); });
}

Result<std::vector<User>> AccountsApi::listUsers()
{
    return decode::list<User>(m_session.call("GET", "/v1/users"), "users", decode::userFrom);
}

Result<User> AccountsApi::createUser(const UserDraft& draft)
{
    Result<json> body = userBody(draft);
    if (!body) {
        return body.error();
    }
    return decode::reply<User>(m_session.call("POST", "/v1/users", *body), "user", decode::userFrom);
}

Result<User> AccountsApi::updateUser(const UserId& id, const UserDraft& draft)
{
    Result<json> body = userBody(draft);
    if (!body) {
        return body.error();
    }
    return decode::reply<User>(
        m_session.call("PATCH", "/v1/users/" + pathSegment(id.str()), *body), "user", decode::userFrom);
}

Result<Done> AccountsApi::deactivateUser(const UserId& id)
{
    return decode::done(m_session.call("DELETE", "/v1/users/" + pathSegment(id.str())));
}

Result<std::vector<ApiToken>> AccountsApi::listTokens()
{
    return decode::list<ApiToken>(m_session.call("GET", "/v1/api-tokens"), "API tokens", decode::tokenFrom);
}

Result<CreatedApiToken> AccountsApi::createToken(const std::string& name)
{
    return decode::reply<CreatedApiToken>(
        m_session.call("POST", "/v1/api-tokens", json{{"name", name}}), "API token", decode::createdTokenFrom);
}

Result<Done> AccountsApi::revokeToken(const ApiTokenId& id)
{
    return decode::done(m_session.call("DELETE", "/v1/api-tokens/" + pathSegment(id.str())));
}

} // namespace ragdesk::client::api
