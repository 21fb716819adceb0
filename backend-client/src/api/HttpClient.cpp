#include "ragdesk/client/api/HttpClient.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace ragdesk::client::api {
namespace {

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t appendBody(char* data, size_t size, size_t count, void* target)
{
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

ErrorKind transportErrorKind(CURLcode code)
{
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        return ErrorKind::Timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        return ErrorKind::Tls;
    case CURLE_ABORTED_BY_CALLBACK:
        return ErrorKind::Cancelled;
    default:
        return ErrorKind::Network;
    }
}

} // namespace

struct HttpClient::Handle {
    CURL* curl = curl_easy_init();
    ~Handle() { curl_easy_cleanup(curl); }
};

HttpClient::HttpClient(std::string baseUrl, HttpOptions options)
    : m_baseUrl(std::move(baseUrl)), m_options(std::move(options))
{
    initCurlOnce();
    m_handle = std::make_unique<Handle>();
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::send(const HttpRequest& request)
{
    CURL* curl = m_handle->curl;
    // Reset per request but keep the handle: its connection cache is what makes the next request cheap.
    curl_easy_reset(curl);

    HttpResponse response;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    const std::string url = m_baseUrl + request.path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connectTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.totalTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    if (!m_options.caFile.empty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, m_options.caFile.c_str());
    }

    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) {
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    }
    if (!request.body.empty()) {
        headers = curl_slist_append(headers, ("Content-Type: " + request.contentType).c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);

    double seconds = 0;
    curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME, &seconds);
    if (code != CURLE_OK) {
        const std::string reason = errorBuffer[0] ? errorBuffer : curl_easy_strerror(code);
        spdlog::info("{} {} failed after {:.0f} ms: {}", request.method, request.path, seconds * 1000, reason);
        return Error {transportErrorKind(code), 0, m_baseUrl + ": " + reason, {}, {}};
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    const char* contentType = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &contentType);
    response.contentType = contentType ? contentType : "";
    spdlog::info(
        "{} {} {} {:.0f} ms {} B", request.method, request.path, response.status, seconds * 1000, response.body.size());
    return response;
}

} // namespace ragdesk::client::api
