#pragma once

#include "ragdesk/client/ssh/SshTarget.h"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>

// What the benchmarks that run against the devstack share: its environment, its SSH login, and timing a
// reference command (OpenSSH, curl, docker) in the same run.
namespace ragdesk::bench {

/// A variable `devstack env` exports; throws with how to set it when it is missing.
inline std::string env(const char* name)
{
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        throw std::runtime_error(std::string(name) + " is not set: eval \"$(devstack/devstack env)\" first");
    }
    return value;
}

/// The devstack's "VPS" login, with the machine's own ~/.ssh kept out of it.
inline client::ssh::SshTarget devstackSshTarget()
{
    return client::ssh::SshTarget{.host = env("RAGDESK_SSH_HOST"),
        .port = static_cast<std::uint16_t>(std::stoi(env("RAGDESK_SSH_PORT"))),
        .user = env("RAGDESK_SSH_USER"),
        .identityFile = env("RAGDESK_SSH_KEY"),
        .knownHostsFile = env("RAGDESK_KNOWN_HOSTS"),
        .sshDir = "/nonexistent"};
}

/// OpenSSH logging in as devstackSshTarget() does (no config file, the devstack's key and known_hosts), followed by
/// a space: append options or the remote command.
inline std::string opensshCommand()
{
    return "ssh -F /dev/null -o BatchMode=yes -o UserKnownHostsFile=" + env("RAGDESK_KNOWN_HOSTS") + " -i " +
        env("RAGDESK_SSH_KEY") + " -p " + env("RAGDESK_SSH_PORT") + " " + env("RAGDESK_SSH_USER") + "@" +
        env("RAGDESK_SSH_HOST") + " ";
}

/// An OpenSSH ControlMaster logged in to the devstack for this object's life: command() runs over it with no login
/// of its own, as the client's kept connection runs its commands — the fair reference for a kept connection.
class OpensshMaster {
public:
    OpensshMaster()
    {
        char dir[] = "/tmp/ragdesk-bench-ssh-XXXXXX"; // a socket path must stay under 108 bytes
        if (mkdtemp(dir) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        m_dir = dir;
        m_control = "-o ControlPath=" + m_dir + "/master ";
        const std::string start = opensshCommand() + m_control + "-o ControlMaster=yes -o ControlPersist=yes -f -N";
        if (std::system(start.c_str()) != 0) {
            std::filesystem::remove_all(m_dir);
            throw std::runtime_error("failed: " + start);
        }
    }
    ~OpensshMaster()
    {
        std::system((opensshCommand() + m_control + "-O exit 2>/dev/null").c_str());
        std::filesystem::remove_all(m_dir);
    }
    OpensshMaster(const OpensshMaster&) = delete;
    OpensshMaster& operator=(const OpensshMaster&) = delete;

    /// The shell command that runs remote over the master.
    std::string command(const std::string& remote) const
    {
        return opensshCommand() + m_control + "-o ControlMaster=no " + remote;
    }

private:
    std::string m_dir;
    std::string m_control;
};

/// Wall seconds of a shell command with its stdout discarded; throws when it fails.
inline double secondsOf(const std::string& command)
{
    const auto start = std::chrono::steady_clock::now();
    if (std::system((command + " >/dev/null").c_str()) != 0) {
        throw std::runtime_error("failed: " + command);
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// The main() of a devstack benchmark: the client's per-request log lines off (they would be measured too), and
/// a missing devstack reported in one line instead of an uncaught exception.
inline int runBenchmarks(int argc, char** argv, const char* name)
{
    spdlog::set_level(spdlog::level::warn);
    benchmark::Initialize(&argc, argv);
    try {
        benchmark::RunSpecifiedBenchmarks();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", name, e.what());
        return 1;
    }
    benchmark::Shutdown();
    return 0;
}

} // namespace ragdesk::bench
