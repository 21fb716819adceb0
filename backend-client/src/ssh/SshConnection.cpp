#include "ragdesk/client/ssh/SshConnection.h"

#include "ChannelState.h"
#include "SshLogin.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h> // ssh_send_keepalive, which clients use too
#include <spdlog/spdlog.h>

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <thread>

namespace ragdesk::client::ssh {

namespace {

using Clock = std::chrono::steady_clock;
using State = ChannelStream::State;

/// Beyond this much unread output per channel the connection stops reading it: the server's window fills up
/// and the remote command waits, instead of memory growing without bound.
constexpr size_t kUnreadLimit = 8u << 20;
constexpr size_t kReadChunk = 64u << 10;
constexpr auto kLongestPoll = std::chrono::milliseconds(1000);
constexpr auto kFirstBackoff = std::chrono::milliseconds(250);
constexpr auto kLongestBackoff = std::chrono::seconds(8);

/// A channel as the connection's thread sees it: the libssh handle and where it is in opening.
struct ActiveChannel {
    enum class Phase { Opening, Requesting, Open };

    std::shared_ptr<State> state;
    ssh_channel channel = nullptr;
    ssh_channel_callbacks_struct callbacks{};
    Phase phase = Phase::Opening;
    bool inputClosed = false;
    /// Input taken from the state, being written: libssh runs callbacks that lock the state from inside a write,
    /// so the write itself happens outside that lock.
    std::string sending;
    size_t sent = 0;
};

void onExitStatus(ssh_session /*session*/, ssh_channel /*channel*/, int status, void* userdata)
{
    auto* active = static_cast<ActiveChannel*>(userdata);
    const std::lock_guard lock(active->state->mutex);
    active->state->exitStatus = status;
}

void onExitSignal(ssh_session /*session*/, ssh_channel /*channel*/, const char* signal, int /*core*/,
    const char* /*message*/, const char* /*language*/, void* userdata)
{
    auto* active = static_cast<ActiveChannel*>(userdata);
    const std::lock_guard lock(active->state->mutex);
    active->state->exitSignal = signal != nullptr ? signal : "?";
}

/// The wake-up fd's poll callback. libssh also polls it from inside its own calls (a channel read runs the
/// session's poll context), so draining it must leave a mark the loop checks before it sleeps.
int drainWakeFd(socket_t fd, int /*revents*/, void* userdata)
{
    std::uint64_t count = 0;
    while (::read(fd, &count, sizeof count) > 0) { }
    if (userdata != nullptr) {
        static_cast<std::atomic<bool>*>(userdata)->store(true);
    }
    return SSH_OK;
}

bool isRetryable(const Error& error)
{
    return error.kind == ErrorKind::Network || error.kind == ErrorKind::Timeout;
}

} // namespace

class SshConnection::Impl {
public:
    Impl(SshTarget target, SshPrompts prompts, SshOptions options)
        : m_target(std::move(target)),
          m_prompts(std::move(prompts)),
          m_options(options),
          m_wakeFd(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
    {
        m_thread = std::thread([this] { loop(); });
    }

    ~Impl()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        wake();
        m_thread.join();
        ::close(m_wakeFd);
    }

    void wake() const
    {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(m_wakeFd, &one, sizeof one);
    }

    Result<Done> connect()
    {
        std::unique_lock lock(m_mutex);
        if (m_connected) {
            return Done{};
        }
        const auto attempt = m_loginAttempts + 1;
        m_connectWanted = true;
        wake();
        m_loginChanged.wait(lock, [&] { return m_connected || m_loginAttempts >= attempt; });
        if (m_connected) {
            return Done{};
        }
        return m_lastLoginError;
    }

    Result<std::unique_ptr<ChannelStream>> open(
        State::Kind kind, std::string target, Clock::time_point deadline, const CancelToken& cancel)
    {
        if (cancel.stop_requested()) {
            return cancelledError();
        }
        auto state = std::make_shared<State>(kind, std::move(target), deadline, [this] { wake(); });
        {
            const std::lock_guard lock(m_mutex);
            std::erase_if(m_registry, [](const auto& weak) { return weak.expired(); });
            m_registry.push_back(state);
            m_submitted.push_back(state);
        }
        wake();
        auto stream = std::make_unique<ChannelStream>(state);
        // The raw pointer: the callback may still run while `stream` is being moved into the result.
        ChannelStream* const opening = stream.get();
        const std::stop_callback cancelOpening(cancel, [opening] { opening->cancel(); });
        std::unique_lock lock(state->mutex);
        // The connection's thread settles every channel by its open deadline, so this wait is bounded; a stop ends
        // it at once even while that thread is busy logging in (it drops the channel when it gets to it).
        state->changed.wait(lock, [&] { return state->opened || state->finished || state->cancelRequested; });
        if (!state->opened) {
            return state->finished ? state->error.value_or(cancelledError()) : cancelledError();
        }
        return stream;
    }

    void cancelAll()
    {
        std::vector<std::shared_ptr<State>> states;
        {
            const std::lock_guard lock(m_mutex);
            for (const auto& weak : m_registry) {
                if (auto state = weak.lock()) {
                    states.push_back(std::move(state));
                }
            }
        }
        for (const auto& state : states) {
            const std::lock_guard lock(state->mutex);
            state->cancelRequested = true;
            state->changed.notify_all();
        }
        wake();
    }

    void disconnect()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_disconnectWanted = true;
        }
        wake();
    }

    std::optional<HostKeyInfo> hostKey() const
    {
        const std::lock_guard lock(m_mutex);
        return m_hostKey;
    }

    int loginCount() const
    {
        const std::lock_guard lock(m_mutex);
        return m_loginCount;
    }

    const SshTarget& target() const { return m_target; }
    const SshPrompts& prompts() const { return m_prompts; }

private:
    void loop()
    {
        std::deque<std::shared_ptr<State>> waiting;
        for (;;) {
            bool connectWanted = false;
            bool disconnectWanted = false;
            // Drained before the queue is read, so a wake-up that comes after this point is never lost.
            drainWakeFd(m_wakeFd, 0, nullptr);
            m_woken = false;
            {
                const std::lock_guard lock(m_mutex);
                if (m_stopping) {
                    break;
                }
                std::move(m_submitted.begin(), m_submitted.end(), std::back_inserter(waiting));
                m_submitted.clear();
                connectWanted = std::exchange(m_connectWanted, false);
                disconnectWanted = std::exchange(m_disconnectWanted, false);
            }
            if (disconnectWanted && m_login) {
                closeSession(Error{.kind = ErrorKind::Network, .message = "the SSH connection was closed"});
            }
            settleWaiting(waiting);
            if (!m_login && (connectWanted || !waiting.empty())) {
                if (connectWanted || Clock::now() >= m_nextLoginAt) {
                    logIn(waiting);
                }
            }
            if (m_login) {
                while (!waiting.empty() && std::ssize(m_active) < m_options.maxChannels) {
                    startChannel(std::move(waiting.front()));
                    waiting.pop_front();
                }
                pumpChannels();
                keepAlive();
            }
            waitForWork(waiting);
        }
        closeSession(Error{.kind = ErrorKind::Cancelled, .message = "the SSH connection was closed"});
        for (const auto& state : waiting) {
            const std::lock_guard lock(state->mutex);
            state->finishLocked(Error{.kind = ErrorKind::Cancelled, .message = "the SSH connection was closed"});
        }
    }

    /// Channels not yet open: dropped when cancelled or past their deadline.
    void settleWaiting(std::deque<std::shared_ptr<State>>& waiting)
    {
        const auto now = Clock::now();
        std::erase_if(waiting, [&](const std::shared_ptr<State>& state) {
            const std::lock_guard lock(state->mutex);
            if (state->cancelRequested || state->released) {
                state->finishLocked(Error{.kind = ErrorKind::Cancelled, .message = "cancelled"});
                return true;
            }
            if (now >= state->openDeadline) {
                state->finishLocked(m_lastLoginError.kind == ErrorKind::Network
                        ? Error{.kind = ErrorKind::Timeout,
                              .message = "could not reach " + m_target.host + " in time: " + m_lastLoginError.message}
                        : Error{.kind = ErrorKind::Timeout,
                              .message = "no SSH channel to " + m_target.host + " in time"});
                return true;
            }
            return false;
        });
    }

    void logIn(std::deque<std::shared_ptr<State>>& waiting)
    {
        auto login = ssh::logIn(m_target, m_prompts, m_options);
        const std::lock_guard lock(m_mutex);
        ++m_loginAttempts;
        if (login) {
            m_login = std::move(login).value();
            ssh_set_blocking(m_login->session.get(), 0);
            m_received = {};
            ssh_set_counters(m_login->session.get(), nullptr, &m_received);
            m_event = ssh_event_new();
            ssh_event_add_session(m_event, m_login->session.get());
            ssh_event_add_fd(m_event, m_wakeFd, POLLIN, drainWakeFd, &m_woken);
            m_connected = true;
            m_hostKey = m_login->hostKey;
            ++m_loginCount;
            m_failedLogins = 0;
            m_lastKeepalive = Clock::now();
            spdlog::info("ssh: logged in to {} ({})", m_login->hostKey.host, m_login->hostKey.fingerprint);
        } else {
            m_lastLoginError = login.error();
            ++m_failedLogins;
            const auto backoff =
                std::min<Clock::duration>(kFirstBackoff * (1 << std::min(m_failedLogins - 1, 6)), kLongestBackoff);
            m_nextLoginAt = Clock::now() + backoff;
            spdlog::warn("ssh: login to {} failed: {}", m_target.host, m_lastLoginError.message);
            // Only a dropped or slow network is worth another try; a refused key or login is final.
            std::erase_if(waiting, [&](const std::shared_ptr<State>& state) {
                const std::lock_guard stateLock(state->mutex);
                if (isRetryable(m_lastLoginError) && m_nextLoginAt < state->openDeadline) {
                    return false;
                }
                state->finishLocked(m_lastLoginError);
                return true;
            });
        }
        m_loginChanged.notify_all();
    }

    void closeSession(const Error& reason)
    {
        for (auto& active : m_active) {
            finishChannel(*active, reason);
        }
        m_active.clear();
        if (m_event != nullptr) {
            ssh_event_remove_fd(m_event, m_wakeFd);
            if (m_login) {
                ssh_event_remove_session(m_event, m_login->session.get());
            }
            ssh_event_free(m_event);
            m_event = nullptr;
        }
        const std::lock_guard lock(m_mutex);
        m_login.reset();
        m_connected = false;
    }

    void startChannel(std::shared_ptr<State> state)
    {
        auto active = std::make_unique<ActiveChannel>();
        active->state = std::move(state);
        active->channel = ssh_channel_new(m_login->session.get());
        if (active->channel == nullptr) {
            const std::lock_guard lock(active->state->mutex);
            active->state->finishLocked(Error{.kind = ErrorKind::Network, .message = "could not create a channel"});
            return;
        }
        active->callbacks.userdata = active.get();
        active->callbacks.channel_exit_status_function = onExitStatus;
        active->callbacks.channel_exit_signal_function = onExitSignal;
        ssh_callbacks_init(&active->callbacks);
        ssh_set_channel_callbacks(active->channel, &active->callbacks);
        m_active.push_back(std::move(active));
    }

    /// Steps every channel until a whole round moved nothing and received no packet. Any libssh call (reading
    /// one channel's stderr, opening another) may take in packets for any channel; a round that starts after the
    /// last packet came in has seen them all, so the loop may then sleep on the socket.
    void pumpChannels()
    {
        for (;;) {
            const auto packetsBefore = m_received.in_packets;
            bool progress = false;
            for (auto& active : m_active) {
                progress |= step(*active);
            }
            std::erase_if(m_active, [](const auto& active) { return active->channel == nullptr; });
            if (!m_login || (!progress && m_received.in_packets == packetsBefore)) {
                break;
            }
        }
        if (m_login && !ssh_is_connected(m_login->session.get())) {
            linkLost();
        }
    }

    /// One round for one channel; true if anything moved.
    bool step(ActiveChannel& active)
    {
        State& state = *active.state;
        ssh_session session = m_login->session.get();
        {
            std::unique_lock lock(state.mutex);
            if (state.cancelRequested || state.released) {
                const bool cancelled = state.cancelRequested;
                lock.unlock();
                if (active.phase == ActiveChannel::Phase::Open && state.kind == State::Kind::Command) {
                    ssh_channel_request_send_signal(active.channel, "TERM");
                }
                finishChannel(active,
                    cancelled ? std::optional(Error{.kind = ErrorKind::Cancelled, .message = "cancelled"})
                              : std::nullopt);
                return true;
            }
        }
        if (active.phase == ActiveChannel::Phase::Opening) {
            if (Clock::now() >= state.openDeadline) {
                finishChannel(
                    active, Error{.kind = ErrorKind::Timeout, .message = "the server opened no channel in time"});
                return true;
            }
            const int rc = state.kind == State::Kind::Command
                ? ssh_channel_open_session(active.channel)
                : ssh_channel_open_forward_unix(active.channel, state.target.c_str(), "127.0.0.1", 0);
            if (rc == SSH_AGAIN) {
                return false;
            }
            if (rc != SSH_OK) {
                finishChannel(active, channelError(session, state));
                return true;
            }
            active.phase =
                state.kind == State::Kind::Command ? ActiveChannel::Phase::Requesting : ActiveChannel::Phase::Open;
        }
        if (active.phase == ActiveChannel::Phase::Requesting) {
            const int rc = ssh_channel_request_exec(active.channel, state.target.c_str());
            if (rc == SSH_AGAIN) {
                return false;
            }
            if (rc != SSH_OK) {
                finishChannel(active, channelError(session, state));
                return true;
            }
            active.phase = ActiveChannel::Phase::Open;
        }
        if (!state.opened) {
            const std::lock_guard lock(state.mutex);
            state.opened = true;
            state.changed.notify_all();
        }
        return transfer(active);
    }

    bool transfer(ActiveChannel& active)
    {
        State& state = *active.state;
        bool progress = false;
        if (active.sent == active.sending.size() && !active.inputClosed) {
            const std::lock_guard lock(state.mutex);
            active.sending.clear();
            active.sending.swap(state.input);
            active.sent = 0;
        }
        if (active.sent < active.sending.size()) {
            const auto size = static_cast<uint32_t>(std::min<size_t>(active.sending.size() - active.sent, 1u << 20));
            const int written = ssh_channel_write(active.channel, active.sending.data() + active.sent, size);
            if (written < 0 && ssh_is_connected(m_login->session.get()) != 0) {
                // The remote end closed the channel without reading all its input (a command that exits early):
                // nothing more can be sent, and its output and exit status are still the result.
                active.sending.clear();
                active.sent = 0;
                active.inputClosed = true;
            } else if (written < 0) {
                finishChannel(active,
                    Error{.kind = ErrorKind::Network,
                        .message =
                            std::string("writing to the server failed: ") + ssh_get_error(m_login->session.get())});
                return true;
            } else if (written > 0) {
                active.sent += static_cast<size_t>(written);
                progress = true;
            }
        }
        size_t unread = 0;
        bool sendEof = false;
        {
            const std::lock_guard lock(state.mutex);
            if (active.inputClosed) {
                state.input.clear(); // written after the remote end closed: nobody will read it
            }
            sendEof = state.inputClosing && state.input.empty() && active.sent == active.sending.size() &&
                !active.inputClosed;
            unread = state.out.size() + state.err.size();
        }
        if (sendEof) {
            ssh_channel_send_eof(active.channel);
            active.inputClosed = true;
        }

        std::array<std::string, 2> received;
        bool drained = true;
        std::array<char, kReadChunk> buffer; // not zeroed: only what libssh writes is read
        for (int isStderr = 0; isStderr < 2; ++isStderr) {
            // Room for what libssh holds decrypted already: no copy at every doubling of a large read. Small reads
            // (status lines, prompts) keep growing as they need.
            const int ready = ssh_channel_poll(active.channel, isStderr);
            if (ready > static_cast<int>(kReadChunk)) {
                received[static_cast<size_t>(isStderr)].reserve(
                    std::min(static_cast<size_t>(ready), kUnreadLimit) + kReadChunk);
            }
            for (;;) {
                if (unread >= kUnreadLimit) {
                    drained = false;
                    break;
                }
                const int count = ssh_channel_read_nonblocking(active.channel, buffer.data(), kReadChunk, isStderr);
                if (count == SSH_ERROR) {
                    finishChannel(active,
                        Error{.kind = ErrorKind::Network,
                            .message = std::string("reading from the server failed: ") +
                                ssh_get_error(m_login->session.get())});
                    return true;
                }
                if (count <= 0) {
                    break;
                }
                received[static_cast<size_t>(isStderr)].append(buffer.data(), static_cast<size_t>(count));
                unread += static_cast<size_t>(count);
            }
        }
        if (!received[0].empty() || !received[1].empty()) {
            progress = true;
            const std::lock_guard lock(state.mutex);
            for (size_t stream = 0; stream < 2; ++stream) {
                std::string& unreadBytes = stream == 0 ? state.out : state.err;
                if (unreadBytes.empty()) {
                    unreadBytes.swap(received[stream]); // the reader keeps up: hand the bytes over without a copy
                } else {
                    // The reader lags: room for all it may lag by at once, less than doubling would end with.
                    unreadBytes.reserve(kUnreadLimit + 2 * kReadChunk);
                    unreadBytes += received[stream];
                }
            }
            state.changed.notify_all();
        }
        if (drained && (ssh_channel_is_closed(active.channel) || ssh_channel_is_eof(active.channel))) {
            // A command has ended when its exit status (or signal) came; sshd sends it before closing.
            bool ended = state.kind == State::Kind::UnixSocket || ssh_channel_is_closed(active.channel);
            if (!ended) {
                const std::lock_guard lock(state.mutex);
                ended = state.exitStatus.has_value() || !state.exitSignal.empty();
            }
            if (ended) {
                finishChannel(active, std::nullopt);
                return true;
            }
        }
        return progress;
    }

    Error channelError(ssh_session session, const State& state) const
    {
        return Error{.kind = ErrorKind::Network,
            .message =
                (state.kind == State::Kind::Command ? "the server refused to run a command: "
                                                    : "the server refused a connection to " + state.target + ": ") +
                ssh_get_error(session)};
    }

    void finishChannel(ActiveChannel& active, std::optional<Error> failure)
    {
        if (active.channel != nullptr) {
            ssh_remove_channel_callbacks(active.channel, &active.callbacks);
            ssh_channel_close(active.channel);
            ssh_channel_free(active.channel);
            active.channel = nullptr;
        }
        const std::lock_guard lock(active.state->mutex);
        active.state->finishLocked(std::move(failure));
    }

    void linkLost()
    {
        spdlog::warn("ssh: the connection to {} was lost", m_target.host);
        closeSession(
            Error{.kind = ErrorKind::Network, .message = "the SSH connection to " + m_target.host + " was lost"});
    }

    void keepAlive()
    {
        if (m_login && Clock::now() - m_lastKeepalive >= m_options.keepaliveInterval) {
            ssh_send_keepalive(m_login->session.get());
            m_lastKeepalive = Clock::now();
        }
    }

    void waitForWork(const std::deque<std::shared_ptr<State>>& waiting)
    {
        if (m_woken) {
            return; // a wake-up was consumed inside a libssh call during this round: go round again
        }
        auto until = Clock::now() + kLongestPoll;
        for (const auto& state : waiting) {
            until = std::min(until, state->openDeadline);
        }
        if (!m_login && !waiting.empty()) {
            until = std::min(until, m_nextLoginAt);
        }
        if (m_login) {
            until = std::min(until, m_lastKeepalive + m_options.keepaliveInterval);
        }
        const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
        const int timeoutMs = static_cast<int>(std::max<std::int64_t>(0, timeout.count()));
        if (m_login) {
            if (ssh_event_dopoll(m_event, timeoutMs) == SSH_ERROR || !ssh_is_connected(m_login->session.get())) {
                linkLost();
            }
        } else {
            pollfd wakeup{.fd = m_wakeFd, .events = POLLIN, .revents = 0};
            ::poll(&wakeup, 1, timeoutMs);
        }
    }

    const SshTarget m_target;
    const SshPrompts m_prompts;
    const SshOptions m_options;
    const int m_wakeFd;

    mutable std::mutex m_mutex; // guards the members below up to m_loginCount
    std::condition_variable m_loginChanged;
    bool m_stopping = false;
    bool m_connectWanted = false;
    bool m_disconnectWanted = false;
    bool m_connected = false;
    std::vector<std::shared_ptr<State>> m_submitted;
    std::vector<std::weak_ptr<State>> m_registry;
    int m_loginAttempts = 0;
    Error m_lastLoginError{.kind = ErrorKind::Network, .message = "not connected"};
    std::optional<HostKeyInfo> m_hostKey;
    int m_loginCount = 0;

    // The connection thread's own.
    std::optional<Login> m_login;
    ssh_event m_event = nullptr;
    std::atomic<bool> m_woken{false};
    ssh_counter_struct m_received{}; ///< packets libssh took in, wherever it did

    std::vector<std::unique_ptr<ActiveChannel>> m_active;
    int m_failedLogins = 0;
    Clock::time_point m_nextLoginAt{};
    Clock::time_point m_lastKeepalive{};
    std::thread m_thread;
};

SshConnection::SshConnection(SshTarget target, SshPrompts prompts, SshOptions options)
    : m_impl(std::make_unique<Impl>(std::move(target), std::move(prompts), options))
{
}

SshConnection::~SshConnection() = default;

Result<Done> SshConnection::connect()
{
    return m_impl->connect();
}

Result<std::unique_ptr<ChannelStream>> SshConnection::start(
    const std::vector<std::string>& argv, std::chrono::steady_clock::time_point deadline, const CancelToken& cancel)
{
    auto line = shellCommandLine(argv);
    if (!line) {
        return line.error();
    }
    return m_impl->open(State::Kind::Command, std::move(line).value(), deadline, cancel);
}

Result<std::unique_ptr<ChannelStream>> SshConnection::openUnixSocket(
    const std::string& socketPath, std::chrono::steady_clock::time_point deadline, const CancelToken& cancel)
{
    return m_impl->open(State::Kind::UnixSocket, socketPath, deadline, cancel);
}

Result<CommandResult> SshConnection::run(const RemoteCommand& command)
{
    const auto deadline = Clock::now() + command.timeout;
    auto started = start(command.argv, deadline, command.cancel);
    if (!started) {
        return started.error();
    }
    auto& stream = *started.value();
    // Wakes the read below at once: a cancelled stream's reader gets a Cancelled error.
    const std::stop_callback stopOnCancel(command.cancel, [&stream] { stream.cancel(); });
    if (!command.input.empty()) {
        // A command may end without reading its input (`test -x runner && exit 0`), even before it is sent: its
        // exit status and output are still the result. Only a broken channel fails here.
        if (auto written = stream.write(command.input); !written && !stream.finished()) {
            return written.error();
        }
    }
    stream.closeInput();
    CommandResult result;
    for (;;) {
        if (Clock::now() >= deadline) {
            stream.cancel();
            return Error{.kind = ErrorKind::Timeout,
                .message = "`" + command.argv.front() + "` did not finish within " +
                    std::to_string(std::chrono::duration_cast<std::chrono::seconds>(command.timeout).count()) + " s"};
        }
        auto received = stream.read(deadline);
        if (!received) {
            if (received.error().kind == ErrorKind::Timeout) {
                continue;
            }
            return received.error();
        }
        auto& chunk = received.value();
        if (!chunk.out.empty()) {
            command.onStdout ? command.onStdout(chunk.out) : void(result.out += chunk.out);
        }
        if (!chunk.err.empty()) {
            command.onStderr ? command.onStderr(chunk.err) : void(result.err += chunk.err);
        }
        if (chunk.finished) {
            break;
        }
    }
    result.exitSignal = stream.exitSignal();
    result.exitStatus = result.exitSignal.empty() ? stream.exitStatus().value_or(-1) : -1;
    return result;
}

void SshConnection::cancelAll()
{
    m_impl->cancelAll();
}

void SshConnection::disconnect()
{
    m_impl->disconnect();
}

std::optional<HostKeyInfo> SshConnection::hostKey() const
{
    return m_impl->hostKey();
}

int SshConnection::loginCount() const
{
    return m_impl->loginCount();
}

const SshTarget& SshConnection::target() const
{
    return m_impl->target();
}

const SshPrompts& SshConnection::prompts() const
{
    return m_impl->prompts();
}

} // namespace ragdesk::client::ssh
