#pragma once

#include "ragdesk/client/common/Result.h"

#include <string>

namespace ragdesk::client::ssh {

/// The key a server presented, as a person checks it against what the server's admin published.
struct HostKeyInfo {
    std::string host; ///< as known_hosts names it: "example.org" or "[127.0.0.1]:2222"
    std::string keyType; ///< "ssh-ed25519", "ecdsa-sha2-nistp256", ...
    std::string fingerprint; ///< "SHA256:<base64>", as `ssh-keygen -lf` prints it
    std::string knownHostsLine; ///< the line that trusts this key
    std::string knownHostsFile; ///< where the line goes
};

/// Trusts a key a person checked after a login refused it as unknown: appends its line to its known_hosts file
/// (made, with its directory, if missing; nothing added if the line is there). A later login still compares the key
/// the server presents then with this one.
Result<Done> trustHostKey(const HostKeyInfo& key);

} // namespace ragdesk::client::ssh
