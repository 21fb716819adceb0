// Start-up of the app measured from outside the process (issue #14): from fork to the first painted main window with
// the seeded devstack's stack loaded, and the resident memory once idle, next to a bare Qt window in the same run
// (perf-anchors.md: 57 ms / 37.6 MiB on Xvfb; goal <= 2x that floor and <= 60 MB). Runs on the display it is given
// (ctest: Xvfb through tests/support/seeded-xvfb.sh), with a private config dir and no keychain on the bus.
#include "SpawnedApp.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

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

/// Starts `program`, times it to its "painted" line, lets it idle a moment, reads its RSS and ends it.
Run startOnce(const std::string& program, const std::vector<std::string>& args)
{
    const SpawnedApp app(program, args);
    Run run;
    run.firstPaintMs = app.firstPaintMs();
    usleep(700'000); // idle: the first health probes and page loads are done
    run.rssMiB = app.residentMiB();
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
