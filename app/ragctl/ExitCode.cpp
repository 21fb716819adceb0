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
    case ErrorKind::HostKey:
        return ExitCode::HostKey;
    case ErrorKind::Remote:
        return ExitCode::Failure;
    }
    return ExitCode::Failure;
}

std::string_view toString(ExitCode code)
{
    switch (code) {
    case ExitCode::Ok:
        return "ok";
    case ExitCode::Failure:
        return "failed";
    case ExitCode::Usage:
        return "usage";
    case ExitCode::Auth:
        return "auth";
    case ExitCode::Validation:
        return "validation";
    case ExitCode::NotFound:
        return "not-found";
    case ExitCode::Conflict:
        return "conflict";
    case ExitCode::Server:
        return "server";
    case ExitCode::Network:
        return "network";
    case ExitCode::HostKey:
        return "host-key";
    case ExitCode::Interrupted:
        return "interrupted";
    }
    return "failed";
}

} // namespace ragdesk::ragctl
