#include "JsonViews.h"
#include "OpsVerbs.h"
#include "Output.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace ragdesk::ragctl {
namespace {

using client::ops::ContainerResources;
using client::ops::ContainerState;
using client::ops::ContainerStatus;
using client::ops::Health;
using client::ops::PortMapping;
using Clock = std::chrono::steady_clock;

/// "postgres:16" for "docker.io/library/postgres:16"; a digest is cut to 12 hex digits.
std::string shortImage(const std::string& image)
{
    const size_t at = image.find('@');
    const std::string name = image.substr(0, at);
    std::string shortName = name.substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
    if (at != std::string::npos) {
        const std::string digest = image.substr(at + 1);
        shortName += "@" + digest.substr(digest.find(':') == std::string::npos ? 0 : digest.find(':') + 1, 12);
    }
    return shortName;
}

/// As docker ps prints them: "0.0.0.0:8080->80/tcp", "[::]:8080->80/tcp", or "5432/tcp" when only exposed.
std::string portsText(const std::vector<PortMapping>& ports)
{
    std::string text;
    for (const PortMapping& port : ports) {
        std::string one = std::to_string(port.containerPort) + "/" + port.protocol;
        if (port.hostPort != 0) {
            const std::string ip = port.hostIp.find(':') != std::string::npos ? "[" + port.hostIp + "]" : port.hostIp;
            one = (ip.empty() ? "" : ip + ":") + std::to_string(port.hostPort) + "->" + one;
        }
        text += (text.empty() ? "" : ", ") + one;
    }
    return text.empty() ? "-" : text;
}

std::string stateText(const ContainerStatus& container)
{
    std::string text(client::ops::name(container.state));
    if (container.state == ContainerState::Exited || container.state == ContainerState::Dead) {
        text += " (" + std::to_string(container.exitCode) + ")";
    }
    return text;
}

std::string upText(const ContainerStatus& container)
{
    if (container.state != ContainerState::Running || !container.startedAt) {
        return "-";
    }
    return humanAge(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now() - *container.startedAt));
}

/// Running, and healthy when it has a healthcheck: what a script waiting for the stack wants.
bool isGood(const ContainerStatus& container)
{
    return container.state == ContainerState::Running &&
        (container.health == Health::None || container.health == Health::Healthy);
}

/// The service name, or the container name where it does not tell containers apart (scaled or no compose label).
std::vector<std::string> labelsOf(const std::vector<const ContainerStatus*>& containers)
{
    std::map<std::string, int> perService;
    for (const ContainerStatus* container : containers) {
        ++perService[container->service];
    }
    std::vector<std::string> labels;
    for (const ContainerStatus* container : containers) {
        const bool unique = !container->service.empty() && perService[container->service] == 1;
        labels.push_back(unique ? container->service : container->name);
    }
    return labels;
}

template <typename T, typename StatusOf> void sortByService(std::vector<T>& items, StatusOf statusOf)
{
    std::sort(items.begin(), items.end(), [&](const T& a, const T& b) {
        return std::tie(statusOf(a).service, statusOf(a).name) < std::tie(statusOf(b).service, statusOf(b).name);
    });
}

ExitCode runStatus(OpsContext& ops, const ParsedArgs&)
{
    CommandContext& context = ops.command();
    auto [engine, project, containers] = ops.interruptible([&] {
        client::ops::StackOps& stack = ops.ops();
        return std::tuple(ops.unwrap(stack.engine()), ops.unwrap(stack.project()), ops.unwrap(stack.status()));
    });
    sortByService(containers, [](const ContainerStatus& container) -> const ContainerStatus& { return container; });

    if (context.json()) {
        context.printJson({{"stack", ops.stack().name}, {"project", project}, {"engine", wire::of(engine)},
            {"containers", wire::array(containers)}});
    } else {
        context.out() << OpsContext::describe(engine) << ", project " << project << '\n';
        Table table({"SERVICE", "STATE", "HEALTH", "RESTARTS", "UP", "IMAGE", "REVISION", "PORTS"});
        std::vector<const ContainerStatus*> pointers;
        for (const ContainerStatus& container : containers) {
            pointers.push_back(&container);
        }
        const std::vector<std::string> labels = labelsOf(pointers);
        for (size_t i = 0; i < containers.size(); ++i) {
            const ContainerStatus& container = containers[i];
            table.add({labels[i], stateText(container),
                container.health == Health::None ? "-" : std::string(client::ops::name(container.health)),
                std::to_string(container.restartCount), upText(container), shortImage(container.image),
                container.imageRevision.empty() ? "-" : container.imageRevision.substr(0, 12),
                portsText(container.ports)});
        }
        table.print(context.out());
    }

    if (containers.empty()) {
        context.err() << "ragctl: project " << project << " has no containers\n";
        return ExitCode::Failure;
    }
    std::string problems;
    for (const ContainerStatus& container : containers) {
        if (!isGood(container)) {
            problems += (problems.empty() ? "" : ", ") +
                (container.service.empty() ? container.name : container.service) + " " +
                (container.state == ContainerState::Running ? std::string(client::ops::name(container.health))
                                                            : stateText(container));
        }
    }
    if (!problems.empty()) {
        context.err() << "ragctl: not every container is running and healthy: " << problems << '\n';
        return ExitCode::Failure;
    }
    return ExitCode::Ok;
}

std::string percent(double value)
{
    return fmt::format("{:.2f}%", value);
}

// With a heading, the table follows a line with the sample's time, the project and the heading.
void printSample(CommandContext& context, const std::string& project, std::vector<ContainerResources> entries,
    const std::optional<std::string>& heading)
{
    sortByService(entries, [](const ContainerResources& entry) -> const ContainerStatus& { return entry.container; });
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (context.json()) {
        context.printJson({{"time", wire::utc(now)}, {"project", project}, {"containers", wire::array(entries)}});
        return;
    }
    if (heading) {
        context.out() << fmt::format("{:%Y-%m-%d %H:%M:%S} UTC, project {}{}\n", now, project, *heading);
    }
    Table table({"SERVICE", "CPU %", "MEM / LIMIT", "MEM %", "NET RX / TX", "BLOCK R / W", "PIDS"});
    std::vector<const ContainerStatus*> pointers;
    for (const ContainerResources& entry : entries) {
        pointers.push_back(&entry.container);
    }
    const std::vector<std::string> labels = labelsOf(pointers);
    for (size_t i = 0; i < entries.size(); ++i) {
        if (!entries[i].resources) {
            table.add({labels[i], "-", stateText(entries[i].container), "-", "-", "-", "-"});
            continue;
        }
        const client::ops::ResourceSample& sample = *entries[i].resources;
        table.add({labels[i], percent(sample.cpuPercent),
            humanBytes(sample.memoryUsedBytes) + " / " + humanBytes(sample.memoryLimitBytes),
            percent(sample.memoryPercent), humanBytes(sample.netRxBytes) + " / " + humanBytes(sample.netTxBytes),
            humanBytes(sample.blockReadBytes) + " / " + humanBytes(sample.blockWriteBytes),
            std::to_string(sample.pids)});
    }
    table.print(context.out());
    context.out().flush();
}

ExitCode runStats(OpsContext& ops, const ParsedArgs& args)
{
    CommandContext& context = ops.command();
    const std::optional<int> every = args.intValue("--watch", 1, 3600);
    // On a terminal each sample replaces the last; elsewhere (a file, a pipe) they follow one another.
    const bool redraw = every && !context.json() && context.terminal().stdoutIsTerminal();
    return ops.interruptible([&] {
        const std::string project = ops.unwrap(ops.ops().project());
        auto next = Clock::now();
        for (bool first = true;; first = false) {
            client::Result<std::vector<ContainerResources>> sample = ops.ops().resources();
            if (!sample && ops.interrupted()) {
                return ExitCode::Interrupted; // Ctrl-C during a sample ends the watch as quietly as between two
            }
            if (redraw) {
                context.out() << "\x1b[H\x1b[2J"; // cursor home, clear the screen
            } else if (!first && !context.json()) {
                context.out() << '\n';
            }
            printSample(context, project, ops.unwrap(std::move(sample)),
                every ? std::optional<std::string>(redraw ? fmt::format(", every {} s (Ctrl-C stops)", *every) : "")
                      : std::nullopt);
            if (!every) {
                return ExitCode::Ok;
            }
            // A sample that took longer than the interval is followed by the next at once, not by a burst.
            next = std::max(next + std::chrono::seconds(*every), Clock::now());
            if (!ops.sleepUntil(next)) {
                return ExitCode::Interrupted;
            }
        }
    });
}

} // namespace

std::vector<VerbSpec> opsStatusVerbs()
{
    return {{.name = "status",
                .summary = "Show every container of the stack: state, health, restarts, uptime, image, ports.",
                .details = "The first line names the container engine, its compose and the compose project.\n"
                           "Exit code 0 when every container is running and, where it has a healthcheck, healthy; "
                           "1 when one\nis not (named on stderr), so scripts can wait on it. --json prints "
                           "{stack, project, engine,\ncontainers} with states and health as docker's lower-case "
                           "words and times in ISO-8601 UTC.",
                .run = opsHandler(runStatus)},
        {.name = "stats",
            .summary = "Sample each container's CPU, memory, network and block I/O and process count.",
            .options = {{"--watch", "SECONDS", "sample again every SECONDS until Ctrl-C (exit code 130)"}},
            .details = "One `docker stats` sample over the kept SSH connection, so --watch costs one command per "
                       "sample.\nOn a terminal --watch redraws the table; piped, samples follow one another, each "
                       "after a line\nwith its time. --json prints one JSON document per sample (NDJSON with "
                       "--watch); a container\nthat is not running has null values.",
            .run = opsHandler(runStats)}};
}

} // namespace ragdesk::ragctl
