#pragma once

#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ops/AuditLog.h"
#include "ragdesk/client/ops/engine/Containers.h"
#include "ragdesk/client/ops/engine/Engine.h"
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

/// The reverse proxy in front of the stack, for its maintenance page. Both switch on a flag file in the stack
/// directory that the proxy's config tests (nginx: `if (-f ...) { return 503; }`, seed 002; Caddy: a `file`
/// matcher), so the switch needs no proxy reload.
enum class ReverseProxy { Nginx, Caddy };
std::string_view name(ReverseProxy proxy);

/// Where the stack lives on its VPS and how it is run.
struct StackLocation {
    std::string name; ///< the stack profile's name, for audit records
    std::string stackDir; ///< the compose project's directory, e.g. "/srv/minirag"
    std::string composeProject; ///< empty: found from the stack directory's containers, else its base name
    bool useEngineApi = true; ///< read through an SSH channel to the engine's socket when it allows; else the CLI
    std::string publicUrl; ///< the stack's public base URL, to verify maintenance switches from outside
    ReverseProxy proxy = ReverseProxy::Nginx;
    std::string maintenanceFlag = "maintenance/maintenance.on"; ///< relative to stackDir
    std::string backupDir = "backups"; ///< relative to stackDir, or absolute
    std::vector<std::string> backupPatterns = {"postgres_*.sql.gz", "qdrant_*.snapshot"}; ///< MiniRAG's names
    std::string backupCommand; ///< empty: <stackDir>/scripts/backup.sh (MiniRAG's), else pg_dump through compose

    /// backupDir as an absolute path on the server.
    std::string backupPath() const { return backupDir.starts_with('/') ? backupDir : stackDir + "/" + backupDir; }
};

/// A container verb on one service.
enum class ContainerAction { Restart, Stop, Start };
std::string_view name(ContainerAction action);

/// Whether the maintenance page is on, from the flag file on the server.
struct MaintenanceState {
    bool on = false;
    std::string since; ///< the flag's modification time, ISO-8601 UTC, when on
    std::string by; ///< who switched it on: user@host, or "deploy <run> by user@host"; empty when the flag is bare
    ReverseProxy proxy = ReverseProxy::Nginx;
};

/// What the stack's public URL answered after a maintenance switch: on means pages 503 and health 200; off means
/// pages no longer 503 and health 200.
struct MaintenanceCheck {
    bool verified = false;
    long pageStatus = 0; ///< GET / on the public URL
    long healthStatus = 0; ///< GET /health
    std::string problem; ///< why it is not verified
};

/// One run of `docker exec`: output streamed to the callbacks (on the caller's thread) or collected.
struct ExecRequest {
    std::string service;
    std::vector<std::string> argv;
    std::string input; ///< fed to the command's stdin (`docker exec -i`) when not empty
    std::chrono::milliseconds timeout{std::chrono::minutes(10)};
    std::function<void(std::string_view)> onStdout;
    std::function<void(std::string_view)> onStderr;
    CancelToken cancel; ///< stopping it stops the command, in the container too (see StackOps::exec)
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
    /// Runs a command in the service's (first running) container; the result carries its exit status. When the run
    /// is cancelled (its token, or SshConnection::cancelAll) or times out, the command and what it started are stopped
    /// in the container too (TERM, then KILL after 5 s), and the error says whether that worked.
    Result<ssh::CommandResult> exec(const ExecRequest& request);

    /// The maintenance flag's state.
    Result<MaintenanceState> maintenance();
    /// Turns the maintenance page on or off (audited), then checks through the public URL that the proxy obeys.
    /// A switch that took effect on the server but could not be verified is a result with verified == false.
    Result<MaintenanceCheck> setMaintenance(bool on, const api::HttpOptions& publicHttp = {});
    /// Checks through the public URL that the proxy shows (on) or no longer shows (off) the maintenance page, trying
    /// again for up to `patience` while it does not.
    MaintenanceCheck verifyMaintenance(
        bool on, const api::HttpOptions& publicHttp = {}, std::chrono::seconds patience = std::chrono::seconds(0));

    const StackLocation& location() const { return m_location; }
    ssh::SshConnection& ssh() { return m_ssh; }
    const AuditLog& audit() const { return m_audit; }

    /// The shell command that writes a backup, run in the stack directory with bash: the location's, else the
    /// stack's scripts/backup.sh, else a pg_dump through compose into the backup directory.
    Result<std::string> backupCommand();

    /// Records a mutating operation (for the operations built on this class).
    void record(const std::string& action, const std::string& target, const Result<Done>& outcome);

private:
    Result<std::vector<ContainerStatus>> statusThroughApi(const std::string& project);
    Result<std::vector<ContainerStatus>> statusThroughCli(const std::string& project, const EngineInfo& engine);
    Result<std::vector<ContainerStatus>> containersOf(const std::string& service);
    /// Ends the processes in the container whose environment holds marker (what a cut `docker exec` left).
    Result<Done> stopMarked(const std::string& containerId, const std::string& marker);

    ssh::SshConnection& m_ssh;
    const StackLocation m_location;
    const AuditLog m_audit;
    std::mutex m_discovery; // one engine discovery at a time: callers on other threads wait for its result
    std::mutex m_mutex; // guards the cached discoveries below
    std::optional<EngineInfo> m_engine;
    std::optional<std::string> m_project;
    std::unique_ptr<EngineApi> m_api; ///< set once, by the discovery in engine(), when it found a usable socket
};

} // namespace ragdesk::client::ops
