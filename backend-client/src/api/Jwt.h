#pragma once

#include "ragdesk/client/api/Timestamp.h"

#include <optional>
#include <string>
#include <string_view>

namespace ragdesk::client::api {

/// What a client may read from a JWT without verifying it: its expiry and the role frozen at login.
struct JwtClaims {
    std::optional<Timestamp> expiresAt;
    std::string role;
};

/// Decodes the payload segment (base64url JSON); nullopt when it is not a JWT.
std::optional<JwtClaims> readJwtClaims(std::string_view token);

} // namespace ragdesk::client::api
