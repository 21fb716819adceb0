#pragma once

#include "ragdesk/client/common/Result.h"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ragdesk::client::api {

/// One HTTP request relative to the stack's base URL. A non-empty body is sent with contentType.
struct HttpRequest {
    std::string method = "GET";
    std::string path; ///< canonical path beginning with '/', no trailing slash (the API answers those with 307)
    std::string body;
    std::string contentType;
    std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpResponse {
    long status = 0;
    std::string contentType;
    std::string body;
};

struct HttpOptions {
    std::chrono::milliseconds connectTimeout {5000};
    std::chrono::milliseconds totalTimeout {30000};
    std::string caFile; ///< extra CA bundle for self-signed stacks; verification itself is never turned off
};

/// A libcurl easy handle kept per stack, so requests reuse the connection. Not thread-safe: one owner thread.
/// Transport failures become Error{Network|Tls|Timeout}; any HTTP status is a successful HttpResponse.
class HttpClient {
public:
    explicit HttpClient(std::string baseUrl, HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    Result<HttpResponse> send(const HttpRequest& request);

    const std::string& baseUrl() const { return m_baseUrl; }

private:
    struct Handle;
    std::string m_baseUrl;
    HttpOptions m_options;
    std::unique_ptr<Handle> m_handle;
};

} // namespace ragdesk::client::api
