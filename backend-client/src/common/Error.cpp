#include "ragdesk/client/common/Error.h"

namespace ragdesk::client {

std::string_view toString(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Network:
        return "network";
    case ErrorKind::Tls:
        return "tls";
    case ErrorKind::Timeout:
        return "timeout";
    case ErrorKind::Cancelled:
        return "cancelled";
    case ErrorKind::Auth:
        return "auth";
    case ErrorKind::Forbidden:
        return "forbidden";
    case ErrorKind::NotFound:
        return "not-found";
    case ErrorKind::Validation:
        return "validation";
    case ErrorKind::Conflict:
        return "conflict";
    case ErrorKind::Server:
        return "server";
    case ErrorKind::Protocol:
        return "protocol";
    case ErrorKind::HostKey:
        return "host-key";
    case ErrorKind::Remote:
        return "remote";
    }
    return "unknown";
}

} // namespace ragdesk::client
