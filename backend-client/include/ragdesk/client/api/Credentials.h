#pragma once

#include "ragdesk/client/common/Secret.h"

#include <string>

namespace ragdesk::client::api {

/// How a session proves who it is: a tenant API token, or an e-mail and password exchanged for a JWT at login
/// (and again, once, when the JWT expires). Either may be empty for the unauthenticated routes.
struct Credentials {
    Secret apiToken;
    std::string email;
    Secret password;

    bool hasPassword() const { return !email.empty() && !password.empty(); }
};

} // namespace ragdesk::client::api
