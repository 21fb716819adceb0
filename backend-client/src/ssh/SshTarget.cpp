#include "ragdesk/client/ssh/SshTarget.h"

namespace ragdesk::client::ssh {

SshTarget sshTargetOf(const StackProfile& profile)
{
    return SshTarget{.host = profile.sshHost,
        .port = profile.sshPort == 22 ? std::uint16_t{0} : profile.sshPort,
        .user = profile.sshUser,
        .identityFile = profile.sshKeyPath,
        .knownHostsFile = profile.sshKnownHostsFile,
        .sshDir = {}};
}

} // namespace ragdesk::client::ssh
