#pragma once

#include "ragdesk/client/api/Ids.h"
#include "ragdesk/client/api/Timestamp.h"
#include "ragdesk/client/common/Secret.h"

#include <optional>
#include <string>
#include <string_view>

// The read models of tenants, users and API tokens (contract §4) and the requests that create them.
namespace ragdesk::client::api {

enum class UserRole { Owner, Admin, Member, Unknown };
std::string_view toString(UserRole role);
UserRole userRoleFromString(std::string_view text); ///< Unknown for values this client does not know

struct Tenant {
    TenantId id;
    std::string name;
    std::string slug;
    bool isActive = true;
    std::string plan;
};

struct User {
    UserId id;
    TenantId tenantId;
    std::string email;
    std::string displayName;
    UserRole role = UserRole::Member;
    bool isActive = true;
};

struct ApiToken {
    ApiTokenId id;
    TenantId tenantId;
    std::string name;
    std::string tokenPrefix; ///< the first 8 characters, to recognise a token without seeing it
    bool isActive = true;
    std::optional<Timestamp> expiresAt;
    std::optional<Timestamp> lastUsedAt;
    Timestamp createdAt;
};

/// POST /v1/tenants: a new tenant with its owner (open self-registration on MiniRAG).
struct TenantBootstrap {
    std::string tenantName;
    std::string tenantSlug; ///< lower-case letters, digits and '-'
    std::string ownerEmail;
    Secret ownerPassword; ///< 8-128 characters
    std::string ownerDisplayName;
};

struct BootstrappedTenant {
    Tenant tenant;
    Secret apiToken; ///< the owner's first API token, shown once
    std::string tokenPrefix;
};

/// The signed-in identity: from POST /v1/auth/login or GET /v1/auth/me.
struct Identity {
    User user;
    Tenant tenant;
    std::optional<Timestamp> sessionExpiresAt; ///< the JWT's expiry; none when signed in with an API token
};

/// POST /v1/users, and PATCH /v1/users/{id}, which takes the same body: e-mail and password are required
/// on every update (contract §6.5).
struct UserDraft {
    std::string email;
    Secret password;
    std::string displayName;
    UserRole role = UserRole::Member;
};

struct CreatedApiToken {
    ApiToken token;
    Secret rawToken; ///< shown once; the server keeps only its hash
};

} // namespace ragdesk::client::api
