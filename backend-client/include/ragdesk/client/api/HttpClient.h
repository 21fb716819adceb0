#pragma once

#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/common/StackProfile.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ragdesk::client::api {

/// One part of a multipart/form-data body: a text field, or a file streamed from disk.
struct MultipartPart {
    std::string name;
    std::string value; ///< text fields
    std::filesystem::path file; ///< file fields (value unused)
    std::string fileName; ///< the filename sent in the part header (decides the type server-side)
};

/// Bytes sent so far of total; called from the requesting thread as an upload goes.
using ProgressCallback = std::function<void(std::uint64_t sent, std::uint64_t total)>;
/// Receives a success response's body as it arrives (streaming); return false to stop the transfer.
using BodyChunkCallback = std::function<bool(std::string_view chunk)>;

/// One HTTP request relative to the stack's base URL.
struct HttpRequest {
    std::string method = "GET";
    std::string path; ///< canonical path beginning with '/', no trailing slash (the API answers those with 307)
    std::string body;
    std::string contentType; ///< sent whenever body is non-empty
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<MultipartPart> multipart; ///< when non-empty, the body is multipart/form-data built from these
    ProgressCallback onUploadProgress;
    BodyChunkCallback onBodyChunk; ///< when set, a 2xx body is streamed to it instead of collected
    /// Stopping it ends the request as Cancelled at once (already stopped: nothing is sent).
    CancelToken cancel;
};

struct HttpResponse {
    long status = 0;
    std::string contentType;
    std::string body; ///< empty for streamed success bodies
};

struct HttpOptions {
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds totalTimeout{30000}; ///< 0 = none (streams)
    std::chrono::milliseconds idleTimeout{0}; ///< abort when no byte arrives this long; 0 = none
    std::string caFile; ///< extra CA bundle for self-signed stacks; verification is never turned off
    std::string pinnedPublicKey; ///< "sha256//<base64>" of the server key: accepted even if no CA vouches for it
    bool allowInsecureHttp = false; ///< see isInsecureHttp; off: such a base URL is refused before any request
};

/// A plain `http://` URL to a host other than this machine (loopback: localhost, 127.0.0.0/8, ::1): bearer tokens
/// and passwords would cross the network in clear. An unparsable URL counts as insecure.
bool isInsecureHttp(std::string_view url);

/// The transport options a stack profile asks for (its CA file, pinned key, and insecure-HTTP consent) on top of
/// `base` (timeouts).
HttpOptions httpOptionsFor(const StackProfile& stack, HttpOptions base = {});

/// A libcurl handle kept per stack, so requests reuse the connection; proxies come from the environment as
/// curl reads them (http_proxy, https_proxy, no_proxy). One request at a time from its owner thread; the
/// request's cancel token may be stopped from any thread and ends it at once.
/// Transport failures become Error{Network|Tls|Timeout|Cancelled}; any HTTP status is a successful HttpResponse. An
/// insecure base URL (isInsecureHttp) not allowed by the options is a Tls error for every request, sent nowhere.
class HttpClient {
public:
    explicit HttpClient(std::string baseUrl, HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    Result<HttpResponse> send(const HttpRequest& request);

    const std::string& baseUrl() const { return m_baseUrl; }
    const HttpOptions& options() const { return m_options; }

private:
    struct Handles;
    std::string m_baseUrl;
    HttpOptions m_options;
    bool m_refusedAsInsecure;
    std::unique_ptr<Handles> m_handles;
};

} // namespace ragdesk::client::api
