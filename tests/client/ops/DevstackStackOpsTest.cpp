// StackOps on the devstack's "VPS": podman behind the docker CLI, docker-compose v1, over the real sshd.
#include "DevstackControl.h"
#include "DevstackSsh.h"
#include "LocalShell.h"
#include "WaitUntil.h"

#include "ragdesk/client/ops/StackGlance.h"
#include "ragdesk/client/ops/StackOps.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <fstream>
#include <random>
#include <set>
#include <thread>

using namespace std::chrono_literals;
using ragdesk::client::Error;
using ragdesk::client::ErrorKind;
using ragdesk::client::Result;
using ragdesk::client::ops::AuditLog;
using ragdesk::client::ops::ContainerAction;
using ragdesk::client::ops::ContainerState;
using ragdesk::client::ops::ContainerStatus;
using ragdesk::client::ops::EngineInfo;
using ragdesk::client::ops::Health;
using ragdesk::client::ops::ReverseProxy;
using ragdesk::client::ops::StackLocation;
using ragdesk::client::ops::StackOps;
using ragdesk::client::ssh::SshConnection;
using ragdesk::test::devstackEnv;
using ragdesk::test::devstackSshTarget;
using ragdesk::test::readFile;
using ragdesk::test::runLocal;
using ragdesk::test::TempDir;

namespace {

/// A StackOps on the devstack with its audit log in a temp dir.
class DevstackOps : public ::testing::Test {
protected:
    StackLocation location(bool engineApi = true, bool withProject = true) const
    {
        return StackLocation{.name = "devstack",
            .stackDir = devstackEnv("RAGDESK_STACK_DIR"),
            .composeProject = withProject ? devstackEnv("RAGDESK_COMPOSE_PROJECT") : "",
            .useEngineApi = engineApi};
    }
    AuditLog audit() const { return AuditLog(m_dir.path() / "audit.jsonl", devstackEnv("RAGDESK_STACK_DIR")); }

    const ContainerStatus* find(const std::vector<ContainerStatus>& containers, const std::string& service)
    {
        const auto it = std::find_if(containers.begin(), containers.end(),
            [&](const ContainerStatus& container) { return container.service == service; });
        return it == containers.end() ? nullptr : &*it;
    }

    TempDir m_dir;
    SshConnection m_ssh{devstackSshTarget()};
};

} // namespace

TEST_F(DevstackOps, DevstackEngineIsPodmanBehindTheDockerCliWithComposeV1)
{
    StackOps ops(m_ssh, location(), audit());
    const auto engine = ops.engine();
    ASSERT_TRUE(engine) << engine.error().message;
    EXPECT_EQ(engine->server, EngineInfo::Server::Podman);
    EXPECT_EQ(engine->cli, "docker");
    EXPECT_FALSE(engine->cliVersion.empty());
    EXPECT_EQ(engine->compose, EngineInfo::Compose::V1Standalone);
    EXPECT_EQ(engine->composeVersion.rfind("1.", 0), 0u) << engine->composeVersion;
    EXPECT_EQ(
        engine->socketPath(), "/run/ragdesk-devstack/" + devstackEnv("RAGDESK_DEVSTACK_INSTANCE") + "/docker.sock");
}

TEST_F(DevstackOps, DevstackProjectIsFoundFromTheStackDirectory)
{
    StackOps ops(m_ssh, location(true, false), audit());
    const auto project = ops.project();
    ASSERT_TRUE(project) << project.error().message;
    EXPECT_EQ(*project, devstackEnv("RAGDESK_COMPOSE_PROJECT"));
}

TEST_F(DevstackOps, DevstackStatusShowsEveryServiceWithHealthThroughApiAndCli)
{
    for (const bool engineApi : {true, false}) {
        SCOPED_TRACE(engineApi ? "engine API" : "CLI");
        StackOps ops(m_ssh, location(engineApi), audit());
        const auto containers = ops.status();
        ASSERT_TRUE(containers) << containers.error().message;
        std::set<std::string> services;
        for (const auto& container : *containers) {
            services.insert(container.service);
            EXPECT_EQ(container.project, devstackEnv("RAGDESK_COMPOSE_PROJECT"));
            EXPECT_EQ(container.state, ContainerState::Running) << container.name;
            EXPECT_EQ(container.id.size(), 64u) << container.name;
            EXPECT_TRUE(container.startedAt.has_value()) << container.name;
            EXPECT_FALSE(container.image.empty()) << container.name;
        }
        EXPECT_EQ(services, (std::set<std::string>{"noise", "postgres", "proxy", "redis", "web", "worker"}));
        for (const auto* service : {"proxy", "web", "worker", "postgres", "redis"}) {
            const auto* container = find(*containers, service);
            ASSERT_NE(container, nullptr);
            EXPECT_EQ(container->health, Health::Healthy) << service;
        }
        EXPECT_EQ(find(*containers, "noise")->health, Health::None);
        const auto* proxy = find(*containers, "proxy");
        const std::string apiPort =
            devstackEnv("RAGDESK_API_URL").substr(devstackEnv("RAGDESK_API_URL").rfind(':') + 1);
        ASSERT_FALSE(proxy->ports.empty());
        EXPECT_EQ(proxy->ports.front().hostPort, std::stoi(apiPort));
        // The release identity the deploy views show: the web image's revision label.
        EXPECT_EQ(find(*containers, "web")->imageRevision.size(), 40u) << find(*containers, "web")->imageRevision;
    }
}

TEST_F(DevstackOps, DevstackFirstCallsFromSeveralThreadsShareOneDiscovery)
{
    // A page's status refresh and a log read start together on a fresh session: both must work, on one engine API.
    StackOps ops(m_ssh, location(), audit());
    std::vector<Result<std::vector<ContainerStatus>>> results(4, Error{});
    std::vector<std::thread> callers;
    for (auto& result : results) {
        callers.emplace_back([&ops, &result] { result = ops.status(); });
    }
    for (std::thread& caller : callers) {
        caller.join();
    }
    for (const auto& result : results) {
        ASSERT_TRUE(result) << result.error().message;
        EXPECT_GE(result->size(), 6u);
    }
}

TEST_F(DevstackOps, DevstackKilledContainerShowsAsExitedAndStartsAgain)
{
    StackOps ops(m_ssh, location(), audit());
    const auto before = ops.status();
    ASSERT_TRUE(before) << before.error().message;
    const int restartsBefore = find(*before, "noise")->restartCount;
    const auto killed = m_ssh.run({.argv = {"docker", "kill", find(*before, "noise")->id}});
    ASSERT_TRUE(killed && killed->succeeded()) << (killed ? killed->err : killed.error().message);

    const auto after = ops.status();
    ASSERT_TRUE(after) << after.error().message;
    const auto* noise = find(*after, "noise");
    EXPECT_EQ(noise->state, ContainerState::Exited);
    EXPECT_EQ(noise->exitCode, 137);
    EXPECT_TRUE(noise->finishedAt.has_value());

    ASSERT_TRUE(ops.act(ContainerAction::Start, "noise"));
    const auto restarted = ops.status();
    ASSERT_TRUE(restarted) << restarted.error().message;
    EXPECT_EQ(find(*restarted, "noise")->state, ContainerState::Running);
    EXPECT_GE(find(*restarted, "noise")->restartCount, restartsBefore);
}

TEST_F(DevstackOps, DevstackResourcesAreParsedForEveryRunningContainer)
{
    StackOps ops(m_ssh, location(), audit());
    const auto resources = ops.resources();
    ASSERT_TRUE(resources) << resources.error().message;
    ASSERT_EQ(resources->size(), 6u);
    for (const auto& entry : *resources) {
        ASSERT_TRUE(entry.resources.has_value()) << entry.container.name;
        EXPECT_GT(entry.resources->memoryUsedBytes, 0u) << entry.container.name;
        EXPECT_GT(entry.resources->memoryLimitBytes, entry.resources->memoryUsedBytes) << entry.container.name;
        EXPECT_GE(entry.resources->pids, 1u) << entry.container.name;
        EXPECT_GE(entry.resources->cpuPercent, 0.0) << entry.container.name;
    }
}

TEST_F(DevstackOps, DevstackExecRunsInTheServicesContainerWithStdin)
{
    StackOps ops(m_ssh, location(), audit());
    const auto hostname = ops.exec({.service = "redis", .argv = {"redis-cli", "ping"}});
    ASSERT_TRUE(hostname) << hostname.error().message;
    EXPECT_EQ(hostname->out, "PONG\n");
    const auto echoed = ops.exec({.service = "web", .argv = {"cat"}, .input = "it's $(here)\n"});
    ASSERT_TRUE(echoed) << echoed.error().message;
    EXPECT_EQ(echoed->out, "it's $(here)\n");
    const auto failing = ops.exec({.service = "web", .argv = {"sh", "-c", "exit 4"}});
    ASSERT_TRUE(failing);
    EXPECT_EQ(failing->exitStatus, 4);
    const auto unknown = ops.exec({.service = "nosuch", .argv = {"true"}});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind, ErrorKind::NotFound);
    EXPECT_NE(unknown.error().message.find("web"), std::string::npos) << unknown.error().message;
}

TEST_F(DevstackOps, DevstackExecIsAuditedByTheCommandsNameNeverItsArguments)
{
    StackOps ops(m_ssh, location(), audit());
    const std::string password = "s3cret-" + ragdesk::test::uniqueName("pw");
    const auto run = ops.exec({.service = "web", .argv = {"/bin/sh", "-c", "echo -n; : " + password}});
    ASSERT_TRUE(run && run->succeeded()) << (run ? run->err : run.error().message);

    const auto local = ops.audit().readLocal();
    ASSERT_TRUE(local) << local.error().message;
    ASSERT_EQ(local->size(), 1u);
    EXPECT_EQ(local->back().action, "exec");
    EXPECT_EQ(local->back().target, "web: sh");
    const auto remote = ops.audit().readRemote(m_ssh, 50);
    ASSERT_TRUE(remote) << remote.error().message;
    ASSERT_FALSE(remote->empty());
    EXPECT_EQ(remote->back().target, "web: sh");
    const std::string localFile = readFile(m_dir.path() / "audit.jsonl");
    EXPECT_EQ(localFile.find(password), std::string::npos) << localFile;
}

namespace {

/// The command lines of the processes running in a service's container, one per line.
std::string processesIn(StackOps& ops, const std::string& service)
{
    const auto listed = ops.exec({.service = service,
        .argv = {"sh", "-c", "for c in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$c\" 2>/dev/null; echo; done"}});
    EXPECT_TRUE(listed && listed->succeeded()) << (listed ? listed->err : listed.error().message);
    return listed ? listed->out : std::string();
}

} // namespace

TEST_F(DevstackOps, DevstackExecThatTimesOutOrIsCancelledStopsInTheContainer)
{
    StackOps ops(m_ssh, location(), audit());
    // Sleeps no other run leaves behind: a shell and the sleep it starts, both carrying the run's marker.
    const std::string timedOutSleep = "sleep " + std::to_string(100000 + std::random_device{}() % 800000);
    const std::string cancelledSleep = "sleep " + std::to_string(900000 + std::random_device{}() % 90000);
    const auto timedOut = ops.exec(
        {.service = "web", .argv = {"sh", "-c", timedOutSleep + "; true"}, .timeout = std::chrono::seconds(2)});
    ASSERT_FALSE(timedOut);
    EXPECT_EQ(timedOut.error().kind, ErrorKind::Timeout) << timedOut.error().message;
    EXPECT_NE(timedOut.error().message.find("stopped in the container"), std::string::npos) << timedOut.error().message;
    EXPECT_EQ(processesIn(ops, "web").find(timedOutSleep), std::string::npos) << processesIn(ops, "web");

    // Cancelled once it has started (as Ctrl-C in ragctl does), from another thread.
    std::atomic<bool> started{false};
    std::thread canceller([&] {
        if (ragdesk::test::waitUntil([&] { return started.load(); })) {
            m_ssh.cancelAll();
        }
    });
    const auto cancelled = ops.exec({.service = "web",
        .argv = {"sh", "-c", "echo started; " + cancelledSleep + "; true"},
        .onStdout = [&](std::string_view) { started = true; }});
    canceller.join();
    ASSERT_FALSE(cancelled);
    EXPECT_EQ(cancelled.error().kind, ErrorKind::Cancelled) << cancelled.error().message;
    EXPECT_NE(cancelled.error().message.find("stopped in the container"), std::string::npos)
        << cancelled.error().message;
    EXPECT_EQ(processesIn(ops, "web").find(cancelledSleep), std::string::npos) << processesIn(ops, "web");
}

TEST_F(DevstackOps, DevstackRestartIsAuditedHereAndOnTheServer)
{
    StackOps ops(m_ssh, location(), audit());
    const auto before = ops.status();
    ASSERT_TRUE(before) << before.error().message;
    const auto startedBefore = find(*before, "noise")->startedAt;
    ASSERT_TRUE(ops.act(ContainerAction::Restart, "noise"));
    const auto after = ops.status();
    ASSERT_TRUE(after) << after.error().message;
    EXPECT_EQ(find(*after, "noise")->state, ContainerState::Running);
    EXPECT_GT(find(*after, "noise")->startedAt, startedBefore);

    const auto local = ops.audit().readLocal();
    ASSERT_TRUE(local) << local.error().message;
    ASSERT_EQ(local->size(), 1u);
    EXPECT_EQ(local->back().action, "restart");
    EXPECT_EQ(local->back().target, "noise");
    EXPECT_EQ(local->back().outcome, "ok");
    EXPECT_EQ(local->back().actor, AuditLog::localActor());
    const auto remote = ops.audit().readRemote(m_ssh, 50);
    ASSERT_TRUE(remote) << remote.error().message;
    ASSERT_FALSE(remote->empty());
    EXPECT_EQ(remote->back().time, local->back().time);
    EXPECT_EQ(remote->back().action, "restart");
}

TEST_F(DevstackOps, DevstackMaintenanceIsVerifiedThroughThePublicUrlBothWays)
{
    auto where = location();
    where.publicUrl = devstackEnv("RAGDESK_API_URL");
    StackOps ops(m_ssh, where, audit());
    const auto on = ops.setMaintenance(true);
    ASSERT_TRUE(on) << on.error().message;
    const auto stateOn = ops.maintenance();
    const auto checkedOn = ops.verifyMaintenance(true);
    const auto checkedOff = ops.verifyMaintenance(false);
    const auto off = ops.setMaintenance(false); // before any assertion can leave the stack in maintenance
    ASSERT_TRUE(off) << off.error().message;

    EXPECT_TRUE(on->verified) << on->problem;
    EXPECT_EQ(on->pageStatus, 503);
    EXPECT_EQ(on->healthStatus, 200);
    ASSERT_TRUE(stateOn) << stateOn.error().message;
    EXPECT_TRUE(stateOn->on);
    EXPECT_FALSE(stateOn->since.empty());
    EXPECT_EQ(stateOn->by, AuditLog::localActor());
    EXPECT_TRUE(checkedOn.verified) << checkedOn.problem;
    EXPECT_FALSE(checkedOff.verified);
    EXPECT_EQ(checkedOff.pageStatus, 503);
    EXPECT_NE(checkedOff.problem.find("expected not 503"), std::string::npos) << checkedOff.problem;

    EXPECT_TRUE(off->verified) << off->problem;
    EXPECT_NE(off->pageStatus, 503);
    EXPECT_EQ(off->healthStatus, 200);
    const auto stateOff = ops.maintenance();
    ASSERT_TRUE(stateOff) << stateOff.error().message;
    EXPECT_FALSE(stateOff->on);

    const auto records = ops.audit().readLocal();
    ASSERT_TRUE(records) << records.error().message;
    ASSERT_EQ(records->size(), 2u);
    EXPECT_EQ(records->front().action, "maintenance on");
    EXPECT_EQ(records->back().action, "maintenance off");
}

namespace {

/// A port nothing listens on now (the kernel's pick for a socket bound to port 0).
int freeLocalPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    ::close(fd);
    return bound ? ntohs(address.sin_port) : 0;
}

/// Caddy on this machine as a stack's proxy, with the maintenance matcher of docs/ops.md testing a flag file in the
/// devstack's stack directory, in front of a stand-in app (a second site that answers 200).
class LocalCaddy {
public:
    LocalCaddy(const std::string& flagDir, const std::string& flagName)
        : m_port(freeLocalPort()), m_appPort(freeLocalPort())
    {
        const std::string app = "127.0.0.1:" + std::to_string(m_appPort);
        std::ofstream(m_dir / "Caddyfile")
            << "{\n\tadmin off\n\tauto_https off\n}\n"
            << "http://127.0.0.1:" << m_port << " {\n"
            << "\thandle /health {\n\t\treverse_proxy " << app << "\n\t}\n"
            << "\t@maintenance file {\n\t\troot " << flagDir << "\n\t\ttry_files " << flagName << "\n\t}\n"
            << "\thandle @maintenance {\n\t\trespond \"Down for maintenance\" 503\n\t}\n"
            << "\thandle {\n\t\treverse_proxy " << app << "\n\t}\n}\n"
            << "http://" << app << " {\n\trespond \"app\" 200\n}\n";
        // `caddy start` returns once the server listens; from / as working directory, like the official image's
        // /srv, a relative flag path would not be found.
        runLocal("cd / && caddy start --config " + m_dir / "Caddyfile" + " --adapter caddyfile --pidfile " +
            m_dir / "pid" + " >" + m_dir / "log" + " 2>&1");
        // Caddy 2.6 writes the pid file after it told `start` that it serves: wait for it.
        const auto pidFile = m_dir.path() / "pid";
        std::error_code error;
        ragdesk::test::waitUntil([&] { return std::filesystem::file_size(pidFile, error) > 0; }, 10s);
        m_pid = std::stoi(runLocal("cat " + m_dir / "pid"));
    }
    ~LocalCaddy()
    {
        ::kill(m_pid, SIGTERM);
        ragdesk::test::waitUntil([&] { return ::kill(m_pid, 0) != 0; }, 10s);
    }
    LocalCaddy(const LocalCaddy&) = delete;
    LocalCaddy& operator=(const LocalCaddy&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    TempDir m_dir;
    int m_port;
    int m_appPort;
    int m_pid = 0;
};

} // namespace

TEST_F(DevstackOps, DevstackMaintenanceBehindCaddyIsVerifiedBothWays)
{
    // Its own flag file, so the devstack's nginx (which tests maintenance.on) stays out of it.
    auto where = location();
    where.proxy = ReverseProxy::Caddy;
    where.maintenanceFlag = "maintenance/caddy.on";
    const LocalCaddy caddy(devstackEnv("RAGDESK_STACK_DIR") + "/maintenance", "caddy.on");
    where.publicUrl = caddy.url();
    StackOps ops(m_ssh, where, audit());
    const auto on = ops.setMaintenance(true);
    const auto off = ops.setMaintenance(false);
    ASSERT_TRUE(on) << on.error().message;
    ASSERT_TRUE(off) << off.error().message;
    EXPECT_TRUE(on->verified) << on->problem;
    EXPECT_EQ(on->pageStatus, 503);
    EXPECT_EQ(on->healthStatus, 200);
    EXPECT_TRUE(off->verified) << off->problem;
    EXPECT_EQ(off->pageStatus, 200);
}

TEST_F(DevstackOps, DevstackMaintenanceThatTheProxyIgnoresIsNotVerified)
{
    auto where = location();
    where.publicUrl = devstackEnv("RAGDESK_API_URL");
    where.maintenanceFlag = "maintenance/not-what-nginx-tests.on"; // a flag file the proxy's config does not test
    StackOps ops(m_ssh, where, audit());
    const auto on = ops.setMaintenance(true);
    ASSERT_TRUE(ops.setMaintenance(false));
    ASSERT_TRUE(on) << on.error().message;
    EXPECT_FALSE(on->verified);
    EXPECT_NE(on->problem.find("not-what-nginx-tests.on"), std::string::npos) << on->problem;
}

TEST_F(DevstackOps, DevstackGlanceSaysEveryServiceHealthyAndNamesTheNewestDump)
{
    StackOps ops(m_ssh, location(), audit());
    const auto made = ragdesk::client::ops::Backups(ops).create();
    ASSERT_TRUE(made) << made.error().message;
    const auto dump = std::find_if(made->begin(), made->end(),
        [](const auto& file) { return file.kind == ragdesk::client::ops::BackupFile::Kind::Postgres; });
    ASSERT_NE(dump, made->end());

    const auto glance = ragdesk::client::ops::glanceAt(ops);
    ASSERT_TRUE(glance.services) << glance.services.error().message;
    EXPECT_GE(glance.services->total, 5); // proxy, web, worker, postgres, redis, qdrant's stand-in…
    EXPECT_EQ(glance.services->healthy, glance.services->total) << testing::PrintToString(glance.services->unhealthy);
    ASSERT_TRUE(glance.maintenance) << glance.maintenance.error().message;
    EXPECT_FALSE(glance.maintenance->on);
    ASSERT_TRUE(glance.lastRun) << glance.lastRun.error().message;
    ASSERT_TRUE(glance.newestDump) << glance.newestDump.error().message;
    ASSERT_TRUE(glance.newestDump->has_value());
    EXPECT_EQ((*glance.newestDump)->name, dump->name);
    EXPECT_GT(glance.took.count(), 0);
}

TEST_F(DevstackOps, DevstackGlanceOfAStackThatIsDownFailsEveryPartWithTheLoginsError)
{
    auto target = devstackSshTarget();
    target.port = static_cast<std::uint16_t>(freeLocalPort());
    SshConnection down(target);
    StackOps ops(down, location(), audit());
    const auto glance = ragdesk::client::ops::glanceAt(ops);
    for (const Error* error : {glance.services ? nullptr : &glance.services.error(),
             glance.maintenance ? nullptr : &glance.maintenance.error(),
             glance.lastRun ? nullptr : &glance.lastRun.error(),
             glance.newestDump ? nullptr : &glance.newestDump.error()}) {
        ASSERT_NE(error, nullptr) << "a part of a stack that is down was read";
        EXPECT_EQ(error->kind, ErrorKind::Network) << error->message;
    }
    EXPECT_LT(glance.took, 15s);
}
