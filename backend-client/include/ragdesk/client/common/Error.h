#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client {

/// What went wrong, coarse enough for a caller to choose a reaction (retry, re-login, show a form error).
enum class ErrorKind {
    Network, ///< connection refused, reset, DNS failure
    Tls, ///< certificate or handshake failure
    Timeout, ///< a deadline passed
    Cancelled, ///< the caller asked to stop
    Auth, ///< 401, or 403 "Not authenticated" from older servers
    Forbidden, ///< 403 for a role the server refuses
    NotFound, ///< 404
    Validation, ///< 422 (field errors attached when the server named fields)
    Conflict, ///< 409
    Server, ///< 5xx, or any status the client does not expect
    Protocol, ///< a reply the client cannot understand (malformed JSON, wrong shape)
    HostKey, ///< an SSH host key that is unknown and not accepted, or that changed: never connected past it
    Remote, ///< a command on the server failed (non-zero exit status; its stderr in detail)
};

/// The name used in logs, ragctl output and tests, e.g. "not-found".
std::string_view toString(ErrorKind kind);

/// One invalid request field, as a form would show it next to the field.
struct FieldError {
    std::string field; ///< dotted path without the location prefix, e.g. "children.0.name"
    std::string message; ///< the server's text
};

/// The one error type of the client: every fallible call returns it instead of throwing.
struct Error {
    ErrorKind kind = ErrorKind::Protocol;
    int httpStatus = 0; ///< 0 when no HTTP status was received
    std::string message; ///< one line for people
    std::string detail; ///< raw server text (e.g. a plain-text 500 body), kept for diagnosis
    std::vector<FieldError> fieldErrors;
};

} // namespace ragdesk::client
