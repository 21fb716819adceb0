#include "ragdesk/client/api/HttpClient.h"

#include "common/Ascii.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <arpa/inet.h>

#include <algorithm>
#include <mutex>

namespace ragdesk::client::api {
namespace {

// How long one wait for network activity may last before the cancel token is looked at again. Stopping the token
// also wakes the wait at once; this bound only matters if a wake-up were lost.
constexpr int kPollIntervalMs = 50;

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
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
    case CURLE_SSL_ISSUER_ERROR:
        return ErrorKind::Tls;
    case CURLE_ABORTED_BY_CALLBACK:
        return ErrorKind::Cancelled;
    default:
        return ErrorKind::Network;
    }
}

// State the libcurl callbacks of one transfer share.
struct Transfer {
    CURL* easy;
    const HttpRequest* request;
    HttpResponse* response;
    bool stoppedByReceiver = false;
    curl_off_t lastUploaded = -1;
};

size_t onBody(char* data, size_t size, size_t count, void* userData)
{
    auto* transfer = static_cast<Transfer*>(userData);
    const size_t bytes = size * count;
    long status = 0;
    curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
    if (transfer->request->onBodyChunk && status >= 200 && status < 300) {
        if (!transfer->request->onBodyChunk(std::string_view(data, bytes))) {
            transfer->stoppedByReceiver = true;
            return 0; // makes curl abort with CURLE_WRITE_ERROR
        }
        return bytes;
    }
    transfer->response->body.append(data, bytes);
    return bytes;
}

int onProgress(void* userData, curl_off_t, curl_off_t, curl_off_t uploadTotal, curl_off_t uploaded)
{
    auto* transfer = static_cast<Transfer*>(userData);
    // curl calls this many times per second; report only when the count moved.
    if (transfer->request->onUploadProgress && uploadTotal > 0 && uploaded != transfer->lastUploaded) {
        transfer->lastUploaded = uploaded;
        transfer->request->onUploadProgress(
            static_cast<std::uint64_t>(uploaded), static_cast<std::uint64_t>(uploadTotal));
    }
    return 0;
}

curl_mime* buildMultipart(CURL* easy, const std::vector<MultipartPart>& parts)
{
    curl_mime* mime = curl_mime_init(easy);
    for (const MultipartPart& part : parts) {
        curl_mimepart* field = curl_mime_addpart(mime);
        curl_mime_name(field, part.name.c_str());
        if (part.file.empty()) {
            curl_mime_data(field, part.value.data(), part.value.size());
        } else {
            curl_mime_filedata(field, part.file.c_str()); // streamed from disk, not loaded
            curl_mime_filename(field, part.fileName.c_str());
            curl_mime_type(field, "application/octet-stream");
        }
    }
    return mime;
}

} // namespace

bool isInsecureHttp(std::string_view url)
{
    initCurlOnce();
    CURLU* parsed = curl_url();
    const std::string text(url);
    char* scheme = nullptr;
    char* host = nullptr;
    bool insecure = true;
    if (curl_url_set(parsed, CURLUPART_URL, text.c_str(), 0) == CURLUE_OK &&
        curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        // curl has already turned 127.1, 0x7f000001 and [0:…:1] into 127.0.0.1 and [::1].
        std::string name(host);
        std::transform(name.begin(), name.end(), name.begin(), ascii::lower);
        if (name.ends_with('.')) {
            name.pop_back(); // "localhost." is the same name, fully qualified
        }
        if (name.starts_with("[::ffff:") && name.ends_with(']')) {
            name = name.substr(8, name.size() - 9); // an IPv4 address mapped into IPv6
        }
        in_addr ipv4{};
        const bool loopback = name == "localhost" || name.ends_with(".localhost") || name == "[::1]" ||
            (inet_pton(AF_INET, name.c_str(), &ipv4) == 1 && (ntohl(ipv4.s_addr) >> 24) == 127);
        insecure = std::string_view(scheme) == "http" && !loopback;
    }
    curl_free(host);
    curl_free(scheme);
    curl_url_cleanup(parsed);
    return insecure;
}

HttpOptions httpOptionsFor(const StackProfile& stack, HttpOptions base)
{
    base.caFile = stack.caFile;
    base.pinnedPublicKey = stack.pinnedPublicKey;
    base.allowInsecureHttp = stack.allowInsecureHttp;
    return base;
}

struct HttpClient::Handles {
    CURL* easy = curl_easy_init();
    CURLM* multi = curl_multi_init();
    ~Handles()
    {
        curl_multi_cleanup(multi);
        curl_easy_cleanup(easy);
    }
};

HttpClient::HttpClient(std::string baseUrl, HttpOptions options)
    : m_baseUrl(std::move(baseUrl)),
      m_options(std::move(options)),
      m_refusedAsInsecure(!m_options.allowInsecureHttp && isInsecureHttp(m_baseUrl))
{
    initCurlOnce();
    m_handles = std::make_unique<Handles>();
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::send(const HttpRequest& request)
{
    if (m_refusedAsInsecure) {
        return Error{.kind = ErrorKind::Tls,
            .message = m_baseUrl +
                " is plain http:// to another machine, which would send tokens and passwords in "
                "clear: refused. Use https://, or set \"allow_insecure_http\": true in the stack's "
                "profile if this network is trusted."};
    }
    if (request.cancel.stop_requested()) {
        return cancelledError(m_baseUrl + request.path + ": cancelled before it was sent");
    }
    CURL* easy = m_handles->easy;
    // Reset per request but keep the handle: its connection cache is what makes the next request cheap.
    curl_easy_reset(easy);

    HttpResponse response;
    Transfer transfer{easy, &request, &response};
    char errorBuffer[CURL_ERROR_SIZE] = {};
    const std::string url = m_baseUrl + request.path;
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connectTimeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.totalTimeout.count()));
    if (m_options.idleTimeout.count() > 0) {
        // Less than one byte per second for the idle time: the peer has gone quiet.
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
            static_cast<long>(std::max<long long>(1, m_options.idleTimeout.count() / 1000)));
    }
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    if (!m_options.caFile.empty()) {
        curl_easy_setopt(easy, CURLOPT_CAINFO, m_options.caFile.c_str());
    }
    if (!m_options.pinnedPublicKey.empty()) {
        // A pinned key vouches for the server by itself (the self-signed case): the chain need not lead to a
        // known CA, but the server's public key must be exactly the pinned one, or the handshake fails.
        curl_easy_setopt(easy, CURLOPT_PINNEDPUBLICKEY, m_options.pinnedPublicKey.c_str());
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    }

    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) {
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    }
    curl_mime* mime = nullptr;
    if (!request.multipart.empty()) {
        mime = buildMultipart(easy, request.multipart);
        curl_easy_setopt(easy, CURLOPT_MIMEPOST, mime);
    } else if (!request.body.empty()) {
        headers = curl_slist_append(headers, ("Content-Type: " + request.contentType).c_str());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    // No "Expect: 100-continue" round trip before uploads.
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);

    CURLM* multi = m_handles->multi;
    const std::stop_callback wakeOnCancel(request.cancel, [multi] { curl_multi_wakeup(multi); });
    curl_multi_add_handle(multi, easy);
    CURLcode code = CURLE_OK;
    bool cancelled = false;
    for (int running = 1; running;) {
        curl_multi_perform(multi, &running);
        if (request.cancel.stop_requested()) {
            cancelled = true;
            break;
        }
        if (running) {
            curl_multi_poll(multi, nullptr, 0, kPollIntervalMs, nullptr);
        }
    }
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
        if (message->msg == CURLMSG_DONE) {
            code = message->data.result;
        }
    }
    curl_multi_remove_handle(multi, easy);
    curl_slist_free_all(headers);
    curl_mime_free(mime);

    double seconds = 0;
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &seconds);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
    if (cancelled || (code != CURLE_OK && !transfer.stoppedByReceiver)) {
        const ErrorKind kind = cancelled ? ErrorKind::Cancelled : transportErrorKind(code);
        const std::string reason =
            cancelled ? std::string("cancelled") : (errorBuffer[0] ? errorBuffer : curl_easy_strerror(code));
        spdlog::info("{} {} failed after {:.0f} ms: {}", request.method, request.path, seconds * 1000, reason);
        return Error{kind, static_cast<int>(response.status), m_baseUrl + request.path + ": " + reason, {}, {}};
    }
    const char* contentType = nullptr;
    curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &contentType);
    response.contentType = contentType ? contentType : "";
    curl_off_t received = 0;
    curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
    spdlog::info("{} {} {} {:.0f} ms {} B", request.method, request.path, response.status, seconds * 1000, received);
    return response;
}

} // namespace ragdesk::client::api
