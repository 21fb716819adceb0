#pragma once

#include "ragdesk/client/common/Result.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::api {

/// One dependency's state in /v1/system/health ("ok" or "error" with a reason).
struct ServiceHealth {
    bool ok = false;
    std::string status; ///< the wire value, kept for display
    std::optional<std::string> detail; ///< error text when not ok
    std::optional<std::string> version;
    std::optional<int> latencyMs;
};

/// The unauthenticated dependency health of a stack: PostgreSQL, the vector store and Redis.
struct SystemHealth {
    std::string status; ///< "ok" or "degraded"
    ServiceHealth postgres;
    ServiceHealth qdrant;
    ServiceHealth redis;
};

/// One named dependency of a SystemHealth, for code that shows all of them the same way.
struct NamedService {
    std::string_view name; ///< the wire key: "postgres", "qdrant" or "redis"
    const ServiceHealth* health;
};

/// The dependencies in the order the API lists them.
std::array<NamedService, 3> services(const SystemHealth& health);

/// One bot's sources as detailed health counts them.
struct BotSourceCounts {
    std::string botProfileId;
    std::string botName;
    std::string model;
    bool isActive = true;
    int sourceCount = 0;
    int readySources = 0;
    std::int64_t totalChunks = 0;
};

/// GET /v1/system/health/detailed (any signed-in role): dependencies plus process, data and configuration facts.
/// The database counts are the caller's tenant's; the vector store and Redis figures are global (contract §6.1).
struct DetailedHealth {
    SystemHealth health;
    std::int64_t uptimeSeconds = 0;
    std::string pythonVersion;
    std::string platform;
    std::map<std::string, std::int64_t> sourcesByStatus;
    std::map<std::string, std::int64_t> databaseTotals; ///< total_chunks, total_messages, total_chats, …
    std::optional<std::string> databaseError; ///< when the server could not count
    std::map<std::string, std::string> vectorStore; ///< qdrant_stats as text, e.g. points_count → "65"
    std::map<std::string, std::string> redis; ///< redis_stats as text
    std::vector<BotSourceCounts> bots;
    std::map<std::string, std::string> config; ///< masked URLs, models, flags ("true"/"false"), as text
};

/// Decodes a /v1/system/health/detailed body, as tolerantly as decodeSystemHealth.
Result<DetailedHealth> decodeDetailedHealth(std::string_view body);

/// Decodes a /v1/system/health body; unknown fields are ignored, a wrong shape is a Protocol error.
Result<SystemHealth> decodeSystemHealth(std::string_view body);

} // namespace ragdesk::client::api
