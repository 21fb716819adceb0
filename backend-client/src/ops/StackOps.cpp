#include "ragdesk/client/ops/StackOps.h"

#include "ops/engine/ContainerParsers.h"
#include "ops/engine/EngineApi.h"
#include "ops/engine/EngineProbe.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <thread>

namespace ragdesk::client::ops {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kReadTimeout = std::chrono::seconds(30);
constexpr auto kActionTimeout = std::chrono::seconds(120);
constexpr auto kStopTimeout = std::chrono::seconds(20); ///< stopMarked: TERM, up to 5 s of grace, KILL

std::string percentEncoded(std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
            encoded += c;
        } else {
            encoded += '%';
            encoded += kHex[byte >> 4];
            encoded += kHex[byte & 15];
        }
    }
    return encoded;
}

/// The Engine API's label filter as a query value: {"label":["key=value"]}.
std::string labelFilter(const std::string& label)
{
    std::string escaped;
    for (const char c : label) {
        if (c == '"' || c == '\\') {
            escaped += '\\';
        }
        escaped += c;
    }
    return percentEncoded(R"({"label":[")" + escaped + R"("]})");
}

/// The program a command line runs, without its directory or arguments: what the audit log keeps of an exec.
std::string commandName(const std::vector<std::string>& argv)
{
    if (argv.empty()) {
        return "(no command)";
    }
    const std::string& program = argv.front();
    return program.substr(program.find_last_of('/') + 1);
}

/// The flag file's first line, as the switch wrote it (who turned maintenance on), bounded and in plain text.
std::string flagHolder(std::string_view line)
{
    std::string holder;
    for (const char c : line.substr(0, 200)) {
        holder += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    }
    return holder;
}

Result<ssh::CommandResult> succeeded(Result<ssh::CommandResult> result, std::string_view what)
{
    if (result && !result->succeeded()) {
        return ssh::remoteFailure(what, *result);
    }
    return result;
}

void sortByServiceAndName(std::vector<ContainerStatus>& containers)
{
    std::sort(containers.begin(), containers.end(), [](const ContainerStatus& a, const ContainerStatus& b) {
        return std::tie(a.service, a.name) < std::tie(b.service, b.name);
    });
}

} // namespace

std::string_view name(ReverseProxy proxy)
{
    return proxy == ReverseProxy::Caddy ? "caddy" : "nginx";
}

std::string_view name(ContainerAction action)
{
    switch (action) {
    case ContainerAction::Restart:
        return "restart";
    case ContainerAction::Stop:
        return "stop";
    case ContainerAction::Start:
        return "start";
    }
    return "?";
}

StackOps::StackOps(ssh::SshConnection& ssh, StackLocation location, AuditLog audit)
    : m_ssh(ssh), m_location(std::move(location)), m_audit(std::move(audit))
{
}

StackOps::~StackOps() = default;

Result<EngineInfo> StackOps::engine()
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_engine) {
            return *m_engine;
        }
    }
    // Two first calls at once (a status refresh and a log read) must not both discover: the second one's EngineApi
    // would replace the first one's while it is in use. The second waits here and takes the first one's result.
    const std::lock_guard discovering(m_discovery);
    {
        const std::lock_guard lock(m_mutex);
        if (m_engine) {
            return *m_engine;
        }
    }
    const auto probe =
        succeeded(m_ssh.run({.argv = {"sh", "-c", std::string(engineProbeScript())}, .timeout = kReadTimeout}),
            "finding the container engine");
    if (!probe) {
        return probe.error();
    }
    EngineInfo info = parseEngineProbe(probe->out);
    auto api = info.socketPath().empty() || !m_location.useEngineApi
        ? nullptr
        : std::make_unique<EngineApi>(m_ssh, info.socketPath());
    if (api) {
        // /_ping answers at once and names the server in its headers; /version makes podman gather ~0.4 s of info.
        if (auto ping = api->getAll({"/_ping"}, Clock::now() + kReadTimeout); ping) {
            readPingIdentity(info, ping->front().header("Libpod-Api-Version"), ping->front().header("Server"));
        } else {
            // A socket this account may not open, or forwarding refused by sshd: the CLI still works.
            spdlog::info(
                "ops: the engine API over SSH is not usable ({}); using the {} CLI", ping.error().message, info.cli);
            api.reset();
        }
    }
    if (info.server == EngineInfo::Server::Unreachable) {
        const auto version = m_ssh.run(
            {.argv = {info.cli, "version", "--format", std::string(serverVersionCommand())}, .timeout = kReadTimeout});
        if (version && version->succeeded()) {
            std::string_view rest = version->out;
            const auto bar = rest.find('|');
            readServerIdentity(info, rest.substr(0, bar), bar == std::string_view::npos ? "" : rest.substr(bar));
        }
    }
    if (info.server == EngineInfo::Server::Unreachable) {
        return Error{.kind = ErrorKind::Remote,
            .message =
                "no container engine answers on the server (tried docker and podman as " + m_ssh.target().user + ")",
            .detail = probe->out + probe->err};
    }
    const std::lock_guard lock(m_mutex);
    m_engine = info;
    m_api = std::move(api);
    return info;
}

Result<std::string> StackOps::project()
{
    {
        const std::lock_guard lock(m_mutex);
        if (!m_location.composeProject.empty()) {
            return m_location.composeProject;
        }
        if (m_project) {
            return *m_project;
        }
    }
    if (m_location.stackDir.empty()) {
        return Error{
            .kind = ErrorKind::Validation, .message = "the stack has neither a directory nor a compose project set"};
    }
    const auto engineInfo = engine();
    if (!engineInfo) {
        return engineInfo.error();
    }
    // Compose labels every container with its project and the directory it was started from.
    const auto found = succeeded(m_ssh.run({.argv = {engineInfo->cli, "ps", "-a", "--filter",
                                                "label=com.docker.compose.project.working_dir=" + m_location.stackDir,
                                                "--format", "{{.Label \"com.docker.compose.project\"}}"},
                                     .timeout = kReadTimeout}),
        "finding the compose project");
    if (!found) {
        return found.error();
    }
    std::string name = found->out.substr(0, found->out.find('\n'));
    if (name.empty()) {
        name = defaultProjectName(m_location.stackDir);
    }
    const std::lock_guard lock(m_mutex);
    m_project = name;
    return name;
}

Result<std::vector<ContainerStatus>> StackOps::status()
{
    const auto engineInfo = engine();
    if (!engineInfo) {
        return engineInfo.error();
    }
    const auto projectName = project();
    if (!projectName) {
        return projectName.error();
    }
    if (m_api) {
        return statusThroughApi(*projectName);
    }
    return statusThroughCli(*projectName, *engineInfo);
}

Result<std::vector<ContainerStatus>> StackOps::statusThroughApi(const std::string& project)
{
    const auto deadline = Clock::now() + kReadTimeout;
    const auto listed = m_api->getAll(
        {"/containers/json?all=1&filters=" + labelFilter("com.docker.compose.project=" + project)}, deadline);
    if (!listed) {
        return listed.error();
    }
    auto containers = parse::engineContainerList(listed->front().body);
    if (!containers || containers->empty()) {
        return containers;
    }
    std::vector<std::string> targets;
    for (const auto& container : *containers) {
        targets.push_back("/containers/" + container.id + "/json");
    }
    const auto inspected = m_api->getAll(targets, deadline);
    if (!inspected) {
        return inspected.error();
    }
    std::vector<ContainerStatus> details;
    for (const auto& response : *inspected) {
        auto one = parse::inspectOne(response.body);
        if (!one) {
            return one.error();
        }
        details.push_back(std::move(one).value());
    }
    return parse::mergeInspect(std::move(containers).value(), details);
}

Result<std::vector<ContainerStatus>> StackOps::statusThroughCli(const std::string& project, const EngineInfo& engine)
{
    // One command: the ids of the project's containers, then one inspect of them all.
    const auto result = succeeded(
        m_ssh.run({.argv = {"sh", "-c",
                       "ids=$(\"$1\" ps -aq --no-trunc --filter \"label=com.docker.compose.project=$2\") || exit; "
                       "if [ -z \"$ids\" ]; then echo '[]'; else \"$1\" inspect $ids; fi",
                       "sh", engine.cli, project},
            .timeout = kReadTimeout}),
        "listing the stack's containers");
    if (!result) {
        return result.error();
    }
    auto containers = parse::inspectArray(result->out);
    if (containers) {
        sortByServiceAndName(containers.value());
    }
    return containers;
}

Result<std::vector<ContainerResources>> StackOps::resources()
{
    auto containers = status();
    if (!containers) {
        return containers.error();
    }
    std::vector<std::string> argv = {engine()->cli, "stats", "--no-stream", "--no-trunc", "--format", "{{json .}}"};
    for (const auto& container : *containers) {
        if (container.state == ContainerState::Running) {
            argv.push_back(container.id);
        }
    }
    if (argv.size() == 6) {
        return parse::joinResources(*containers, {});
    }
    const auto sampled = succeeded(m_ssh.run({.argv = argv, .timeout = kReadTimeout}), "sampling resources");
    if (!sampled) {
        return sampled.error();
    }
    const auto samples = parse::statsLines(sampled->out);
    if (!samples) {
        return samples.error();
    }
    return parse::joinResources(*containers, *samples);
}

Result<std::vector<ContainerStatus>> StackOps::containersOf(const std::string& service)
{
    auto containers = status();
    if (!containers) {
        return containers.error();
    }
    std::vector<ContainerStatus> matching;
    std::string known;
    for (auto& container : *containers) {
        if (container.service == service) {
            matching.push_back(std::move(container));
        } else if (known.find(container.service) == std::string::npos) {
            known += (known.empty() ? "" : ", ") + container.service;
        }
    }
    if (matching.empty()) {
        return Error{.kind = ErrorKind::NotFound,
            .message = "the stack has no service \"" + service + "\" (services: " + known + ")"};
    }
    return matching;
}

Result<Done> StackOps::act(ContainerAction action, const std::string& service)
{
    const auto outcome = [&]() -> Result<Done> {
        const auto containers = containersOf(service);
        if (!containers) {
            return containers.error();
        }
        std::vector<std::string> argv = {engine()->cli, std::string(name(action))};
        for (const auto& container : *containers) {
            argv.push_back(container.id);
        }
        const auto done =
            succeeded(m_ssh.run({.argv = argv, .timeout = kActionTimeout}), std::string(name(action)) + " " + service);
        if (!done) {
            return done.error();
        }
        return Done{};
    }();
    record(std::string(name(action)), service, outcome);
    return outcome;
}

Result<ssh::CommandResult> StackOps::exec(const ExecRequest& request)
{
    if (request.cancel.stop_requested()) {
        return cancelledError("exec in " + request.service + " cancelled before it started");
    }
    auto containers = containersOf(request.service);
    if (!containers) {
        return containers.error();
    }
    const auto running = std::find_if(containers->begin(), containers->end(),
        [](const ContainerStatus& container) { return container.state == ContainerState::Running; });
    if (running == containers->end()) {
        return Error{.kind = ErrorKind::Conflict, .message = "no container of " + request.service + " is running"};
    }
    // The command and everything it starts inherit a marker in their environment: a cancelled or timed-out run
    // ends only the SSH side of `docker exec`, and the marker finds what is left of it in the container.
    const std::string marker = fmt::format("RAGDESK_EXEC={:08x}{:08x}", std::random_device{}(), std::random_device{}());
    std::vector<std::string> argv = {engine()->cli, "exec", "-e", marker};
    if (!request.input.empty()) {
        argv.emplace_back("-i");
    }
    argv.push_back(running->id);
    argv.insert(argv.end(), request.argv.begin(), request.argv.end());
    auto result = m_ssh.run({.argv = argv,
        .input = request.input,
        .timeout = request.timeout,
        .onStdout = request.onStdout,
        .onStderr = request.onStderr,
        .cancel = request.cancel});
    if (!result && (result.error().kind == ErrorKind::Cancelled || result.error().kind == ErrorKind::Timeout)) {
        const auto stopped = stopMarked(running->id, marker);
        Error error = result.error();
        error.message += stopped ? "; the command was stopped in the container"
                                 : "; the command may still run in the container (" + stopped.error().message + ")";
        result = std::move(error);
    }
    // The command's name only: its arguments may hold a password (psql -c "... PASSWORD '...'").
    record("exec", request.service + ": " + commandName(request.argv),
        !result                   ? Result<Done>(result.error())
            : result->succeeded() ? Result<Done>(Done{})
                                  : Result<Done>(ssh::remoteFailure("exec", *result)));
    return result;
}

Result<Done> StackOps::stopMarked(const std::string& containerId, const std::string& marker)
{
    // TERM to every process whose environment holds the marker, KILL to what is left after 5 s. Needs sh, tr and
    // grep in the container (Debian, Alpine and busybox images have them; distroless ones do not).
    static constexpr const char* script =
        "m=$1; scan() { for e in /proc/[0-9]*/environ; do if tr '\\0' '\\n' < \"$e\" 2>/dev/null | "
        "grep -qxF -- \"$m\"; then p=${e#/proc/}; echo \"${p%/environ}\"; fi; done; }; "
        "p=$(scan); [ -z \"$p\" ] && exit 0; kill -TERM $p 2>/dev/null; i=0; "
        "while [ $i -lt 50 ]; do sleep 0.1; p=$(scan); [ -z \"$p\" ] && exit 0; i=$((i+1)); done; "
        "kill -KILL $p 2>/dev/null; exit 0";
    const auto engineInfo = engine();
    if (!engineInfo) {
        return engineInfo.error();
    }
    const auto stopped =
        succeeded(m_ssh.run({.argv = {engineInfo->cli, "exec", containerId, "sh", "-c", script, "stop", marker},
                      .timeout = kStopTimeout}),
            "stopping it");
    if (!stopped) {
        return stopped.error();
    }
    return Done{};
}

Result<std::string> StackOps::backupCommand()
{
    if (!m_location.backupCommand.empty()) {
        return m_location.backupCommand;
    }
    const auto engineInfo = engine();
    if (!engineInfo) {
        return engineInfo.error();
    }
    const auto compose = ssh::shellCommandLine(engineInfo->composeCommand());
    if (!compose) {
        return compose.error();
    }
    const std::string dir = ssh::shellQuote(m_location.backupPath());
    return "if [ -x scripts/backup.sh ]; then BACKUP_DIR=" + dir + " scripts/backup.sh; else mkdir -p " + dir +
        " && f=" + dir + "/postgres_$(date +%Y%m%d_%H%M%S).sql.gz && " + *compose +
        " exec -T postgres sh -c 'pg_dump -U \"$POSTGRES_USER\" --no-owner \"$POSTGRES_DB\"' | gzip -c > "
        "\"$f.partial\" && mv \"$f.partial\" \"$f\"; fi";
}

Result<MaintenanceState> StackOps::maintenance()
{
    const auto flag = m_location.stackDir + "/" + m_location.maintenanceFlag;
    // The first line is the switch time; the second, when there is one, who switched (the flag's first line).
    const auto result =
        m_ssh.run({.argv = {"sh", "-c",
                       "[ ! -e \"$1\" ] || { date -u -r \"$1\" +%Y-%m-%dT%H:%M:%SZ && head -n 1 \"$1\"; }", "sh", flag},
            .timeout = kReadTimeout});
    if (!result) {
        return result.error();
    }
    if (!result->succeeded()) {
        return ssh::remoteFailure("reading the maintenance flag", *result);
    }
    const std::string_view out = result->out;
    const auto firstEnd = std::min(out.find('\n'), out.size());
    const std::string_view rest = out.substr(std::min(firstEnd + 1, out.size()));
    const std::string since(out.substr(0, firstEnd));
    return MaintenanceState{.on = !since.empty(),
        .since = since,
        .by = flagHolder(rest.substr(0, rest.find('\n'))),
        .proxy = m_location.proxy};
}

Result<MaintenanceCheck> StackOps::setMaintenance(bool on, const api::HttpOptions& publicHttp)
{
    const auto flag = m_location.stackDir + "/" + m_location.maintenanceFlag;
    const auto switched = succeeded(
        m_ssh.run({.argv = {"sh", "-c",
                       on ? "mkdir -p \"$(dirname \"$1\")\" && printf '%s\\n' \"$2\" > \"$1\"" : "rm -f \"$1\"", "sh",
                       flag, AuditLog::localActor()},
            .timeout = kReadTimeout}),
        on ? "turning maintenance on" : "turning maintenance off");
    const std::string action = on ? "maintenance on" : "maintenance off";
    if (!switched) {
        record(action, m_location.name, switched.error());
        return switched.error();
    }
    record(action, m_location.name, Done{});
    // nginx tests the flag on every request: the answer changes at once. A few tries cover a proxy that caches.
    return verifyMaintenance(on, publicHttp, std::chrono::seconds(10));
}

MaintenanceCheck StackOps::verifyMaintenance(bool on, const api::HttpOptions& publicHttp, std::chrono::seconds patience)
{
    MaintenanceCheck check;
    if (m_location.publicUrl.empty()) {
        check.problem = "no public URL set for this stack, so the maintenance page was not checked from outside";
        return check;
    }
    api::HttpClient http(m_location.publicUrl, publicHttp);
    const auto deadline = Clock::now() + patience;
    for (;;) {
        const auto page = http.send({.method = "GET", .path = "/"});
        const auto health = http.send({.method = "GET", .path = "/health"});
        check.pageStatus = page ? page->status : 0;
        check.healthStatus = health ? health->status : 0;
        const bool pageAsExpected = on ? check.pageStatus == 503 : check.pageStatus != 503 && check.pageStatus != 0;
        check.verified = pageAsExpected && check.healthStatus == 200;
        if (check.verified || Clock::now() >= deadline) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250)); // a poll interval, bounded by the deadline
    }
    if (!check.verified) {
        check.problem = "the public URL answers " + std::to_string(check.pageStatus) + " for / and " +
            std::to_string(check.healthStatus) + " for /health; expected " + (on ? "503" : "not 503") +
            " and 200 — is the " + std::string(name(m_location.proxy)) + " config testing " +
            m_location.maintenanceFlag + "?";
    }
    return check;
}

void StackOps::record(const std::string& action, const std::string& target, const Result<Done>& outcome)
{
    AuditRecord record{.time = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()),
        .actor = AuditLog::localActor(),
        .stack = m_location.name,
        .action = action,
        .target = target,
        .outcome = outcome                                 ? "ok"
            : outcome.error().kind == ErrorKind::Cancelled ? "cancelled"
                                                           : "failed",
        .detail = outcome ? "" : outcome.error().message};
    if (auto written = m_audit.append(record, &m_ssh); !written) {
        spdlog::warn("ops: audit record of {} {} not written: {}", action, target, written.error().message);
    }
}

} // namespace ragdesk::client::ops
