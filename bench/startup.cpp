// Start-up of the app measured from outside the process (issue #14): from fork to the first painted main window with
// the seeded devstack's stack loaded, and the resident memory once idle, next to a bare Qt window in the same run
// (perf-anchors.md: 57 ms / 37.6 MiB on Xvfb; goal <= 2x that floor and <= 60 MB). Runs on the display it is given
// (ctest: Xvfb through tests/support/seeded-xvfb.sh), with a private config dir and no keychain on the bus.
#include <benchmark/benchmark.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Run {
    double firstPaintMs = 0;
    double rssMiB = 0;
};

std::map<std::string, std::vector<Run>> g_runs;

std::string required(const char* name)
{
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        throw std::runtime_error(std::string(name) + " is not set (ctest sets it)");
    }
    return value;
}

double residentMiB(pid_t pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stod(line.substr(6)) / 1024.0; // kB
        }
    }
    return 0;
}

/// Starts `program`, times it to its "painted" line, lets it idle a moment, reads its RSS and ends it.
Run startOnce(const std::string& program, const std::vector<std::string>& args)
{
    int out[2];
    if (pipe(out) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const std::string& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    const auto started = std::chrono::steady_clock::now();
    if (posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
        throw std::runtime_error("cannot start " + program);
    }
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    std::string seen;
    char buffer[256];
    while (seen.find("painted\n") == std::string::npos) {
        const ssize_t got = read(out[0], buffer, sizeof buffer);
        if (got <= 0) {
            close(out[0]);
            waitpid(pid, nullptr, 0);
            throw std::runtime_error(program + " ended before its first paint");
        }
        seen.append(buffer, static_cast<size_t>(got));
    }
    Run run;
    run.firstPaintMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    usleep(700'000); // idle: the first health probes and page loads are done
    run.rssMiB = residentMiB(pid);
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    close(out[0]);
    return run;
}

void measure(
    benchmark::State& state, const std::string& name, const std::string& program, const std::vector<std::string>& args)
{
    for (auto _ : state) {
        const Run run = startOnce(program, args);
        g_runs[name].push_back(run);
        state.SetIterationTime(run.firstPaintMs / 1000);
        state.counters["rss_MiB"] = run.rssMiB;
    }
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

int iterations()
{
    return std::getenv("RAGDESK_BENCH_SMOKE") ? 2 : 15;
}

} // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    try {
        const std::string app = required("RAGDESK_APP");
        const std::string floor = required("RAGDESK_FLOOR_APP");
        // Interleaved: the floor and the app in turns, so machine noise hits both alike.
        for (int round = 0; round < 2; ++round) {
            benchmark::RegisterBenchmark(("BareQtWindowFirstPaint/" + std::to_string(round)).c_str(),
                [floor](benchmark::State& state) { measure(state, "floor", floor, {}); })
                ->UseManualTime()
                ->Iterations(iterations())
                ->Unit(benchmark::kMillisecond);
            benchmark::RegisterBenchmark(("RagDeskFirstPaint/" + std::to_string(round)).c_str(),
                [app](benchmark::State& state) { measure(state, "ragdesk", app, {"--report-first-paint"}); })
                ->UseManualTime()
                ->Iterations(iterations())
                ->Unit(benchmark::kMillisecond);
        }
        benchmark::RunSpecifiedBenchmarks();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_startup: %s\n", e.what());
        return 1;
    }
    const auto figures = [](const std::string& name, double Run::*field) {
        std::vector<double> values;
        for (const Run& run : g_runs[name]) {
            values.push_back(run.*field);
        }
        return median(values);
    };
    const double appMs = figures("ragdesk", &Run::firstPaintMs);
    const double floorMs = figures("floor", &Run::firstPaintMs);
    const double appRss = figures("ragdesk", &Run::rssMiB);
    std::printf("first paint, median: RagDesk %.1f ms, bare Qt window %.1f ms: %.2fx the floor (goal <= 2x)\n", appMs,
        floorMs, floorMs > 0 ? appMs / floorMs : 0);
    std::printf("idle RSS, median: RagDesk %.1f MiB (%.1f MB; goal <= 60 MB), bare Qt window %.1f MiB\n", appRss,
        appRss * 1.048576, figures("floor", &Run::rssMiB));
    benchmark::Shutdown();
    return 0;
}
