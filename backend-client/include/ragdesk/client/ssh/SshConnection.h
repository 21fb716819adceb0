#pragma once

#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/common/Secret.h"
#include "ragdesk/client/ssh/HostKey.h"
#include "ragdesk/client/ssh/RemoteCommand.h"
#include "ragdesk/client/ssh/SshTarget.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ssh {

/// The questions a login may have to ask a person. Both are called on the connection's own thread and may block
/// while the person answers; unset means "no".
struct SshPrompts {
    /// A host not in known_hosts: true trusts its key from now on (the line is appended to the file).
    std::function<bool(const HostKeyInfo& presented)> acceptUnknownHost;
    /// The passphrase of a key file (the prompt names the file); nullopt gives up on that key.
    std::function<std::optional<Secret>(const std::string& prompt)> keyPassphrase;
};

/// Limits of one kept connection.
struct SshOptions {
    std::chrono::seconds connectTimeout{10};
    std::chrono::seconds keepaliveInterval{15}; ///< a keepalive after this much quiet
    int keepaliveCountMax = 3; ///< unanswered keepalive intervals before the link counts as dead
    int maxChannels = 8; ///< channels open at once; sshd's MaxSessions is 10 by default
};

/// One open channel to the server, used from one thread: a running command (stdout, stderr, stdin, exit status)
/// or a byte stream to a Unix socket on the server. Destroying it closes the channel.
class ChannelStream {
public:
    class State;
    explicit ChannelStream(std::shared_ptr<State> state);
    ~ChannelStream();
    ChannelStream(const ChannelStream&) = delete;
    ChannelStream& operator=(const ChannelStream&) = delete;

    /// What arrived since the last read.
    struct Received {
        std::string out;
        std::string err;
        bool finished = false; ///< the server closed its side: nothing more will come
    };

    /// Waits until something arrives, the channel finishes, or the deadline passes (Timeout error). After a
    /// finished read, further reads return empty and finished.
    Result<Received> read(std::chrono::steady_clock::time_point deadline);
    /// Queues bytes for the command's stdin or the socket; returns at once (the connection sends them in order).
    Result<Done> write(std::string_view bytes);
    /// Ends stdin / half-closes the socket once everything queued is sent.
    void closeInput();
    /// Stops the command (a TERM signal, then the channel is closed); a reader waiting gets a Cancelled error.
    /// Safe from any thread.
    void cancel();

    /// cancel() or SshConnection::cancelAll() has reached it: it is of no further use (a kept stream is opened
    /// anew).
    bool cancelled() const;

    /// The server closed the channel: nothing more comes, and nothing more can be written.
    bool finished() const;

    /// The command's exit status, once finished (nullopt for sockets and commands killed by a signal).
    std::optional<int> exitStatus() const;
    /// The signal that ended the command ("KILL"), empty if none.
    std::string exitSignal() const;

private:
    std::shared_ptr<State> m_state;
};

/// A kept SSH connection to one host (libssh), shared by every operation on that host: commands run on parallel
/// channels of one login, so each costs a channel, not a TCP connect, key exchange and login. The host key is
/// checked against known_hosts on every (re)connect: an unknown key is trusted only if SshPrompts says so, a
/// changed key is always refused. A dropped link is noticed by keepalives and reconnected on the next use, with
/// backoff. All libssh calls happen on the connection's own thread; every public member is safe from any thread.
class SshConnection {
public:
    SshConnection(SshTarget target, SshPrompts prompts = {}, SshOptions options = {});
    /// Cancels what still runs, closes the connection and joins its thread.
    ~SshConnection();
    SshConnection(const SshConnection&) = delete;
    SshConnection& operator=(const SshConnection&) = delete;

    /// Connects and logs in now (otherwise the first command does). HostKey, Auth, Network or Timeout errors.
    Result<Done> connect();
    /// Runs a command and waits for its end; see RemoteCommand.
    Result<CommandResult> run(const RemoteCommand& command);
    /// Starts a command and returns its channel for the caller to read and write (long-running commands,
    /// `docker system dial-stdio`, `tail -f`). The deadline bounds connecting and opening the channel; stopping
    /// `cancel` ends that wait with a Cancelled error (once open, the caller cancels the stream itself).
    Result<std::unique_ptr<ChannelStream>> start(const std::vector<std::string>& argv,
        std::chrono::steady_clock::time_point deadline, const CancelToken& cancel = {});
    /// A byte stream to a Unix socket on the server (OpenSSH's direct-streamlocal, `ssh -L local:/remote.sock`):
    /// no remote process at all. Refused when sshd has AllowStreamLocalForwarding off.
    Result<std::unique_ptr<ChannelStream>> openUnixSocket(
        const std::string& socketPath, std::chrono::steady_clock::time_point deadline, const CancelToken& cancel = {});

    /// Ends every command and stream in flight with a Cancelled error; the connection stays up. For shutting down
    /// (one operation is cancelled through its own CancelToken).
    void cancelAll();
    /// Drops the connection as a cut link would (for tests and "reconnect" buttons); the next use reconnects.
    void disconnect();

    /// The server's key after the first successful connect.
    std::optional<HostKeyInfo> hostKey() const;
    /// How many times a login succeeded (1 after the first connect; more after reconnects).
    int loginCount() const;
    const SshTarget& target() const;
    /// The questions this connection asks, for a second login to the same host (a file transfer).
    const SshPrompts& prompts() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace ragdesk::client::ssh
