// One status refresh of the devstack (every container with state, health, restarts, ports) by StackOps over its
// kept SSH connection, against `ssh … docker ps --format json` run cold each time and the same `docker ps` run on
// the server itself (the floor), in one run (issue #5 goal: <= 1.3x the floor).
// Needs a running devstack: eval "$(devstack/devstack env)" first. RAGDESK_BENCH_SMOKE=1 runs 3 rounds.
#include "DevstackBench.h"
#include "ragdesk/client/ops/StackOps.h"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

using ragdesk::bench::env;
using ragdesk::bench::secondsOf;

using namespace ragdesk::client;
using Clock = std::chrono::steady_clock;

void BM_StatusRefresh(benchmark::State& state)
{
    ssh::SshConnection connection(ragdesk::bench::devstackSshTarget());
    ops::StackOps stack(connection,
        {.name = "bench", .stackDir = env("RAGDESK_STACK_DIR"), .composeProject = env("RAGDESK_COMPOSE_PROJECT")},
        ops::AuditLog("/dev/null", {}));
    const auto engine = stack.engine();
    if (!engine || !stack.status()) { // the first refresh also logs in and opens the engine channel
        state.SkipWithError("no status from the devstack");
        return;
    }
    const std::string dockerPs =
        "docker ps -a --size=false --filter label=com.docker.compose.project=" + env("RAGDESK_COMPOSE_PROJECT") +
        " --format '{{json .}}'";
    const std::string coldSsh = ragdesk::bench::opensshCommand() + "\"" + dockerPs + "\"";
    const std::string local = "DOCKER_HOST=" + engine->engineHost + " " + dockerPs;

    double opsSeconds = 0, coldSeconds = 0, localSeconds = 0;
    size_t containers = 0;
    for (auto _ : state) {
        const auto start = Clock::now();
        const auto status = stack.status();
        opsSeconds += std::chrono::duration<double>(Clock::now() - start).count();
        if (!status) {
            state.SkipWithError(status.error().message.c_str());
            return;
        }
        containers = status->size();
        coldSeconds += secondsOf(coldSsh);
        localSeconds += secondsOf(local);
    }
    const auto rounds = static_cast<double>(state.iterations());
    state.counters["containers"] = static_cast<double>(containers);
    state.counters["ragdesk_ms"] = opsSeconds * 1e3 / rounds;
    state.counters["cold_ssh_ms"] = coldSeconds * 1e3 / rounds;
    state.counters["local_ms"] = localSeconds * 1e3 / rounds;
    state.counters["vs_local"] = opsSeconds / localSeconds;
    state.counters["vs_cold_ssh"] = opsSeconds / coldSeconds;
}
BENCHMARK(BM_StatusRefresh)
    ->Iterations(std::getenv("RAGDESK_BENCH_SMOKE") ? 3 : 30)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    return ragdesk::bench::runBenchmarks(argc, argv, "bench_ops_status");
}
