#pragma once

#include "ragdesk/client/common/Error.h"

#include <string_view>

namespace ragdesk::ragctl {

/// ragctl's documented exit codes (`ragctl --help`): one per kind of failure a script may branch on.
enum class ExitCode : int {
    Ok = 0,
    Failure = 1, ///< the command ran and reports a bad state (a degraded stack, a source in error, a failed test)
    Usage = 2,
    Auth = 3,
    Validation = 4,
    NotFound = 5,
    Conflict = 6,
    Server = 7,
    Network = 8,
    HostKey = 9, ///< the SSH host key is unknown (and --accept-new not given) or changed: nothing was run
    Interrupted = 130, ///< Ctrl-C, as shells report a SIGINT death
};

/// The exit code a client error ends ragctl with.
ExitCode exitCodeFor(client::ErrorKind kind);
/// The failure an exit code stands for, as --json error objects name it ("auth", "not-found", ...).
std::string_view toString(ExitCode code);

} // namespace ragdesk::ragctl
