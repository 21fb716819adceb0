#pragma once

#include "ragdesk/client/common/Result.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace ragdesk::client::ssh {
class SshConnection;
}

namespace ragdesk::client::ops {

/// One mutating operation: who did what to which stack, and how it ended.
struct AuditRecord {
    std::chrono::sys_seconds time{};
    std::string actor; ///< local user@host
    std::string stack; ///< the stack profile's name
    std::string action; ///< "restart", "maintenance on", "deploy", ...
    std::string target; ///< the service, ref or backup it was done to
    std::string outcome; ///< "ok", "failed", "refused", "cancelled"
    std::string detail; ///< the error message when it failed
};

/// Appends audit records as JSON lines to a local file (XDG state dir) and to `.ragdesk/audit.jsonl` in the stack
/// directory on the server, so operators on other machines see them too. Holds no secrets: commands and their
/// arguments are recorded, never credentials the client holds.
class AuditLog {
public:
    AuditLog(std::filesystem::path localFile, std::string remoteStackDir);

    /// $XDG_STATE_HOME/ragdesk/audit.jsonl ($HOME/.local/state when unset).
    static std::filesystem::path defaultLocalFile(const char* xdgStateHome, const char* home);
    /// local user@host of this process, for AuditRecord::actor.
    static std::string localActor();

    /// Writes the record both places. A failure on one side does not stop the other; the first error is returned.
    Result<Done> append(const AuditRecord& record, ssh::SshConnection* ssh) const;
    /// The local records, newest last.
    Result<std::vector<AuditRecord>> readLocal() const;
    /// The server's records, newest last (the last `limit` lines).
    Result<std::vector<AuditRecord>> readRemote(ssh::SshConnection& ssh, size_t limit) const;

private:
    std::filesystem::path m_localFile;
    std::string m_remoteStackDir;
};

} // namespace ragdesk::client::ops
