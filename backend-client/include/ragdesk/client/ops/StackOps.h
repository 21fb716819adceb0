#pragma once

#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ops/AuditLog.h"
#include "ragdesk/client/ops/Containers.h"
#include "ragdesk/client/ops/Engine.h"
#include "ragdesk/client/ssh/SshConnection.h"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

class EngineApi;

/// Where the stack lives on its VPS.
struct StackLocation {
    std::string name; ///< the stack profile's name, for audit records
    std::string stackDir; ///< the compose project's directory, e.g. "/srv/minirag"
    std::string composeProject; ///< empty: found from the stack directory's containers, else its base name
    bool useEngineApi = true; ///< read through an SSH channel to the engine's socket when it allows; else the CLI
};

/// A container verb on one service.
enum class ContainerAction { Restart, Stop, Start };
std::string_view name(ContainerAction action);

/// One run of `docker exec`: output streamed to the callbacks (on the caller's thread) or collected.
struct ExecRequest {
    std::string service;
    std::vector<std::string> argv;
    std::string input; ///< fed to the command's stdin (`docker exec -i`) when not empty
    std::chrono::milliseconds timeout{std::chrono::minutes(10)};
    std::function<void(std::string_view)> onStdout;
    std::function<void(std::string_view)> onStderr;
};

/// The operations on one stack's VPS over a kept SSH connection: the engine, container status and resources,
/// container actions. Reads use the engine's API through an SSH channel to its socket when the account may use
/// it, else the CLI; mutating calls are recorded in the audit log. Safe to call from several threads.
class StackOps {
public:
    StackOps(ssh::SshConnection& ssh, StackLocation location, AuditLog audit);
    ~StackOps();

    /// Asks the server once which engine and compose it runs (cached for the connection's life).
    Result<EngineInfo> engine();
    /// The compose project, from the location or found on the server.
    Result<std::string> project();

    /// Every container of the stack with state, health, restarts, start time, image and ports.
    Result<std::vector<ContainerStatus>> status();
    /// One resource sample of every running container of the stack, joined to its status: one command per sample.
    Result<std::vector<ContainerResources>> resources();

    /// Restarts, stops or starts the containers of a service (recorded in the audit log).
    Result<Done> act(ContainerAction action, const std::string& service);
    /// Runs a command in the service's (first running) container; the result carries its exit status.
    Result<ssh::CommandResult> exec(const ExecRequest& request);

    const StackLocation& location() const { return m_location; }
    ssh::SshConnection& ssh() { return m_ssh; }
    const AuditLog& audit() const { return m_audit; }

    /// Records a mutating operation (for the operations built on this class).
    void record(const std::string& action, const std::string& target, const Result<Done>& outcome);

private:
    Result<std::vector<ContainerStatus>> statusThroughApi(const std::string& project);
    Result<std::vector<ContainerStatus>> statusThroughCli(const std::string& project, const EngineInfo& engine);
    Result<std::vector<ContainerStatus>> containersOf(const std::string& service);

    ssh::SshConnection& m_ssh;
    const StackLocation m_location;
    const AuditLog m_audit;
    std::mutex m_mutex; // guards the cached discoveries below
    std::optional<EngineInfo> m_engine;
    std::optional<std::string> m_project;
    std::unique_ptr<EngineApi> m_api; ///< set once engine() found a socket the account can use
};

} // namespace ragdesk::client::ops
