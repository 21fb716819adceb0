#pragma once

#include "ragdesk/client/ssh/SshTarget.h"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
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
