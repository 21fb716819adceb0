#pragma once

#include "ragdesk/client/common/Error.h"

namespace ragdesk::ragctl {

/// ragctl's documented exit codes (README "ragctl exit codes"): one per kind of failure a script may branch on.
enum class ExitCode : int {
    Ok = 0,
    Failure = 1, ///< the command ran and reports a bad state (e.g. a degraded stack)
    Usage = 2,
    Auth = 3,
    Validation = 4,
    NotFound = 5,
    Conflict = 6,
    Server = 7,
    Network = 8,
};

ExitCode exitCodeFor(client::ErrorKind kind);

} // namespace ragdesk::ragctl
