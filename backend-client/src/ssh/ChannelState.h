#pragma once

#include "ragdesk/client/common/Error.h"
#include "ragdesk/client/ssh/SshConnection.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace ragdesk::client::ssh {

/// What a channel's user (ChannelStream) and the connection's thread share. Guarded by `mutex`; the
/// connection's thread owns the libssh channel itself.
class ChannelStream::State {
public:
    enum class Kind { Command, UnixSocket };

    State(Kind channelKind, std::string channelTarget, std::chrono::steady_clock::time_point deadline,
        std::function<void()> wake)
        : kind(channelKind), target(std::move(channelTarget)), openDeadline(deadline), wakeConnection(std::move(wake))
    {
    }

    const Kind kind;
    const std::string target; ///< the command line, or the socket path
    const std::chrono::steady_clock::time_point openDeadline;
    const std::function<void()> wakeConnection; ///< tells the connection's thread there is work for it

    std::mutex mutex;
    std::condition_variable changed;
    bool opened = false;
    bool finished = false;
    std::optional<Error> error;
    std::string out;
    std::string err;
    std::string input; ///< queued for the server, not yet sent
    bool inputClosing = false;
    bool cancelRequested = false;
    bool released = false; ///< the ChannelStream is gone: nobody reads any more
    std::optional<int> exitStatus;
    std::string exitSignal;

    /// Ends the channel for its user (under the lock): with an error, or cleanly when error is nullopt.
    void finishLocked(std::optional<Error> failure)
    {
        if (!finished) {
            finished = true;
            if (failure && !error) {
                error = std::move(failure);
            }
        }
        changed.notify_all();
    }
};

} // namespace ragdesk::client::ssh
