#pragma once

// Header-only: for the tests that link the client library (the support library itself does not).

#include "DevstackEnv.h"

#include "ragdesk/client/ssh/SshConnection.h"

#include <string>

namespace ragdesk::test {

/// The devstack's "VPS" login as `devstack env` describes it: key file and known_hosts of the instance.
inline client::ssh::SshTarget devstackSshTarget()
{
    return client::ssh::SshTarget{.host = devstackEnv("RAGDESK_SSH_HOST"),
        .port = static_cast<std::uint16_t>(std::stoi(devstackEnv("RAGDESK_SSH_PORT"))),
        .user = devstackEnv("RAGDESK_SSH_USER"),
        .identityFile = devstackEnv("RAGDESK_SSH_KEY"),
        .knownHostsFile = devstackEnv("RAGDESK_KNOWN_HOSTS"),
        .sshDir = "/nonexistent"}; // the test machine's own ~/.ssh plays no part
}

} // namespace ragdesk::test
