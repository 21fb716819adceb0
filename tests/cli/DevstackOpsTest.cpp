// ragctl ops against the devstack's "VPS" over its real sshd: status and stats of the six containers, a restart
// that asks first and is audited here and on the server, exec with stdin and exit status, host keys unknown
// (refused off a terminal, asked on one, accepted with --accept-new) and changed (always refused), a key
// passphrase typed without echo, Ctrl-C ending `stats --watch`; then one deploy of origin's main followed step by
// step, the release log and re-attaching, a stale deploy lock, the maintenance page verified both ways, and backups
// created, verified and downloaded (restores and rollbacks are the library's tests: too slow here). Suite Devstack,
// so it runs under the devstack fixture (DevstackFixture.h); the RagctlOps cases need no stack.
#include "DevstackControl.h"
#include "DevstackEnv.h"
#include "DevstackFixture.h"
#include "LocalShell.h"
#include "WaitUntil.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using nlohmann::json;
using ragdesk::test::contains;
using ragdesk::test::describe;
using ragdesk::test::devstackControl;
using ragdesk::test::devstackEnv;
using ragdesk::test::EnvChanges;
using ragdesk::test::eventsOf;
using ragdesk::test::linesOf;
using ragdesk::test::RagctlIo;
using ragdesk::test::RagctlProcess;
using ragdesk::test::RagctlRun;
using ragdesk::test::runLocal;
using ragdesk::test::runRagctl;
using ragdesk::test::TempDir;
using ragdesk::test::waitUntil;

namespace {

const std::set<std::string> kServices{"noise", "postgres", "proxy", "redis", "web", "worker"};

std::string readFile(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The words of a table row, one space apart.
std::string wordsOf(const std::string& line)
{
    std::istringstream in(line);
    std::string words;
    for (std::string word; in >> word;) {
        words += (words.empty() ? "" : " ") + word;
    }
    return words;
}

/// The devstack's SSH settings as `devstack env` exports them, with this test's own audit state directory (so the
/// local audit log starts empty) and any overrides.
class OpsEnv {
public:
    explicit OpsEnv(EnvChanges overrides = {})
    {
        for (const char* name : {"RAGDESK_API_URL", "RAGDESK_SSH_HOST", "RAGDESK_SSH_PORT", "RAGDESK_SSH_USER",
                 "RAGDESK_SSH_KEY", "RAGDESK_KNOWN_HOSTS", "RAGDESK_STACK_DIR", "RAGDESK_COMPOSE_PROJECT"}) {
            m_env[name] = devstackEnv(name);
        }
        m_env["XDG_STATE_HOME"] = m_state.path().string();
        for (auto& [name, value] : overrides) {
            m_env[name] = value;
        }
    }

    const EnvChanges& env() const { return m_env; }
    RagctlRun run(const std::vector<std::string>& args, const RagctlIo& io = {}) const
    {
        return runRagctl(args, m_env, io);
    }
    /// `ragctl --json ARGS`, parsed; fails the test unless it exits with 0.
    json runJson(std::vector<std::string> args) const
    {
        args.insert(args.begin(), "--json");
        const RagctlRun result = run(args);
        EXPECT_EQ(result.exitCode, 0) << describe(result);
        return json::parse(result.out);
    }
    std::string knownHostsName() const { return "[127.0.0.1]:" + devstackEnv("RAGDESK_SSH_PORT"); }

private:
    TempDir m_state;
    EnvChanges m_env;
};

const json& containerOf(const json& status, const std::string& service)
{
    for (const json& container : status.at("containers")) {
        if (container.at("service") == service) {
            return container;
        }
    }
    throw std::runtime_error("no container of " + service + " in " + status.dump());
}

} // namespace

TEST_F(Devstack, OpsStatusListsEveryServiceHealthy)
{
    const OpsEnv ops;
    const RagctlRun run = ops.run({"ops", "status"});
    ASSERT_EQ(run.exitCode, 0) << describe(run);
    const std::vector<std::string> lines = linesOf(run.out);
    ASSERT_EQ(lines.size(), 2u + kServices.size()) << run.out;
    EXPECT_TRUE(contains(lines[0], "podman ")) << lines[0];
    EXPECT_TRUE(contains(lines[0], " via docker CLI ")) << lines[0];
    EXPECT_TRUE(contains(lines[0], "docker-compose v1 1.")) << lines[0];
    EXPECT_TRUE(contains(lines[0], ", project " + devstackEnv("RAGDESK_COMPOSE_PROJECT"))) << lines[0];
    EXPECT_EQ(lines[1].rfind("SERVICE  ", 0), 0u) << lines[1];
    for (const char* column : {"STATE", "HEALTH", "RESTARTS", "UP", "IMAGE", "REVISION", "PORTS"}) {
        EXPECT_TRUE(contains(lines[1], column)) << column;
    }
    std::set<std::string> listed;
    for (size_t i = 2; i < lines.size(); ++i) {
        const std::string service = lines[i].substr(0, lines[i].find(' '));
        listed.insert(service);
        EXPECT_TRUE(contains(lines[i], " running ")) << lines[i];
        EXPECT_TRUE(contains(lines[i], service == "noise" ? " - " : " healthy ")) << lines[i];
    }
    EXPECT_EQ(listed, kServices);

    const json status = ops.runJson({"ops", "status"});
    EXPECT_EQ(status["project"], devstackEnv("RAGDESK_COMPOSE_PROJECT"));
    EXPECT_EQ(status["engine"]["server"], "podman");
    ASSERT_EQ(status["containers"].size(), kServices.size()) << status.dump(2);
    for (const std::string& service : kServices) {
        const json& container = containerOf(status, service);
        EXPECT_EQ(container["state"], "running") << service;
        EXPECT_EQ(container["health"], service == "noise" ? "none" : "healthy") << service;
        const std::string started = container["started_at"];
        EXPECT_EQ(started.back(), 'Z') << started;
        EXPECT_EQ(started[10], 'T') << started;
        EXPECT_EQ(container["id"].get<std::string>().size(), 64u);
    }
    EXPECT_EQ(containerOf(status, "web")["image_revision"].get<std::string>().size(), 40u);
    EXPECT_EQ(containerOf(status, "proxy")["ports"][0]["host_port"].get<int>(),
        std::stoi(m_url.substr(m_url.rfind(':') + 1)));
}

TEST_F(Devstack, OpsStatsSampleEveryRunningService)
{
    const OpsEnv ops;
    const json sample = ops.runJson({"ops", "stats"});
    EXPECT_EQ(sample["project"], devstackEnv("RAGDESK_COMPOSE_PROJECT"));
    std::set<std::string> services;
    for (const json& container : sample["containers"]) {
        services.insert(container["service"].get<std::string>());
        ASSERT_EQ(container["state"], "running") << container.dump();
        EXPECT_GT(container["memory_used_bytes"].get<std::uint64_t>(), 0u) << container.dump();
        EXPECT_GT(container["memory_limit_bytes"].get<std::uint64_t>(), 0u) << container.dump();
        EXPECT_GE(container["pids"].get<int>(), 1) << container.dump();
        EXPECT_GE(container["cpu_percent"].get<double>(), 0.0) << container.dump();
    }
    EXPECT_EQ(services, kServices);

    const RagctlRun table = ops.run({"ops", "stats"});
    ASSERT_EQ(table.exitCode, 0) << describe(table);
    const std::vector<std::string> lines = linesOf(table.out);
    ASSERT_EQ(lines.size(), 1u + kServices.size()) << table.out;
    for (const char* column : {"SERVICE", "CPU %", "MEM / LIMIT", "MEM %", "NET RX / TX", "BLOCK R / W", "PIDS"}) {
        EXPECT_TRUE(contains(lines[0], column)) << column;
    }
    EXPECT_TRUE(contains(table.out, "MiB / ")) << table.out;
}

TEST_F(Devstack, OpsRestartOffATerminalNeedsYesAndChangesNothing)
{
    const OpsEnv ops;
    const std::string startedBefore = containerOf(ops.runJson({"ops", "status"}), "noise")["started_at"];
    for (const char* verb : {"restart", "stop"}) {
        const RagctlRun refused = ops.run({"ops", verb, "noise"});
        EXPECT_EQ(refused.exitCode, 2) << describe(refused);
        EXPECT_TRUE(contains(refused.err, "--yes")) << refused.err;
    }
    EXPECT_EQ(containerOf(ops.runJson({"ops", "status"}), "noise")["started_at"], startedBefore);
    EXPECT_TRUE(ops.runJson({"ops", "audit"}).empty());
}

TEST_F(Devstack, OpsRestartIsAuditedHereAndOnTheServer)
{
    const OpsEnv ops;
    const std::string startedBefore = containerOf(ops.runJson({"ops", "status"}), "noise")["started_at"];
    const RagctlRun restarted = ops.run({"ops", "restart", "noise", "--yes"});
    ASSERT_EQ(restarted.exitCode, 0) << describe(restarted);
    EXPECT_EQ(restarted.out.rfind("restarted noise, now running", 0), 0u) << restarted.out;
    const json after = ops.runJson({"ops", "status"});
    const json& noise = containerOf(after, "noise");
    EXPECT_EQ(noise["state"], "running");
    EXPECT_GT(noise["started_at"].get<std::string>(), startedBefore);

    const RagctlRun table = ops.run({"ops", "audit"});
    ASSERT_EQ(table.exitCode, 0) << describe(table);
    const std::vector<std::string> lines = linesOf(table.out);
    ASSERT_EQ(lines.size(), 2u) << table.out;
    EXPECT_EQ(lines[0].rfind("TIME ", 0), 0u) << lines[0];
    EXPECT_TRUE(contains(wordsOf(lines[1]), " restart noise ok")) << lines[1];

    const json local = ops.runJson({"ops", "audit"});
    ASSERT_EQ(local.size(), 1u) << local.dump();
    EXPECT_EQ(local[0]["action"], "restart");
    EXPECT_EQ(local[0]["target"], "noise");
    EXPECT_EQ(local[0]["outcome"], "ok");
    EXPECT_EQ(local[0]["stack"], "environment");
    const json remote = ops.runJson({"ops", "audit", "--remote", "--limit", "5"});
    ASSERT_FALSE(remote.empty());
    EXPECT_LE(remote.size(), 5u);
    EXPECT_EQ(remote.back(), local[0]);
    const RagctlRun remoteTable = ops.run({"ops", "audit", "--remote"});
    ASSERT_EQ(remoteTable.exitCode, 0) << describe(remoteTable);
    EXPECT_TRUE(contains(wordsOf(linesOf(remoteTable.out).back()), " restart noise ok")) << remoteTable.out;
}

TEST_F(Devstack, OpsStatusFailsWhileAServiceIsStoppedUntilItStarts)
{
    const OpsEnv ops;
    struct Restarter {
        const OpsEnv& ops;
        ~Restarter() { ops.run({"ops", "start", "noise"}); } // a failed assertion still leaves noise running
    } restarter{ops};

    RagctlProcess stop({"ops", "stop", "noise"}, ops.env(), {.interactive = true});
    ASSERT_TRUE(stop.waitFor([](const RagctlRun& sofar) { return contains(sofar.err, "[y/N]"); })) << "no question";
    stop.typeLine("y");
    const RagctlRun stopped = stop.finish();
    ASSERT_EQ(stopped.exitCode, 0) << describe(stopped);
    EXPECT_EQ(stopped.out.rfind("stopped noise, now exited", 0), 0u) << stopped.out;

    const RagctlRun failing = ops.run({"ops", "status"});
    EXPECT_EQ(failing.exitCode, 1) << describe(failing);
    EXPECT_TRUE(contains(failing.err, "noise exited")) << failing.err;
    EXPECT_EQ(linesOf(failing.out).size(), 2u + kServices.size()) << failing.out;

    const RagctlRun started = ops.run({"ops", "start", "noise"});
    ASSERT_EQ(started.exitCode, 0) << describe(started);
    EXPECT_EQ(started.out.rfind("started noise, now running", 0), 0u) << started.out;
    const RagctlRun passing = ops.run({"ops", "status"});
    EXPECT_EQ(passing.exitCode, 0) << describe(passing);
    const json audit = ops.runJson({"ops", "audit"});
    ASSERT_EQ(audit.size(), 2u) << audit.dump();
    EXPECT_EQ(audit[0]["action"], "stop");
    EXPECT_EQ(audit[1]["action"], "start");
}

TEST_F(Devstack, OpsExecStreamsOutputForwardsStdinAndExitsWithTheCommandsStatus)
{
    const OpsEnv ops;
    const RagctlRun ping = ops.run({"ops", "exec", "redis", "--", "redis-cli"}, {.stdinText = "ping\n"});
    EXPECT_EQ(ping.exitCode, 0) << describe(ping);
    EXPECT_EQ(ping.out, "PONG\n");

    const std::string bytes = "it's $(here)\n`two`\tlines\n";
    const RagctlRun cat = ops.run({"ops", "exec", "web", "--", "cat"}, {.stdinText = bytes});
    EXPECT_EQ(cat.exitCode, 0) << describe(cat);
    EXPECT_EQ(cat.out, bytes);

    const RagctlRun three = ops.run({"ops", "exec", "web", "--", "sh", "-c", "exit 3"}, {.stdinText = ""});
    EXPECT_EQ(three.exitCode, 3) << describe(three);
    const RagctlRun both =
        ops.run({"ops", "exec", "web", "--", "sh", "-c", "echo to-out; echo to-err >&2; exit 4"}, {.stdinText = ""});
    EXPECT_EQ(both.exitCode, 4) << describe(both);
    EXPECT_EQ(both.out, "to-out\n");
    EXPECT_EQ(both.err, "to-err\n");

    // A command that outlives --timeout is stopped in the container, and ragctl says so.
    const RagctlRun late = ops.run({"ops", "exec", "--timeout", "2", "web", "--", "sh", "-c", "sleep 600; true"});
    EXPECT_EQ(late.exitCode, 8) << describe(late);
    EXPECT_TRUE(contains(late.err, "stopped in the container")) << late.err;

    const RagctlRun unknown = ops.run({"ops", "exec", "nosuch", "--", "true"});
    EXPECT_EQ(unknown.exitCode, 5) << describe(unknown);
    EXPECT_TRUE(contains(unknown.err, "redis")) << unknown.err;
    // Recorded by the command's name, never its arguments (they may hold a password).
    const std::string audit = ops.run({"ops", "audit"}).out;
    EXPECT_TRUE(contains(audit, "web: sh")) << audit;
    EXPECT_FALSE(contains(audit, "exit 3")) << audit;
}

TEST_F(Devstack, OpsUnknownHostKeyIsRefusedOffATerminalUnlessAcceptNew)
{
    TempDir dir;
    const std::string knownHosts = dir / "known_hosts";
    std::ofstream(knownHosts).flush();
    const OpsEnv ops({{"RAGDESK_KNOWN_HOSTS", knownHosts}});

    const RagctlRun refused = ops.run({"ops", "status"});
    EXPECT_EQ(refused.exitCode, 9) << describe(refused);
    EXPECT_TRUE(contains(refused.err, "not a known host")) << refused.err;
    EXPECT_TRUE(contains(refused.err, "SHA256:")) << refused.err;
    EXPECT_TRUE(contains(refused.err, "--accept-new")) << refused.err;
    EXPECT_TRUE(refused.out.empty()) << refused.out;
    EXPECT_EQ(readFile(knownHosts), "");

    const RagctlRun accepted = ops.run({"--accept-new", "ops", "status"});
    EXPECT_EQ(accepted.exitCode, 0) << describe(accepted);
    EXPECT_EQ(readFile(knownHosts).rfind(ops.knownHostsName() + " ", 0), 0u) << readFile(knownHosts);

    const RagctlRun known = ops.run({"ops", "status"});
    EXPECT_EQ(known.exitCode, 0) << describe(known);
}

TEST_F(Devstack, OpsUnknownHostKeyIsAskedAboutOnATerminal)
{
    TempDir dir;
    const std::string knownHosts = dir / "known_hosts";
    const OpsEnv ops({{"RAGDESK_KNOWN_HOSTS", knownHosts}});
    const auto prompted = [](const RagctlRun& sofar) { return contains(sofar.err, "[y/N]"); };

    RagctlProcess declined({"ops", "status"}, ops.env(), {.interactive = true});
    ASSERT_TRUE(declined.waitFor(prompted)) << "no prompt";
    declined.typeLine("n");
    const RagctlRun no = declined.finish();
    EXPECT_EQ(no.exitCode, 9) << describe(no);
    EXPECT_TRUE(contains(no.err, "The authenticity of host '" + ops.knownHostsName() + "' can't be established."))
        << no.err;
    EXPECT_TRUE(contains(no.err, "key fingerprint is SHA256:")) << no.err;
    EXPECT_TRUE(contains(no.err, "Trust it and add it to " + knownHosts + "? [y/N]")) << no.err;
    EXPECT_FALSE(std::filesystem::exists(knownHosts) && !readFile(knownHosts).empty());

    RagctlProcess confirmed({"ops", "status"}, ops.env(), {.interactive = true});
    ASSERT_TRUE(confirmed.waitFor(prompted)) << "no prompt";
    confirmed.typeLine("y");
    const RagctlRun yes = confirmed.finish();
    EXPECT_EQ(yes.exitCode, 0) << describe(yes);
    EXPECT_TRUE(contains(readFile(knownHosts), ops.knownHostsName() + " ")) << readFile(knownHosts);
}

TEST_F(Devstack, OpsChangedHostKeyIsAlwaysRefused)
{
    TempDir dir;
    runLocal("ssh-keygen -q -t ed25519 -N '' -f " + (dir / "other"));
    const std::string otherKey = readFile(dir / "other.pub");
    const OpsEnv ops({{"RAGDESK_KNOWN_HOSTS", dir / "known_hosts"}});
    const std::string stored = ops.knownHostsName() + " " + otherKey.substr(0, otherKey.rfind(' ')) + "\n";
    std::ofstream(dir / "known_hosts") << stored;

    for (const bool interactive : {false, true}) {
        SCOPED_TRACE(interactive ? "on a terminal" : "off a terminal, --accept-new");
        const RagctlRun run = interactive ? ops.run({"ops", "status"}, {.interactive = true})
                                          : ops.run({"--accept-new", "ops", "status"});
        EXPECT_EQ(run.exitCode, 9) << describe(run);
        EXPECT_TRUE(contains(run.err, "has CHANGED")) << run.err;
        EXPECT_TRUE(contains(run.err, "ssh-keygen -R '" + ops.knownHostsName() + "'")) << run.err;
        EXPECT_FALSE(contains(run.err, "[y/N]")) << run.err;
        EXPECT_FALSE(contains(run.err, "trusting")) << run.err;
        EXPECT_EQ(readFile(dir / "known_hosts"), stored);
    }
}

TEST_F(Devstack, OpsAsksForTheKeyPassphraseWithoutEcho)
{
    TempDir dir;
    const std::string key = dir / "id_ed25519";
    std::filesystem::copy_file(devstackEnv("RAGDESK_SSH_KEY"), key);
    runLocal("ssh-keygen -q -p -P '' -N 'correct horse' -f " + key);
    const OpsEnv ops({{"RAGDESK_SSH_KEY", key}, {"SSH_AUTH_SOCK", std::nullopt}, {"HOME", dir.path().string()}});

    RagctlProcess status({"ops", "status"}, ops.env(), {.interactive = true});
    ASSERT_TRUE(status.waitFor([](const RagctlRun& sofar) { return contains(sofar.err, "assphrase"); }))
        << "no passphrase prompt";
    status.typeLine("correct horse");
    const RagctlRun run = status.finish();
    EXPECT_EQ(run.exitCode, 0) << describe(run);
    EXPECT_FALSE(contains(run.err, "correct horse")) << "the terminal echoed the passphrase:\n" << run.err;

    // Off a terminal nobody is asked, and nothing else supplies a passphrase.
    const RagctlRun refused = ops.run({"ops", "status"});
    EXPECT_EQ(refused.exitCode, 3) << describe(refused);
}

TEST_F(Devstack, OpsStatsWatchRepeatsUntilCtrlC)
{
    const OpsEnv ops;
    RagctlProcess watch({"ops", "stats", "--watch", "1"}, ops.env());
    const auto samples = [](const RagctlRun& sofar) {
        size_t count = 0;
        for (size_t at = sofar.out.find("PIDS"); at != std::string::npos; at = sofar.out.find("PIDS", at + 1)) {
            ++count;
        }
        return count;
    };
    ASSERT_TRUE(watch.waitFor([&](const RagctlRun& sofar) { return samples(sofar) >= 2; })) << "fewer than two samples";
    watch.sendSignal(SIGINT);
    const RagctlRun run = watch.finish();
    EXPECT_EQ(run.exitCode, 130) << describe(run);
    EXPECT_GE(samples(run), 2u);
    EXPECT_TRUE(contains(run.out, " UTC, project ")) << run.out;

    RagctlProcess ndjson({"--json", "ops", "stats", "--watch", "1"}, ops.env());
    ASSERT_TRUE(ndjson.waitFor([](const RagctlRun& sofar) { return linesOf(sofar.out).size() >= 2; }));
    ndjson.sendSignal(SIGINT);
    const RagctlRun events = ndjson.finish();
    EXPECT_EQ(events.exitCode, 130) << describe(events);
    for (const json& sample : eventsOf(events.out)) {
        EXPECT_EQ(sample["containers"].size(), kServices.size());
    }
}

TEST_F(Devstack, OpsLogsShowTheNewestLinesFilterAndFollowUntilCtrlC)
{
    const OpsEnv ops;
    devstackControl("knob noise_burst 300");
    // History: the last N lines, as NDJSON with the service, stream, level and cleaned text; --grep keeps some.
    RagctlRun tail;
    ASSERT_TRUE(waitUntil([&] {
        tail = ops.run({"--json", "ops", "logs", "noise", "--tail", "20", "--grep", "seq=[0-9]+"});
        return tail.exitCode == 0 && !linesOf(tail.out).empty();
    })) << describe(tail);
    const std::vector<json> lines = eventsOf(tail.out);
    EXPECT_LE(lines.size(), 20u);
    for (const json& line : lines) {
        EXPECT_EQ(line["service"], "noise");
        EXPECT_NE(line["text"].get<std::string>().find("seq="), std::string::npos) << line.dump();
        EXPECT_EQ(line["text"].get<std::string>().find('\x1b'), std::string::npos) << "escape codes are removed";
    }
    const RagctlRun twenty = ops.run({"ops", "logs", "noise", "--tail", "20"});
    EXPECT_EQ(twenty.exitCode, 0) << describe(twenty);
    EXPECT_EQ(linesOf(twenty.out).size(), 20u) << twenty.out;
    EXPECT_TRUE(contains(twenty.out, " noise | ")) << twenty.out;

    // Follow: new lines appear until Ctrl-C, which ends it with 130.
    const ragdesk::test::ScopedKnob steady("noise_rate", "20"); // lines keep coming, whenever the follow begins
    RagctlProcess follow({"ops", "logs", "-f", "--tail", "0", "noise"}, ops.env());
    ASSERT_TRUE(follow.waitFor([](const RagctlRun& sofar) { return contains(sofar.out, "seq="); }))
        << "no followed line";
    follow.sendSignal(SIGINT);
    const RagctlRun followed = follow.finish();
    EXPECT_EQ(followed.exitCode, 130) << describe(followed);

    const RagctlRun unknown = ops.run({"ops", "logs", "nosuch"});
    EXPECT_EQ(unknown.exitCode, 5) << describe(unknown);
    EXPECT_EQ(ops.run({"ops", "logs", "--grep", "(", "noise"}).exitCode, 2);
}

/// Runs a shell command as the stack's SSH user on the devstack's "VPS", as an operator's ssh would.
std::string onServer(const std::string& command)
{
    return runLocal("ssh -F /dev/null -o BatchMode=yes -i '" + devstackEnv("RAGDESK_SSH_KEY") +
        "' -o UserKnownHostsFile='" + devstackEnv("RAGDESK_KNOWN_HOSTS") + "' -p " + devstackEnv("RAGDESK_SSH_PORT") +
        " " + devstackEnv("RAGDESK_SSH_USER") + "@" + devstackEnv("RAGDESK_SSH_HOST") + " '" + command + "'");
}

/// The line of a step event in the piped deploy output ("19:50:13  build  ok  images tagged …"), or "".
std::string stepLine(const std::string& out, const std::string& step, const std::string& state)
{
    for (const std::string& line : linesOf(out)) {
        std::istringstream words(line);
        std::string time;
        std::string lineStep;
        std::string lineState;
        if (words >> time >> lineStep >> lineState && time.size() == 8 && time[2] == ':' && lineStep == step &&
            lineState == state) {
            return line;
        }
    }
    return "";
}

TEST_F(Devstack, OpsDeployOfMainShowsEachStepAndBecomesTheRunningRelease)
{
    const OpsEnv ops;
    const RagctlRun deploy = ops.run({"ops", "deploy", "main", "--yes"});
    ASSERT_EQ(deploy.exitCode, 0) << describe(deploy);
    const std::vector<std::string> lines = linesOf(deploy.out);
    ASSERT_GE(lines.size(), 3u) << deploy.out;
    const std::string started = "deploy of main started as run ";
    ASSERT_EQ(lines.front().rfind(started, 0), 0u) << lines.front();
    const std::string id = lines.front().substr(started.size());
    for (const char* step : {"backup", "fetch", "build", "up", "health"}) {
        EXPECT_FALSE(stepLine(deploy.out, step, "started").empty()) << step << " started\n" << deploy.out;
    }
    for (const char* step :
        {"lock", "backup", "maintenance-on", "fetch", "checkout", "build", "up", "health", "maintenance-off"}) {
        EXPECT_FALSE(stepLine(deploy.out, step, "ok").empty()) << step << " ok\n" << deploy.out;
    }
    EXPECT_TRUE(contains(stepLine(deploy.out, "build", "ok"), "s)")) << "no elapsed time on an ended step";
    // "fetch ok: main is 0123456789ab" names the release.
    const std::string fetched = stepLine(deploy.out, "fetch", "ok");
    const size_t is = fetched.find("main is ");
    ASSERT_NE(is, std::string::npos) << fetched;
    const std::string release = fetched.substr(is + 8, 12);
    EXPECT_EQ(lines.back().rfind("deployed: release " + release + " runs now", 0), 0u) << lines.back();

    const json releases = ops.runJson({"ops", "releases", "--limit", "3"});
    ASSERT_FALSE(releases.empty());
    EXPECT_EQ(releases[0]["release"], release);
    EXPECT_EQ(releases[0]["outcome"], "deployed");
    EXPECT_EQ(releases[0]["running"], true);
    EXPECT_EQ(releases[0]["retained"], true);
    EXPECT_LE(releases.size(), 3u);
    const RagctlRun table = ops.run({"ops", "releases"});
    ASSERT_EQ(table.exitCode, 0) << describe(table);
    ASSERT_GE(linesOf(table.out).size(), 2u) << table.out;
    EXPECT_EQ(wordsOf(linesOf(table.out)[0]), "RELEASE DEPLOYED BY OUTCOME RETAINED MESSAGE") << table.out;
    EXPECT_EQ(linesOf(table.out)[1].rfind("* " + release + "  ", 0), 0u) << table.out;

    // The run has finished: --attach replays its steps and its outcome.
    const RagctlRun attached = ops.run({"ops", "deploy", "--attach"});
    EXPECT_EQ(attached.exitCode, 0) << describe(attached);
    EXPECT_EQ(linesOf(attached.out).front(), "run " + id + " (deploy of main) has finished; its steps:")
        << attached.out;
    EXPECT_FALSE(stepLine(attached.out, "health", "ok").empty()) << attached.out;
    EXPECT_EQ(linesOf(attached.out).back(), lines.back());
    const RagctlRun ndjson = ops.run({"--json", "ops", "deploy", "--attach"});
    ASSERT_EQ(ndjson.exitCode, 0) << describe(ndjson);
    const std::vector<json> events = eventsOf(ndjson.out);
    ASSERT_GE(events.size(), 3u) << ndjson.out;
    EXPECT_EQ(events.front(), json({{"event", "attached"}, {"id", id}, {"running", false}}));
    EXPECT_EQ(events[1]["event"], "step");
    EXPECT_EQ(events[1]["step"], "lock");
    EXPECT_EQ(events.back()["event"], "outcome");
    EXPECT_EQ(events.back()["outcome"], "deployed");
    EXPECT_EQ(events.back()["succeeded"], true);
    EXPECT_EQ(events.back()["release"], release);

    const RagctlRun lock = ops.run({"ops", "lock", "status"});
    EXPECT_EQ(lock.exitCode, 0) << describe(lock);
    EXPECT_EQ(lock.out.rfind("unlocked", 0), 0u) << lock.out;
    EXPECT_EQ(ops.runJson({"ops", "maintenance", "status"})["maintenance"], "off");
}

TEST_F(Devstack, OpsStaleLockRefusesDeploysUntilReleased)
{
    const OpsEnv ops;
    const std::string lockDir = devstackEnv("RAGDESK_STACK_DIR") + "/.ragdesk/lock";
    const std::string ghost = ragdesk::test::uniqueName("ghost");
    // A holder that is gone: a pid that does not exist.
    onServer("mkdir -p " + lockDir + " && printf \"%s\\n\" \"{\\\"id\\\":\\\"" + ghost +
        "\\\",\\\"actor\\\":\\\"ghost@laptop\\\",\\\"from\\\":\\\"laptop\\\",\\\"since\\\":\\\"2026-01-01T00:00:"
        "00Z\\\","
        "\\\"ref\\\":\\\"main\\\",\\\"mode\\\":\\\"start\\\",\\\"pid\\\":4000000}\" > " +
        lockDir + "/info.json");
    struct Remover {
        std::string lockDir;
        std::string ghost;
        ~Remover() { onServer("! grep -q " + ghost + " " + lockDir + "/info.json 2>/dev/null || rm -rf " + lockDir); }
    } remover{lockDir, ghost};

    const RagctlRun status = ops.run({"ops", "lock", "status"});
    EXPECT_EQ(status.exitCode, 0) << describe(status);
    EXPECT_EQ(status.out.rfind("locked: start of main by ghost@laptop from laptop", 0), 0u) << status.out;
    EXPECT_TRUE(contains(status.out, ", stale: ")) << status.out;
    const json held = ops.runJson({"ops", "lock", "status"});
    EXPECT_EQ(held["locked"], true);
    EXPECT_EQ(held["holder"]["id"], ghost);
    EXPECT_EQ(held["holder"]["alive"], false);

    const RagctlRun refused = ops.run({"ops", "deploy", "--yes"});
    EXPECT_EQ(refused.exitCode, 6) << describe(refused);
    EXPECT_TRUE(contains(refused.err, "stale")) << refused.err;
    EXPECT_TRUE(contains(refused.err, "ghost@laptop")) << refused.err;
    EXPECT_TRUE(contains(refused.err, "ragctl ops lock release")) << refused.err;

    const RagctlRun unconfirmed = ops.run({"ops", "lock", "release"});
    EXPECT_EQ(unconfirmed.exitCode, 2) << describe(unconfirmed);
    EXPECT_TRUE(contains(unconfirmed.err, "--yes")) << unconfirmed.err;
    EXPECT_EQ(ops.runJson({"ops", "lock", "status"})["locked"], true);

    const RagctlRun released = ops.run({"ops", "lock", "release", "--yes"});
    EXPECT_EQ(released.exitCode, 0) << describe(released);
    EXPECT_EQ(released.out.rfind("released the stale lock of the start of main by ghost@laptop", 0), 0u)
        << released.out;
    EXPECT_EQ(ops.run({"ops", "lock", "status"}).out.rfind("unlocked", 0), 0u);
    const json audit = ops.runJson({"ops", "audit"});
    ASSERT_EQ(audit.size(), 2u) << audit.dump();
    EXPECT_EQ(audit[0]["action"], "deploy");
    EXPECT_EQ(audit[0]["outcome"], "failed");
    EXPECT_EQ(audit[1]["action"], "lock release");
    EXPECT_EQ(audit[1]["outcome"], "ok");
}

TEST_F(Devstack, OpsMaintenanceIsVerifiedThroughThePublicUrlAndTurnedOffAgain)
{
    const OpsEnv ops;
    struct TurnOff {
        const OpsEnv& ops;
        ~TurnOff() { ops.run({"ops", "maintenance", "off"}); } // never leave the shared stack in maintenance
    } turnOff{ops};

    const RagctlRun unconfirmed = ops.run({"ops", "maintenance", "on"});
    EXPECT_EQ(unconfirmed.exitCode, 2) << describe(unconfirmed);
    EXPECT_TRUE(contains(unconfirmed.err, "--yes")) << unconfirmed.err;

    const RagctlRun on = ops.run({"ops", "maintenance", "on", "--yes"});
    ASSERT_EQ(on.exitCode, 0) << describe(on);
    EXPECT_EQ(on.out, "maintenance on, verified: / answers 503, /health 200\n");
    const RagctlRun status = ops.run({"ops", "maintenance", "status"});
    EXPECT_EQ(status.exitCode, 0) << describe(status);
    EXPECT_EQ(status.out.rfind("maintenance on since 20", 0), 0u) << status.out;
    const json state = ops.runJson({"ops", "maintenance", "status"});
    EXPECT_EQ(state["maintenance"], "on");
    EXPECT_EQ(state["since"].get<std::string>().back(), 'Z') << state.dump();

    const RagctlRun off = ops.run({"ops", "maintenance", "off"}); // asks nothing: it only brings the site back
    ASSERT_EQ(off.exitCode, 0) << describe(off);
    EXPECT_EQ(off.out.rfind("maintenance off, verified: / answers ", 0), 0u) << off.out;
    EXPECT_FALSE(contains(off.out, "503")) << off.out;
    EXPECT_TRUE(contains(off.out, ", /health 200")) << off.out;
    EXPECT_EQ(ops.run({"ops", "maintenance", "status"}).out, "maintenance off\n");
    const json audit = ops.runJson({"ops", "audit"});
    ASSERT_EQ(audit.size(), 2u) << audit.dump();
    EXPECT_EQ(audit[0]["action"], "maintenance on");
    EXPECT_EQ(audit[1]["action"], "maintenance off");
}

TEST_F(Devstack, OpsBackupsAreCreatedListedVerifiedAndDownloaded)
{
    const OpsEnv ops;
    const json created = ops.runJson({"ops", "backups", "create"});
    const auto dump =
        std::find_if(created.begin(), created.end(), [](const json& file) { return file["kind"] == "postgres"; });
    ASSERT_NE(dump, created.end()) << created.dump();
    const std::string name = (*dump)["name"];
    struct Remover {
        std::vector<std::string> paths;
        ~Remover()
        {
            for (const std::string& path : paths) {
                std::filesystem::remove(path);
            }
        }
    } remover;
    for (const json& file : created) {
        remover.paths.push_back(devstackEnv("RAGDESK_STACK_DIR") + "/backups/" + file["name"].get<std::string>());
    }

    const json listed = ops.runJson({"ops", "backups", "list"});
    EXPECT_TRUE(std::any_of(listed.begin(), listed.end(), [&](const json& file) { return file["name"] == name; }));
    EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end(), [](const json& a, const json& b) {
        return a["modified"] > b["modified"];
    })) << "newest first";
    const RagctlRun table = ops.run({"ops", "backups", "list"});
    ASSERT_EQ(table.exitCode, 0) << describe(table);
    EXPECT_EQ(wordsOf(linesOf(table.out)[0]), "NAME SIZE TIME KIND");
    EXPECT_TRUE(contains(table.out, name + "  ")) << table.out;

    const RagctlRun verified = ops.run({"ops", "backups", "verify", name});
    EXPECT_EQ(verified.exitCode, 0) << describe(verified);
    EXPECT_EQ(verified.out.rfind(name + ": ok", 0), 0u) << verified.out;
    EXPECT_EQ(ops.run({"ops", "backups", "verify", "postgres_nosuch.sql.gz"}).exitCode, 5);

    TempDir dir;
    const std::string local = dir / "x";
    const RagctlRun download = ops.run({"ops", "backups", "download", name, "-o", local}, {.stderrOnTerminal = true});
    ASSERT_EQ(download.exitCode, 0) << describe(download);
    ASSERT_TRUE(std::filesystem::exists(local));
    EXPECT_FALSE(std::filesystem::exists(local + ".part"));
    EXPECT_TRUE(contains(download.err, "100%")) << "no progress bar on the terminal:\n" << download.err;
    const std::string serverHash =
        runLocal("sha256sum '" + devstackEnv("RAGDESK_STACK_DIR") + "/backups/" + name + "'").substr(0, 64);
    EXPECT_EQ(runLocal("sha256sum '" + local + "'").substr(0, 64), serverHash);
    EXPECT_TRUE(contains(download.out, "sha256 " + serverHash + ", verified against the server\n")) << download.out;

    const RagctlRun restore = ops.run({"ops", "backups", "restore", name});
    EXPECT_EQ(restore.exitCode, 2) << describe(restore);
    EXPECT_TRUE(contains(restore.err, "--yes")) << restore.err;
    EXPECT_TRUE(contains(restore.err, name)) << restore.err;
}

// Without a stack: what ragctl decides before any connection.
TEST(RagctlOps, HelpListsEveryOpsVerb)
{
    EXPECT_TRUE(contains(runRagctl({"--help"}).out, "\n  ops "));
    const RagctlRun noun = runRagctl({"ops", "--help"});
    EXPECT_EQ(noun.exitCode, 0);
    for (const char* verb : {"status", "stats", "restart", "stop", "start", "exec", "maintenance", "deploy", "releases",
             "rollback", "lock", "backups", "audit"}) {
        EXPECT_TRUE(contains(noun.out, std::string("\n  ") + verb + " ")) << verb << " in " << noun.out;
        const RagctlRun help = runRagctl({"ops", verb, "--help"});
        EXPECT_EQ(help.exitCode, 0) << verb;
        EXPECT_TRUE(contains(help.out, std::string("Usage: ragctl [GLOBAL OPTIONS] ops ") + verb)) << help.out;
    }
    for (const char* verb : {"restart", "stop", "maintenance", "deploy", "rollback", "backups"}) {
        EXPECT_TRUE(contains(runRagctl({"ops", verb, "--help"}).out, "Destructive")) << verb;
    }
    EXPECT_TRUE(contains(runRagctl({"ops", "deploy", "--help"}).out, "ragctl ops deploy --attach"));
    EXPECT_TRUE(contains(runRagctl({"ops", "exec", "--help"}).out, "Exit code: the command's own"));
}

TEST(RagctlOps, UsageErrorsComeBeforeAnyConnection)
{
    const EnvChanges noSsh{{"RAGDESK_API_URL", "http://127.0.0.1:1"}};
    const RagctlRun noHost = runRagctl({"ops", "status"}, noSsh);
    EXPECT_EQ(noHost.exitCode, 2) << describe(noHost);
    EXPECT_TRUE(contains(noHost.err, "no SSH host")) << noHost.err;
    EXPECT_TRUE(contains(noHost.err, "RAGDESK_SSH_HOST")) << noHost.err;
    EXPECT_TRUE(contains(noHost.err, "stacks.json")) << noHost.err;

    // An SSH port nobody listens on: whatever reaches the network exits with 8.
    const EnvChanges deadSsh{{"RAGDESK_API_URL", "http://127.0.0.1:1"}, {"RAGDESK_SSH_HOST", "127.0.0.1"},
        {"RAGDESK_SSH_PORT", "1"}, {"RAGDESK_STACK_DIR", "/srv/nowhere"}};
    for (const char* verb : {"restart", "stop"}) {
        const RagctlRun refused = runRagctl({"ops", verb, "web"}, deadSsh);
        EXPECT_EQ(refused.exitCode, 2) << verb << "\n" << refused.err;
        EXPECT_TRUE(contains(refused.err, "--yes")) << refused.err;
        EXPECT_EQ(runRagctl({"ops", verb, "web", "--yes"}, deadSsh).exitCode, 8) << verb;
    }
    EXPECT_EQ(runRagctl({"ops", "start", "web"}, deadSsh).exitCode, 8);
    EXPECT_EQ(runRagctl({"ops", "exec", "web"}, deadSsh).exitCode, 2);
    EXPECT_EQ(runRagctl({"ops", "exec", "web", "extra", "--", "true"}, deadSsh).exitCode, 2);
    EXPECT_EQ(runRagctl({"ops", "exec", "web", "--", "true"}, deadSsh).exitCode, 8);
    EXPECT_EQ(runRagctl({"ops", "stats", "--watch", "0"}, deadSsh).exitCode, 2);
}

TEST(RagctlOps, DestructiveDeployAndBackupVerbsNeedYesOffATerminal)
{
    // An SSH port nobody listens on: whatever reaches the network exits with 8, so exit 2 means nothing was tried.
    const EnvChanges deadSsh{{"RAGDESK_API_URL", "http://127.0.0.1:1"}, {"RAGDESK_SSH_HOST", "127.0.0.1"},
        {"RAGDESK_SSH_PORT", "1"}, {"RAGDESK_STACK_DIR", "/srv/nowhere"}};
    const std::vector<std::vector<std::string>> destructive{{"ops", "maintenance", "on"}, {"ops", "deploy"},
        {"ops", "deploy", "main", "--detach"}, {"ops", "rollback"}, {"ops", "rollback", "0123456789ab"},
        {"ops", "lock", "release"}, {"ops", "backups", "restore", "postgres_20260101_000000.sql.gz"}};
    for (const std::vector<std::string>& args : destructive) {
        const RagctlRun refused = runRagctl(args, deadSsh);
        EXPECT_EQ(refused.exitCode, 2) << describe(refused);
        EXPECT_TRUE(contains(refused.err, "--yes")) << refused.err;
    }
    EXPECT_EQ(runRagctl({"ops", "maintenance", "on", "--yes"}, deadSsh).exitCode, 8);
    EXPECT_EQ(runRagctl({"ops", "maintenance", "off"}, deadSsh).exitCode, 8) << "off asks nothing";
    EXPECT_EQ(runRagctl({"ops", "deploy", "--attach"}, deadSsh).exitCode, 8);
    EXPECT_EQ(runRagctl({"ops", "backups", "restore", "postgres_1.sql.gz", "--yes"}, deadSsh).exitCode, 8);

    const std::vector<std::vector<std::string>> misuse{{"ops", "maintenance", "sideways"}, {"ops", "lock"},
        {"ops", "deploy", "--attach", "main"}, {"ops", "deploy", "--attach", "--detach"},
        {"ops", "deploy", "--yes", "--health-timeout", "0"}, {"ops", "backups", "download"},
        {"ops", "backups", "list", "extra"}, {"ops", "backups", "verify", "x", "-o", "y"}, {"ops", "releases", "x"}};
    for (const std::vector<std::string>& args : misuse) {
        const RagctlRun run = runRagctl(args, deadSsh);
        EXPECT_EQ(run.exitCode, 2) << describe(run);
    }
}
