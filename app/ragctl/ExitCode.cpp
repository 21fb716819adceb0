#include "ExitCode.h"

namespace ragdesk::ragctl {

ExitCode exitCodeFor(client::ErrorKind kind)
{
    using client::ErrorKind;
    switch (kind) {
    case ErrorKind::Auth:
    case ErrorKind::Forbidden:
        return ExitCode::Auth;
    case ErrorKind::Validation:
        return ExitCode::Validation;
    case ErrorKind::NotFound:
        return ExitCode::NotFound;
    case ErrorKind::Conflict:
        return ExitCode::Conflict;
    case ErrorKind::Network:
    case ErrorKind::Tls:
    case ErrorKind::Timeout:
    case ErrorKind::Cancelled:
        return ExitCode::Network;
    case ErrorKind::Server:
    case ErrorKind::Protocol:
        return ExitCode::Server;
    }
    return ExitCode::Failure;
}

} // namespace ragdesk::ragctl
