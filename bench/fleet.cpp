// The fleet overview polling five stacks (issue #17): the devstack configured five times, each read at a glance over
// its own kept connection by the app's StackDirectory and FleetPage (offscreen, in this process) for one minute.
// Prints the process's CPU over the minute (every thread; goal < 1 % of a core) and each refresh's latency — a whole
// glance, its parts read at the same time — next to the floor measured in the same run: `docker ps` timed on the
// server itself, as an operator's script would run it (goal: median latency <= 1.2x the floor's median).
// RAGDESK_BENCH_SMOKE=1 polls for 20 s.
#include "DevstackBench.h"

#include "bridge/SecretStore.h"
#include "bridge/StackDirectory.h"
#include "pages/FleetPage.h"

#include "ragdesk/client/ops/StackOps.h"
#include "ragdesk/client/ssh/SshConnection.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <map>
#include <vector>

namespace {

using ragdesk::bench::env;

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& time) { return time.tv_sec + time.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double percentile(std::vector<double> values, double share)
{
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<size_t>(share * static_cast<double>(values.size())))];
}

ragdesk::client::StackProfile devstackAs(const std::string& name)
{
    return ragdesk::client::StackProfile{.name = name,
        .apiUrl = env("RAGDESK_API_URL"),
        .sshHost = env("RAGDESK_SSH_HOST"),
        .sshPort = static_cast<std::uint16_t>(std::stoi(env("RAGDESK_SSH_PORT"))),
        .sshUser = env("RAGDESK_SSH_USER"),
        .sshKeyPath = env("RAGDESK_SSH_KEY"),
        .sshKnownHostsFile = env("RAGDESK_KNOWN_HOSTS"),
        .stackDir = env("RAGDESK_STACK_DIR"),
        .composeProject = env("RAGDESK_COMPOSE_PROJECT")};
}

/// `docker ps` timed on the server, `count` times, in milliseconds: what the glance's container part replaces.
std::vector<double> dockerPsOnTheServer(int count)
{
    ragdesk::client::ssh::SshConnection ssh(ragdesk::bench::devstackSshTarget());
    ragdesk::client::ops::StackOps ops(ssh,
        ragdesk::client::ops::StackLocation{.name = "floor", .stackDir = env("RAGDESK_STACK_DIR")},
        ragdesk::client::ops::AuditLog("/dev/null", {}));
    const auto engine = ops.engine();
    if (!engine) {
        throw std::runtime_error("engine: " + engine.error().message);
    }
    std::vector<double> times;
    for (int i = 0; i < count; ++i) {
        const auto timed = ssh.run({.argv = {"sh", "-c",
                                        "s=$(date +%s%N); DOCKER_HOST=unix://$1 docker ps >/dev/null || exit 1; "
                                        "e=$(date +%s%N); echo $(( (e - s) / 1000 ))",
                                        "sh", engine->socketPath()}});
        if (!timed || !timed->succeeded()) {
            throw std::runtime_error("docker ps on the server failed");
        }
        times.push_back(std::stod(timed->out) / 1000.0);
    }
    return times;
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    try {
        const bool smoke = std::getenv("RAGDESK_BENCH_SMOKE") != nullptr;
        const int window = smoke ? 20 : 60; // the probes come every 15 s
        constexpr int kStacks = 5;
        QTemporaryDir dir;
        ragdesk::ui::SecretStore secrets(QStringLiteral("RagDesk-bench"));
        std::vector<ragdesk::client::StackProfile> profiles;
        for (int i = 1; i <= kStacks; ++i) {
            profiles.push_back(devstackAs("stack-" + std::to_string(i)));
        }
        ragdesk::ui::StackDirectory stacks(
            std::filesystem::path(dir.path().toStdString()) / "stacks.json", profiles, std::nullopt, &secrets);
        ragdesk::ui::FleetPage page(&stacks);
        page.resize(1200, 400);
        page.show();

        // Each new glance of each stack, by the time its probe finished.
        std::vector<double> latencies;
        std::map<std::string, QDateTime> seen;
        bool measuring = false;
        QObject::connect(&page, &ragdesk::ui::FleetPage::updated, [&] {
            for (const auto& row : page.fleet()->records()) {
                if (row.ssh.glance && seen[row.profile.name] != row.ssh.checkedAt) {
                    seen[row.profile.name] = row.ssh.checkedAt;
                    if (measuring) {
                        latencies.push_back(static_cast<double>(row.ssh.glance->took.count()));
                    }
                }
            }
        });
        stacks.startHealthChecks();
        // The first round logs in to each stack and discovers its engine: left out, as a page's first load is.
        QElapsedTimer settle;
        settle.start();
        while (seen.size() < kStacks && settle.elapsed() < 60000) {
            QApplication::processEvents(QEventLoop::AllEvents, 50);
        }
        measuring = true;
        const double cpuBefore = processCpuSeconds();
        QElapsedTimer clock;
        clock.start();
        QTimer::singleShot(window * 1000, &app, &QApplication::quit);
        QApplication::exec();
        const double cpu = (processCpuSeconds() - cpuBefore) / (static_cast<double>(clock.elapsed()) / 1000.0) * 100;

        const std::vector<double> floor = dockerPsOnTheServer(smoke ? 5 : 20);
        const double medianLatency = percentile(latencies, 0.5);
        const double medianFloor = percentile(floor, 0.5);
        std::printf("fleet of %d stacks polled for %d s: CPU %.2f %% of a core (goal < 1 %%)\n", kStacks, window, cpu);
        std::printf("refresh latency per stack (a whole glance, %zu refreshes): median %.0f ms, p95 %.0f ms\n",
            latencies.size(), medianLatency, percentile(latencies, 0.95));
        std::printf("floor, docker ps timed on the server (%zu runs): median %.0f ms, p95 %.0f ms\n", floor.size(),
            medianFloor, percentile(floor, 0.95));
        std::printf("ratio median latency / median floor: %.2fx (goal <= 1.2x)\n",
            medianFloor > 0 ? medianLatency / medianFloor : 0.0);
        if (latencies.empty()) {
            throw std::runtime_error("no glance arrived while polling");
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_fleet: %s\n", e.what());
        return 1;
    }
    return 0;
}
