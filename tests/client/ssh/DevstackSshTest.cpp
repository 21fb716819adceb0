// SshConnection against the devstack's real OpenSSH sshd (ctest label "devstack").
#include "DevstackSsh.h"
#include "LocalShell.h"
#include "WaitUntil.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;
using ragdesk::client::ErrorKind;
using ragdesk::client::Secret;
using ragdesk::client::ssh::HostKeyInfo;
using ragdesk::client::ssh::RemoteCommand;
using ragdesk::client::ssh::SshConnection;
using ragdesk::client::ssh::SshPrompts;
using ragdesk::client::ssh::SshTarget;
using ragdesk::test::devstackEnv;
using ragdesk::test::devstackSshTarget;
using ragdesk::test::readFile;
using ragdesk::test::runLocal;
using ragdesk::test::TempDir;

namespace {

/// Random words built from what breaks naive quoting, plus random bytes (non-UTF-8 included).
std::string hostileWord(std::mt19937& random)
{
    static const std::vector<std::string> pieces = {"'", "\"", "\\", "$(id)", "`id`", "${HOME}", "\n", "\r", " ", "\t",
        ";", "&&", "|", ">", "<", "*", "?", "[a]", "~", "#", "!", "-n", "--", "%s", "\xff\xfe", "\xc3\x28", "é", "日本",
        "{a,b}", "$'x'", "\x01\x1b[31m"};
    std::uniform_int_distribution<size_t> count(0, 6);
    std::uniform_int_distribution<size_t> pick(0, pieces.size());
    std::uniform_int_distribution<int> byte(1, 255);
    std::string word;
    for (size_t i = count(random); i > 0; --i) {
        const size_t choice = pick(random);
        word += choice < pieces.size() ? pieces[choice] : std::string(1, static_cast<char>(byte(random)));
    }
    return word;
}

} // namespace

TEST(Devstack, SshRunsACommandWithSeparateStreamsAndExitStatus)
{
    SshConnection ssh(devstackSshTarget());
    const auto result = ssh.run({.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"}});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->out, "out\n");
    EXPECT_EQ(result->err, "err\n");
    EXPECT_EQ(result->exitStatus, 3);
    EXPECT_EQ(ssh.loginCount(), 1);
}

TEST(Devstack, SshQuotingSurvivesHostileArgumentsByteForByte)
{
    SshConnection ssh(devstackSshTarget());
    const unsigned seed = std::random_device{}();
    std::mt19937 random(seed);
    for (int round = 0; round < 40; ++round) {
        std::vector<std::string> words;
        for (int i = 0; i < 8; ++i) {
            words.push_back(hostileWord(random));
        }
        std::vector<std::string> argv = {"printf", "%s\\0"};
        argv.insert(argv.end(), words.begin(), words.end());
        const auto result = ssh.run({.argv = argv});
        ASSERT_TRUE(result) << result.error().message << " (seed " << seed << ")";
        ASSERT_EQ(result->exitStatus, 0) << result->err << " (seed " << seed << ")";
        std::string expected;
        for (const auto& word : words) {
            expected += word;
            expected += '\0';
        }
        ASSERT_EQ(result->out, expected) << "round " << round << " (seed " << seed << ")";
    }
}

TEST(Devstack, SshStdinAndStdoutCarryMegabytesBothWays)
{
    SshConnection ssh(devstackSshTarget());
    std::string input(6u << 20, '\0');
    std::mt19937 random(7);
    for (auto& c : input) {
        c = static_cast<char>(random());
    }
    const auto result = ssh.run({.argv = {"cat"}, .input = input});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->exitStatus, 0);
    EXPECT_TRUE(result->out == input) << "got " << result->out.size() << " of " << input.size() << " bytes";
}

TEST(Devstack, SshACommandThatEndsWithoutReadingItsInputStillHasItsResult)
{
    // The deploy runner's install step exits at once when the runner is there; the input may then find the channel
    // already closed. That is the command's result, not a failure (CI saw "the channel is closed for writing").
    SshConnection ssh(devstackSshTarget());
    for (int round = 0; round < 30; ++round) {
        const auto result = ssh.run({.argv = {"sh", "-c", "echo early; exit 3"}, .input = std::string(200'000, 'x')});
        ASSERT_TRUE(result) << "round " << round << ": " << result.error().message;
        EXPECT_EQ(result->exitStatus, 3);
        EXPECT_EQ(result->out, "early\n");
    }
}

TEST(Devstack, SshStreamsOutputToCallbacksAsItArrives)
{
    SshConnection ssh(devstackSshTarget());
    std::string streamed;
    int chunks = 0;
    const auto result = ssh.run({.argv = {"sh", "-c", "for i in 1 2 3; do echo line $i; done; echo done >&2"},
        .onStdout =
            [&](std::string_view data) {
                streamed += data;
                ++chunks;
            },
        .onStderr = [&](std::string_view data) { streamed += "[err]" + std::string(data); }});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(result->out.empty());
    EXPECT_NE(streamed.find("line 1\nline 2\nline 3\n"), std::string::npos) << streamed;
    EXPECT_NE(streamed.find("[err]done\n"), std::string::npos) << streamed;
    EXPECT_GE(chunks, 1);
}

TEST(Devstack, SshRunsManyCommandsInParallelOnOneLogin)
{
    SshConnection ssh(devstackSshTarget(), {}, {.maxChannels = 4});
    std::vector<std::thread> threads;
    std::atomic<int> succeeded{0};
    for (int i = 0; i < 12; ++i) {
        threads.emplace_back([&, i] {
            const auto result = ssh.run({.argv = {"sh", "-c", "sleep 0.2; echo " + std::to_string(i)}});
            if (result && result->out == std::to_string(i) + "\n") {
                ++succeeded;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(succeeded, 12);
    EXPECT_EQ(ssh.loginCount(), 1);
}

TEST(Devstack, SshCommandIsCancelledAndTimedOut)
{
    SshConnection ssh(devstackSshTarget());
    ragdesk::client::CancelSource stop;
    std::chrono::steady_clock::time_point stoppedAt;
    std::thread stopper([&] {
        ragdesk::test::waitUntil([&] { return ssh.loginCount() > 0; }, 10s);
        stoppedAt = std::chrono::steady_clock::now();
        stop.request_stop();
    });
    const auto cancelled = ssh.run({.argv = {"sleep", "60"}, .cancel = stop.get_token()});
    const auto returnedAt = std::chrono::steady_clock::now();
    stopper.join();
    ASSERT_FALSE(cancelled);
    EXPECT_EQ(cancelled.error().kind, ErrorKind::Cancelled);
    EXPECT_LT(returnedAt - stoppedAt, 30s) << "generous: the wake-up is at once, far below the 60 s command";

    // A token stopped before the call: nothing runs on the server, and only that call is refused.
    const auto marker = "/tmp/ragdesk-cancelled-" + std::to_string(::getpid());
    const auto refused = ssh.run({.argv = {"touch", marker}, .cancel = stop.get_token()});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Cancelled);
    const auto looked =
        ssh.run({.argv = {"test", "-e", marker}, .cancel = ragdesk::client::CancelSource().get_token()});
    ASSERT_TRUE(looked) << looked.error().message;
    EXPECT_NE(looked->exitStatus, 0) << "a command cancelled before it started ran anyway";

    const auto timedOut = ssh.run({.argv = {"sleep", "60"}, .timeout = 500ms});
    ASSERT_FALSE(timedOut);
    EXPECT_EQ(timedOut.error().kind, ErrorKind::Timeout);
    // The connection is still good for the next command.
    const auto after = ssh.run({.argv = {"true"}});
    ASSERT_TRUE(after) << after.error().message;
    EXPECT_EQ(after->exitStatus, 0);
}

TEST(Devstack, SshReconnectsAfterTheLinkIsCut)
{
    SshConnection ssh(devstackSshTarget());
    // The login's own sshd process is the parent of the remote shell: killing it cuts the link.
    const auto parent = ssh.run({.argv = {"sh", "-c", "echo $PPID"}});
    ASSERT_TRUE(parent) << parent.error().message;
    runLocal("kill -9 " + parent->out);
    const auto afterCut = ssh.run({.argv = {"echo", "again"}});
    // The first command may still meet the dying link; the next one must be on a new login.
    const auto next = afterCut ? afterCut : ssh.run({.argv = {"echo", "again"}});
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->out, "again\n");
    EXPECT_EQ(ssh.loginCount(), 2);
}

TEST(Devstack, SshOpensAStreamToTheEngineSocketWithoutARemoteProcess)
{
    SshConnection ssh(devstackSshTarget());
    const auto dockerHost = ssh.run({.argv = {"printenv", "DOCKER_HOST"}});
    ASSERT_TRUE(dockerHost) << dockerHost.error().message;
    std::string socketPath = dockerHost->out.substr(0, dockerHost->out.find('\n'));
    ASSERT_EQ(socketPath.rfind("unix://", 0), 0u) << socketPath;
    socketPath.erase(0, 7);

    auto stream = ssh.openUnixSocket(socketPath, std::chrono::steady_clock::now() + 10s);
    ASSERT_TRUE(stream) << stream.error().message;
    ASSERT_TRUE(stream.value()->write("GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n"));
    std::string reply;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (reply.find("\r\n\r\n") == std::string::npos) {
        auto received = stream.value()->read(deadline);
        ASSERT_TRUE(received) << received.error().message;
        reply += received->out;
        ASSERT_FALSE(received->finished) << reply;
    }
    EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
}

TEST(Devstack, SshUnknownHostIsAskedThenTrusted)
{
    TempDir dir;
    SshTarget target = devstackSshTarget();
    target.knownHostsFile = dir / "known_hosts";

    SshConnection refused(target);
    const auto notAsked = refused.connect();
    ASSERT_FALSE(notAsked);
    EXPECT_EQ(notAsked.error().kind, ErrorKind::HostKey);
    EXPECT_NE(notAsked.error().message.find("SHA256:"), std::string::npos) << notAsked.error().message;
    EXPECT_FALSE(std::filesystem::exists(target.knownHostsFile));

    std::optional<HostKeyInfo> asked;
    SshConnection accepting(target, SshPrompts{.acceptUnknownHost = [&](const HostKeyInfo& key) {
        asked = key;
        return true;
    }});
    const auto accepted = accepting.connect();
    ASSERT_TRUE(accepted) << accepted.error().message;
    ASSERT_TRUE(asked.has_value());
    // The fingerprint shown is the one OpenSSH computes for the devstack's host key.
    const std::string expected = runLocal("ssh-keygen -lf " + devstackEnv("RAGDESK_KNOWN_HOSTS"));
    EXPECT_NE(expected.find(asked->fingerprint), std::string::npos) << expected << " vs " << asked->fingerprint;
    EXPECT_NE(readFile(target.knownHostsFile).find(asked->knownHostsLine), std::string::npos);

    bool askedAgain = false;
    SshConnection trusted(target, SshPrompts{.acceptUnknownHost = [&](const HostKeyInfo&) {
        askedAgain = true;
        return false;
    }});
    const auto again = trusted.connect();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_FALSE(askedAgain);
}

TEST(Devstack, SshUnknownKeyRefusedWithoutAPromptIsTrustedLaterByItsLine)
{
    // The app's probe never asks: it keeps the key the server presented, a person checks it, then trusts it.
    TempDir dir;
    SshTarget target = devstackSshTarget();
    target.knownHostsFile = dir / "known_hosts";
    std::optional<HostKeyInfo> presented;
    SshConnection probe(target, SshPrompts{.acceptUnknownHost = [&](const HostKeyInfo& key) {
        presented = key;
        return false;
    }});
    const auto refused = probe.connect();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::HostKey);
    ASSERT_TRUE(presented.has_value());

    ASSERT_TRUE(ragdesk::client::ssh::trustHostKey(*presented));
    SshConnection trusted(target);
    const auto result = trusted.run({.argv = {"true"}});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->exitStatus, 0);
}

TEST(Devstack, SshChangedHostKeyIsRefusedWithBothFingerprints)
{
    TempDir dir;
    runLocal("ssh-keygen -q -t ed25519 -N '' -f " + (dir / "other"));
    const std::string otherKey = readFile(dir / "other.pub");
    const std::string hostName = "[127.0.0.1]:" + devstackEnv("RAGDESK_SSH_PORT");
    std::ofstream(dir / "known_hosts") << hostName << " " << otherKey.substr(0, otherKey.rfind(' ')) << "\n";
    SshTarget target = devstackSshTarget();
    target.knownHostsFile = dir / "known_hosts";

    bool asked = false;
    SshConnection ssh(target, SshPrompts{.acceptUnknownHost = [&](const HostKeyInfo&) {
        asked = true;
        return true;
    }});
    const auto refused = ssh.connect();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::HostKey);
    EXPECT_FALSE(asked) << "a changed key must never be offered for acceptance";
    const std::string storedFingerprint = runLocal("ssh-keygen -lf " + (dir / "other.pub"));
    const std::string presentedFingerprint = runLocal("ssh-keygen -lf " + devstackEnv("RAGDESK_KNOWN_HOSTS"));
    const auto& message = refused.error().message;
    EXPECT_NE(message.find(storedFingerprint.substr(storedFingerprint.find("SHA256:"), 50)), std::string::npos)
        << message;
    EXPECT_NE(message.find(presentedFingerprint.substr(presentedFingerprint.find("SHA256:"), 50)), std::string::npos)
        << message;
    EXPECT_NE(message.find("ssh-keygen -R '" + hostName + "'"), std::string::npos) << message;
    // Nothing ran, and known_hosts is untouched.
    EXPECT_EQ(readFile(dir / "known_hosts").find(hostName), 0u);
    EXPECT_EQ(ssh.loginCount(), 0);
}

TEST(Devstack, SshLogsInWithTheAgentsKey)
{
    TempDir dir;
    const std::string agentSocket = dir / "agent.sock";
    const std::string agentOutput = runLocal("ssh-agent -a " + agentSocket);
    const auto pidAt = agentOutput.find("SSH_AGENT_PID=");
    ASSERT_NE(pidAt, std::string::npos) << agentOutput;
    const std::string agentPid = agentOutput.substr(pidAt + 14, agentOutput.find(';', pidAt) - pidAt - 14);
    struct AgentStopper {
        std::string pid;
        ~AgentStopper() { std::system(("kill " + pid + " 2>/dev/null").c_str()); }
    } stopper{agentPid};
    runLocal("SSH_AUTH_SOCK=" + agentSocket + " ssh-add -q " + devstackEnv("RAGDESK_SSH_KEY") + " 2>&1");

    SshTarget target = devstackSshTarget();
    target.identityFile.clear(); // only the agent has the key
    {
        SshConnection withoutAgent(target);
        const auto refused = withoutAgent.connect();
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().kind, ErrorKind::Auth) << refused.error().message;
    }
    setenv("SSH_AUTH_SOCK", agentSocket.c_str(), 1);
    SshConnection ssh(target);
    const auto result = ssh.run({.argv = {"whoami"}});
    unsetenv("SSH_AUTH_SOCK");
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->out, devstackEnv("RAGDESK_SSH_USER") + "\n");
}

TEST(Devstack, SshAsksForTheKeyPassphrase)
{
    TempDir dir;
    const std::string key = dir / "id_ed25519";
    std::filesystem::copy_file(devstackEnv("RAGDESK_SSH_KEY"), key);
    runLocal("ssh-keygen -q -p -P '' -N 'correct horse' -f " + key);
    SshTarget target = devstackSshTarget();
    target.identityFile = key;

    int asked = 0;
    SshConnection wrong(target, SshPrompts{.keyPassphrase = [&](const std::string&) {
        ++asked;
        return std::optional<Secret>(Secret("wrong"));
    }});
    const auto refused = wrong.connect();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Auth) << refused.error().message;
    EXPECT_GE(asked, 1);

    SshConnection right(target,
        SshPrompts{.keyPassphrase = [](const std::string&) { return std::optional<Secret>(Secret("correct horse")); }});
    const auto connected = right.connect();
    ASSERT_TRUE(connected) << connected.error().message;
}

TEST(Devstack, SshFollowsAHostAliasOfTheConfigFile)
{
    TempDir dir;
    std::ofstream(dir / "config") << "Host my-stack\n  HostName " << devstackEnv("RAGDESK_SSH_HOST") << "\n  Port "
                                  << devstackEnv("RAGDESK_SSH_PORT") << "\n  User " << devstackEnv("RAGDESK_SSH_USER")
                                  << "\n  IdentityFile " << devstackEnv("RAGDESK_SSH_KEY") << "\n";
    SshConnection ssh(SshTarget{
        .host = "my-stack", .knownHostsFile = devstackEnv("RAGDESK_KNOWN_HOSTS"), .sshDir = dir.path().string()});
    const auto result = ssh.run({.argv = {"whoami"}});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->out, devstackEnv("RAGDESK_SSH_USER") + "\n");
}
