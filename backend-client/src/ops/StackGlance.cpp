#include "ragdesk/client/ops/StackGlance.h"

#include <algorithm>
#include <future>
#include <map>

namespace ragdesk::client::ops {

ServiceCounts countServices(const std::vector<ContainerStatus>& containers)
{
    std::map<std::string, bool> healthy; // by service, sorted
    for (const ContainerStatus& container : containers) {
        const bool ok = container.state == ContainerState::Running &&
            (container.health == Health::None || container.health == Health::Healthy);
        const std::string& service = container.service.empty() ? container.name : container.service;
        const auto [it, added] = healthy.emplace(service, ok);
        if (!added) {
            it->second = it->second && ok;
        }
    }
    ServiceCounts counts{.total = static_cast<int>(healthy.size())};
    for (const auto& [service, ok] : healthy) {
        if (ok) {
            ++counts.healthy;
        } else {
            counts.unhealthy.push_back(service);
        }
    }
    return counts;
}

StackGlance glanceAt(StackOps& ops)
{
    const auto started = std::chrono::steady_clock::now();
    const auto tookSoFar = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    };
    // One login attempt first: the parts' own calls would try again until their timeouts, and a stack that is
    // down is said at once.
    if (const auto login = ops.ssh().connect(); !login) {
        return StackGlance{.services = login.error(),
            .maintenance = login.error(),
            .lastRun = login.error(),
            .newestDump = login.error(),
            .took = tookSoFar()};
    }
    // StackOps serves calls from several threads at once, each on a channel of its own.
    auto maintenance = std::async(std::launch::async, [&ops] { return ops.maintenance(); });
    auto lastRun = std::async(std::launch::async, [&ops] { return Deployer(ops).latest(); });
    auto newestDump = std::async(std::launch::async, [&ops]() -> Result<std::optional<BackupFile>> {
        const auto files = Backups(ops).list();
        if (!files) {
            return files.error();
        }
        // Newest first.
        const auto dump = std::find_if(files->begin(), files->end(),
            [](const BackupFile& file) { return file.kind == BackupFile::Kind::Postgres; });
        return dump == files->end() ? std::nullopt : std::optional(*dump);
    });
    const auto containers = ops.status();
    StackGlance glance{.services = containers ? Result<ServiceCounts>(countServices(*containers))
                                              : Result<ServiceCounts>(containers.error()),
        .maintenance = maintenance.get(),
        .lastRun = lastRun.get(),
        .newestDump = newestDump.get()};
    glance.took = tookSoFar();
    return glance;
}

} // namespace ragdesk::client::ops
