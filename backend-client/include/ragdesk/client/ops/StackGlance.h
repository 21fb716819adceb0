#pragma once

#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ops/StackOps.h"
#include "ragdesk/client/ops/deploy/Backups.h"
#include "ragdesk/client/ops/deploy/Deployer.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ragdesk::client::ops {

/// The stack's compose services and how many are healthy: running, and healthy by their healthcheck if they have
/// one. A service is healthy when all its containers are.
struct ServiceCounts {
    int total = 0;
    int healthy = 0;
    std::vector<std::string> unhealthy; ///< the services that are not, sorted
};

/// Counts the services of a stack's containers.
ServiceCounts countServices(const std::vector<ContainerStatus>& containers);

/// One stack at a glance, as the fleet overview shows it. Each part is read on its own: one that fails (a
/// permission, a missing directory) leaves the others, and says why it failed.
struct StackGlance {
    Result<ServiceCounts> services;
    Result<MaintenanceState> maintenance;
    Result<std::optional<LatestRun>> lastRun; ///< the newest deploy, rollback or restore, if any
    Result<std::optional<BackupFile>> newestDump; ///< the newest database dump, if any
    std::chrono::milliseconds took{0}; ///< for the whole glance, its parts read at the same time
};

/// Reads a stack's glance over its kept connection: the containers through the engine, and the maintenance flag,
/// the newest run and the backups by commands that run at the same time on channels of their own, so the glance
/// takes as long as its slowest part. A stack that cannot be reached fails every part with the error of one login
/// attempt (made after the connection's backoff, when earlier ones failed).
StackGlance glanceAt(StackOps& ops);

} // namespace ragdesk::client::ops
