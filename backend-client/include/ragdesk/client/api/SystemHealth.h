#pragma once

#include "ragdesk/client/common/Result.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

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

/// Decodes a /v1/system/health body; unknown fields are ignored, a wrong shape is a Protocol error.
Result<SystemHealth> decodeSystemHealth(std::string_view body);

} // namespace ragdesk::client::api
