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

// A flat object's members as text, for key/value views (numbers and flags printed as JSON does).
std::map<std::string, std::string> asText(const json& object)
{
    std::map<std::string, std::string> text;
    if (!object.is_object()) {
        return text;
    }
    for (const auto& [key, value] : object.items()) {
        text[key] = value.is_string() ? value.get<std::string>() : value.dump();
    }
    return text;
}

SystemHealth healthFrom(const json& document)
{
    SystemHealth health;
    health.status = document.at("status").get<std::string>();
    health.postgres = decodeService(document.at("postgres"));
    health.qdrant = decodeService(document.at("qdrant"));
    health.redis = decodeService(document.at("redis"));
    return health;
}

// Both health routes reply with an object that must decode as a whole; anything else is a Protocol error.
template <typename T, typename Decoder> Result<T> decodeObject(std::string_view body, const char* what, Decoder decoder)
{
    const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!document.is_object()) {
        return Error{ErrorKind::Protocol, 0, std::string(what) + " is not a JSON object", std::string(body), {}};
    }
    try {
        return decoder(document);
    } catch (const json::exception& e) {
        return Error{
            ErrorKind::Protocol, 0, std::string("unexpected ") + what + " shape: " + e.what(), std::string(body), {}};
    }
}

} // namespace

std::array<NamedService, 3> services(const SystemHealth& health)
{
    return {NamedService{"postgres", &health.postgres}, NamedService{"qdrant", &health.qdrant},
        NamedService{"redis", &health.redis}};
}

Result<SystemHealth> decodeSystemHealth(std::string_view body)
{
    return decodeObject<SystemHealth>(body, "system health", healthFrom);
}

Result<DetailedHealth> decodeDetailedHealth(std::string_view body)
{
    return decodeObject<DetailedHealth>(body, "detailed health", [](const json& document) {
        DetailedHealth detailed;
        detailed.health = healthFrom(document);
        detailed.uptimeSeconds = document.value("uptime_seconds", std::int64_t{0});
        detailed.pythonVersion = document.value("python_version", std::string());
        detailed.platform = document.value("platform", std::string());
        const json database = document.value("db_stats", json::object());
        if (database.contains("error")) {
            detailed.databaseError =
                database["error"].is_string() ? database["error"].get<std::string>() : database["error"].dump();
        }
        for (const auto& [key, value] : database.items()) {
            if (key == "sources_by_status" && value.is_object()) {
                detailed.sourcesByStatus = value.get<std::map<std::string, std::int64_t>>();
            } else if (value.is_number_integer()) {
                detailed.databaseTotals[key] = value.get<std::int64_t>();
            }
        }
        detailed.vectorStore = asText(document.value("qdrant_stats", json::object()));
        detailed.redis = asText(document.value("redis_stats", json::object()));
        for (const json& bot : document.value("bot_sources", json::array())) {
            detailed.bots.push_back({bot.value("bot_profile_id", std::string()), bot.value("bot_name", std::string()),
                bot.value("model", std::string()), bot.value("is_active", true), bot.value("source_count", 0),
                bot.value("ready_sources", 0), bot.value("total_chunks", std::int64_t{0})});
        }
        detailed.config = asText(document.value("config", json::object()));
        return detailed;
    });
}

} // namespace ragdesk::client::api
