#pragma once

#include "ragdesk/client/common/StackProfile.h"

#include <cstdint>
#include <string>

namespace ragdesk::client::ssh {

/// Where and as whom to log in. Empty fields are filled the way OpenSSH would: from ~/.ssh/config (Host aliases,
/// HostName, Port, User, IdentityFile, ProxyJump), then the defaults (port 22, the local user, the agent and
/// ~/.ssh/id_*). Set fields win over the config file.
struct SshTarget {
    std::string host; ///< a host name, an address or a Host alias of the config file
    std::uint16_t port = 0; ///< 0: from the config file, else 22
    std::string user;
    std::string identityFile; ///< a private key tried after the agent's keys; may be passphrase-protected
    std::string knownHostsFile; ///< empty: <sshDir>/known_hosts
    std::string sshDir; ///< empty: ~/.ssh (its config, known_hosts and default keys)

    bool operator==(const SshTarget&) const = default;
};

/// The SSH side of a stack profile (host, port, user, key and known_hosts file).
SshTarget sshTargetOf(const StackProfile& profile);

} // namespace ragdesk::client::ssh
