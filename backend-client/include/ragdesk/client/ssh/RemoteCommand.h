#pragma once

#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ssh {

/// One word for a POSIX shell, quoted only when it needs to be: `it's` becomes `'it'\''s'`. Every byte but NUL
/// survives (newlines, `$()`, backticks, non-UTF-8).
std::string shellQuote(std::string_view word);

/// The argv as one command line for the remote login shell (OpenSSH runs `$SHELL -c LINE`). A Validation error
/// for an empty argv or a NUL byte, which no argv can carry.
Result<std::string> shellCommandLine(const std::vector<std::string>& argv);

/// A command to run on the server. Output goes to the callbacks as it arrives (on the caller's thread), or is
/// collected into the CommandResult when a callback is not set.
struct RemoteCommand {
    std::vector<std::string> argv;
    std::string input; ///< sent to the command's stdin, which is then closed
    std::chrono::milliseconds timeout{std::chrono::seconds(60)}; ///< for the whole command, connecting included
    std::function<void(std::string_view)> onStdout;
    std::function<void(std::string_view)> onStderr;
    CancelToken cancel; ///< stopping it stops the command (TERM, channel closed) and returns a Cancelled error
};

/// How a remote command ended. A non-zero exit status is a result, not an error: the caller decides.
struct CommandResult {
    int exitStatus = -1; ///< -1 when the command died of a signal
    std::string exitSignal; ///< "KILL", "TERM", ... when it did
    std::string out; ///< stdout, when RemoteCommand::onStdout was not set
    std::string err; ///< stderr, when RemoteCommand::onStderr was not set

    bool succeeded() const { return exitStatus == 0; }
};

/// A Remote error for a command that failed: its first stderr line in the message, all of it in the detail.
Error remoteFailure(std::string_view what, const CommandResult& result);

} // namespace ragdesk::client::ssh
