#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

/// A container's lifecycle state as the engine reports it (docker's words; podman's extra states are mapped).
enum class ContainerState { Created, Running, Paused, Restarting, Removing, Exited, Dead, Unknown };

/// The result of the container's healthcheck; None when it has none or the source did not say.
enum class Health { None, Starting, Healthy, Unhealthy };

/// The lower-case word docker prints: "running", "exited", ... ("unknown" for Unknown).
constexpr std::string_view name(ContainerState state)
{
    switch (state) {
    case ContainerState::Created:
        return "created";
    case ContainerState::Running:
        return "running";
    case ContainerState::Paused:
        return "paused";
    case ContainerState::Restarting:
        return "restarting";
    case ContainerState::Removing:
        return "removing";
    case ContainerState::Exited:
        return "exited";
    case ContainerState::Dead:
        return "dead";
    case ContainerState::Unknown:
        break;
    }
    return "unknown";
}

/// The lower-case word docker prints: "healthy", "unhealthy", "starting", and "none" for Health::None.
constexpr std::string_view name(Health health)
{
    switch (health) {
    case Health::Starting:
        return "starting";
    case Health::Healthy:
        return "healthy";
    case Health::Unhealthy:
        return "unhealthy";
    case Health::None:
        break;
    }
    return "none";
}

/// A container time in UTC, microsecond resolution (engines print nanoseconds; the rest is cut off).
using ContainerTime = std::chrono::sys_time<std::chrono::microseconds>;

/// One container port, published on the host or only exposed.
struct PortMapping {
    std::string hostIp; ///< "0.0.0.0", "::", "127.0.0.1"; empty when not published
    uint16_t hostPort = 0; ///< 0 = not published
    uint16_t containerPort = 0;
    std::string protocol = "tcp"; ///< "tcp", "udp" or "sctp"

    friend bool operator==(const PortMapping&, const PortMapping&) = default;
};

/// What the ops views know about one container of the stack, from a list (docker ps, compose ps, the Engine API)
/// and/or an inspect. Fields a source does not carry stay empty / zero / nullopt.
struct ContainerStatus {
    std::string id; ///< full 64-hex id when known, else the 12-char short id as printed
    std::string name; ///< without the leading "/"
    std::string service; ///< com.docker.compose.service label
    std::string project; ///< com.docker.compose.project label
    std::string image; ///< as the source names it, e.g. "postgres:16" or "docker.io/library/postgres:16"
    std::string imageRevision; ///< org.opencontainers.image.revision label, if any
    ContainerState state = ContainerState::Unknown;
    Health health = Health::None;
    std::string statusText; ///< the engine's summary, e.g. "Up 3 minutes (healthy)"; lists only
    int exitCode = 0; ///< of the last run; 0 while running
    int restartCount = 0; ///< inspect only
    std::optional<ContainerTime> createdAt;
    std::optional<ContainerTime> startedAt;
    std::optional<ContainerTime> finishedAt;
    std::vector<PortMapping> ports; ///< sorted by container port, protocol, host ip, host port
    std::string logPath; ///< inspect only; the file on the engine's host
    std::string logDriver; ///< inspect only: "json-file", "journald", "k8s-file", ...
    std::map<std::string, std::string> labels;
};

/// One `docker stats` sample of one container. Values the engine printed as "--" are 0.
struct ResourceSample {
    std::string containerId; ///< as printed, may be the 12-char short id
    std::string name; ///< as printed; not reliable (the docker CLI cuts its first character with podman)
    double cpuPercent = 0; ///< of one CPU, so above 100 on several
    uint64_t memoryUsedBytes = 0;
    uint64_t memoryLimitBytes = 0;
    double memoryPercent = 0;
    uint64_t netRxBytes = 0;
    uint64_t netTxBytes = 0;
    uint64_t blockReadBytes = 0;
    uint64_t blockWriteBytes = 0;
    uint32_t pids = 0;
};

/// A container with its latest resource sample, if one matched its id.
struct ContainerResources {
    ContainerStatus container;
    std::optional<ResourceSample> resources;
};

} // namespace ragdesk::client::ops
