#pragma once

#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ssh/SshConnection.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <memory>

namespace ragdesk::client::ssh {

struct SessionDeleter {
    void operator()(ssh_session session) const;
};
using SessionPtr = std::unique_ptr<ssh_session_struct, SessionDeleter>;

/// A logged-in session and the key the server showed. The callbacks (passphrase prompt) live as long as the
/// session, which points at them.
struct Login {
    std::unique_ptr<ssh_callbacks_struct> callbacks;
    SessionPtr session;
    HostKeyInfo hostKey;
};

/// Connects, checks the host key against known_hosts (asking about an unknown one, refusing a changed one) and
/// authenticates with the agent and key files, blocking up to the connect timeout. The session is left blocking.
/// `prompts` must outlive the session.
Result<Login> logIn(const SshTarget& target, const SshPrompts& prompts, const SshOptions& options);

} // namespace ragdesk::client::ssh
