#pragma once

#include "ragdesk/client/api/Tenancy.h"
#include "ragdesk/client/common/Result.h"

#include <vector>

namespace ragdesk::client::api {

class Session;

/// Tenant bootstrap, sign-in, the tenant's users and its API tokens (contract §6.2-6.5).
class AccountsApi {
public:
    explicit AccountsApi(Session& session) : m_session(session) { }

    Result<BootstrappedTenant> bootstrapTenant(const TenantBootstrap& request);
    Result<Tenant> currentTenant();
    /// Logs in with the session's e-mail and password; later calls use the JWT.
    Result<Identity> login();
    Result<Identity> me();

    Result<std::vector<User>> listUsers();
    /// Validates the e-mail and lower-cases its domain first: the server stores it verbatim, and an address it
    /// cannot match at login would make the user unable to sign in (contract §12.22).
    Result<User> createUser(const UserDraft& draft);
    Result<User> updateUser(const UserId& id, const UserDraft& draft);
    Result<Done> deactivateUser(const UserId& id);

    Result<std::vector<ApiToken>> listTokens();
    Result<CreatedApiToken> createToken(const std::string& name);
    Result<Done> revokeToken(const ApiTokenId& id);

private:
    Session& m_session;
};

} // namespace ragdesk::client::api
