#include "ragdesk/client/api/ApiClient.h"

#include "ragdesk/client/api/ApiErrors.h"

namespace ragdesk::client::api {

ApiClient::ApiClient(std::string baseUrl, HttpOptions options) : m_http(std::move(baseUrl), std::move(options)) { }

Result<HttpResponse> ApiClient::get(const std::string& path)
{
    Result<HttpResponse> response = m_http.send({"GET", path, {}, {}, {{"Accept", "application/json"}}});
    if (response.ok() && (response->status < 200 || response->status >= 300)) {
        return errorFromResponse(*response);
    }
    return response;
}

Result<Done> ApiClient::liveness()
{
    const Result<HttpResponse> response = get("/health");
    if (!response) {
        return response.error();
    }
    return Done {};
}

Result<SystemHealth> ApiClient::systemHealth()
{
    const Result<HttpResponse> response = get("/v1/system/health");
    if (!response) {
        return response.error();
    }
    return decodeSystemHealth(response->body);
}

} // namespace ragdesk::client::api
