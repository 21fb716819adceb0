#include "ragdesk/client/api/ApiErrors.h"

#include <nlohmann/json.hpp>

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

ErrorKind kindForStatus(long status, std::string_view detail)
{
    switch (status) {
    case 401:
        return ErrorKind::Auth;
    case 403:
        // Older FastAPI answers a missing token with 403 "Not authenticated": that is an auth problem.
        return detail == "Not authenticated" ? ErrorKind::Auth : ErrorKind::Forbidden;
    case 404:
        return ErrorKind::NotFound;
    case 409:
        return ErrorKind::Conflict;
    case 400:
    case 422:
        return ErrorKind::Validation;
    default:
        return ErrorKind::Server;
    }
}

// loc is ["body", "children", 0, "name"]: the location word is dropped, the rest joined with dots.
std::string fieldPath(const json& loc)
{
    std::string path;
    if (!loc.is_array()) {
        return path;
    }
    for (size_t i = 0; i < loc.size(); ++i) {
        const json& part = loc[i];
        if (i == 0 && part.is_string() && (part == "body" || part == "query" || part == "path" || part == "header")) {
            continue;
        }
        if (!path.empty()) {
            path += '.';
        }
        path += part.is_string() ? part.get<std::string>() : part.dump();
    }
    return path;
}

} // namespace

Error errorFromResponse(const HttpResponse& response)
{
    Error error;
    error.httpStatus = static_cast<int>(response.status);
    error.detail = response.body;

    const json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    const json* detail = body.is_object() && body.contains("detail") ? &body["detail"] : nullptr;
    if (detail && detail->is_string()) {
        error.message = detail->get<std::string>();
    } else if (detail && detail->is_array()) {
        for (const json& item : *detail) {
            if (!item.is_object()) {
                continue;
            }
            error.fieldErrors.push_back({fieldPath(item.value("loc", json())), item.value("msg", std::string())});
        }
        error.message = "The server rejected " + std::to_string(error.fieldErrors.size()) + " field(s)";
    } else if (!response.body.empty() && response.body.size() <= 200 && !body.is_object()) {
        error.message = response.body; // plain-text 500 "Internal Server Error"
    } else {
        error.message = "HTTP " + std::to_string(response.status);
    }
    error.kind = kindForStatus(response.status, error.message);
    return error;
}

} // namespace ragdesk::client::api
