#include "ragdesk/client/api/SystemHealth.h"

#include <nlohmann/json.hpp>

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

template <typename T> std::optional<T> optionalField(const json& object, const char* key)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return std::nullopt;
    }
    return it->get<T>();
}

ServiceHealth decodeService(const json& object)
{
    ServiceHealth service;
    service.status = object.at("status").get<std::string>();
    service.ok = service.status == "ok";
    service.detail = optionalField<std::string>(object, "detail");
    service.version = optionalField<std::string>(object, "version");
    service.latencyMs = optionalField<int>(object, "latency_ms");
    return service;
}

} // namespace

std::array<NamedService, 3> services(const SystemHealth& health)
{
    return {NamedService{"postgres", &health.postgres}, NamedService{"qdrant", &health.qdrant},
        NamedService{"redis", &health.redis}};
}

Result<SystemHealth> decodeSystemHealth(std::string_view body)
{
    const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!document.is_object()) {
        return Error{ErrorKind::Protocol, 0, "system health is not a JSON object", std::string(body), {}};
    }
    try {
        SystemHealth health;
        health.status = document.at("status").get<std::string>();
        health.postgres = decodeService(document.at("postgres"));
        health.qdrant = decodeService(document.at("qdrant"));
        health.redis = decodeService(document.at("redis"));
        return health;
    } catch (const json::exception& e) {
        return Error{
            ErrorKind::Protocol, 0, std::string("unexpected system health shape: ") + e.what(), std::string(body), {}};
    }
}

} // namespace ragdesk::client::api
