#pragma once

#include "CommandContext.h"
#include "SigintWatcher.h"

#include "ragdesk/client/ops/AuditLog.h"
#include "ragdesk/client/ops/StackOps.h"
#include "ragdesk/client/ops/deploy/Backups.h"
#include "ragdesk/client/ops/deploy/Deployer.h"
#include "ragdesk/client/ssh/SshConnection.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace ragdesk::ragctl {

/// What an `ops` command runs with besides its CommandContext: the kept SSH connection to the stack's VPS (made on
/// first use, asking about host keys and key passphrases as OpenSSH does), the StackOps, Deployer and Backups on it,
/// the audit log, and Ctrl-C turned into cancelling the remote work in flight. Every ops verb, in whichever file,
/// starts from one.
class OpsContext {
public:
    explicit OpsContext(CommandContext& context);
    ~OpsContext();
    OpsContext(const OpsContext&) = delete;
    OpsContext& operator=(const OpsContext&) = delete;

    CommandContext& command() { return m_context; }
    const client::StackProfile& stack() { return m_context.stack(); }
    /// The connection to the stack's VPS, logged in on first use (one attempt; its failure ends the command). A
    /// UsageError naming the settings when the stack has no SSH host.
    client::ssh::SshConnection& ssh();
    /// The operations on the stack (connecting on first use); needs a stack directory or compose project. The
    /// stack's API URL is its public URL, through which maintenance switches are verified.
    client::ops::StackOps& ops();
    /// Deploys, rollbacks, restores and the deploy lock; `settings` count when it is made (the first call).
    client::ops::Deployer& deployer(client::ops::DeploySettings settings = {});
    client::ops::Backups& backups();
    /// StackOps::setMaintenance, checked through the public URL with the command's TLS trust (--ca-file,
    /// --pinned-key or the profile's).
    client::Result<client::ops::MaintenanceCheck> setMaintenance(bool on);
    /// The local audit file plus the server's; reading the local one needs no connection.
    const client::ops::AuditLog& audit();

    /// The value, or a CommandFailure: after Ctrl-C a cancelled call ends with ExitCode::Interrupted, and a refused
    /// unknown host key says how to accept it.
    template <typename T> T unwrap(client::Result<T> result)
    {
        if (!result) {
            fail(result.error());
        }
        return std::move(result).value();
    }
    [[noreturn]] void fail(client::Error error);

    /// Runs `call` with Ctrl-C cancelling the SSH commands in flight (and waking sleepUntil) instead of killing
    /// ragctl, so the library can record the cancellation in the audit log.
    template <typename Call> decltype(auto) interruptible(Call&& call)
    {
        const SigintWatcher watcher([this] { interrupt(); });
        return std::forward<Call>(call)();
    }
    bool interrupted() const { return m_interrupted; }
    /// Stopped by Ctrl-C: the token for the library's long calls.
    client::CancelToken cancelToken() const { return m_interrupt.get_token(); }
    /// Waits until the deadline; false when Ctrl-C came first (or had come already).
    bool sleepUntil(std::chrono::steady_clock::time_point deadline);

    /// "podman 4.3.1 via docker CLI 28.2.2, docker-compose v1 1.29.2"
    static std::string describe(const client::ops::EngineInfo& engine);

private:
    /// The stack, which must name an SSH host (a UsageError saying where to set it otherwise).
    const client::StackProfile& requireSshHost();
    bool acceptUnknownHost(const client::ssh::HostKeyInfo& presented);
    std::optional<client::Secret> keyPassphrase(const std::string& prompt);
    void interrupt();

    CommandContext& m_context;
    std::atomic<bool> m_interrupted{false};
    client::CancelSource m_interrupt;
    std::mutex m_mutex; // with m_wake: sleepUntil's wait, ended by interrupt()
    std::condition_variable m_wake;
    std::atomic<bool> m_unknownHostRefusedOffTerminal{false};
    std::optional<client::ops::AuditLog> m_audit;
    // Last: the connection's thread calls back into the members above, so it must go (and join) first.
    std::unique_ptr<client::ssh::SshConnection> m_ssh;
    std::unique_ptr<client::ops::StackOps> m_ops;
    std::unique_ptr<client::ops::Deployer> m_deployer;
    std::unique_ptr<client::ops::Backups> m_backups;
};

} // namespace ragdesk::ragctl
