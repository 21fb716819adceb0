// Container logs over SSH, in one run against the devstack's noise service: StackLogs::history of the whole log
// into a LogBuffer vs `ssh … docker logs -t CONTAINER` and vs `ssh … cat LOGFILE` (OpenSSH over a ControlMaster
// already logged in, as the client's connection is; output to /dev/null; issue goal: history <= 1.2x cat), the
// time until the first screen of the newest lines is in the buffer (goal < 300 ms), and live follow at the noise
// service's top rate (lines/s, client CPU seconds per 100k lines). The noise service first writes N records (1M;
// RAGDESK_BENCH_SMOKE=1: 50k; RAGDESK_BENCH_LINES=N). Needs a running devstack: eval "$(devstack/devstack env)"
// first. Turns the noise knobs and resets them.
#include "DevstackBench.h"
#include "ragdesk/client/ops/logs/StackLogs.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using ragdesk::bench::env;
using ragdesk::bench::secondsOf;

using namespace ragdesk::client;
using Clock = std::chrono::steady_clock;

void knob(const std::string& arguments)
{
    const std::string command = env("RAGDESK_DEVSTACK_CTL") + " knob " + arguments + " >/dev/null";
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("failed: " + command);
    }
}

/// A knob's current value, as JSON text, from what `devstack knob` prints (every knob as one JSON object).
std::string knobValue(const std::string& name)
{
    const std::string command = env("RAGDESK_DEVSTACK_CTL") + " knob";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::string out;
    char chunk[4096];
    for (size_t got; pipe && (got = std::fread(chunk, 1, sizeof chunk, pipe.get())) > 0;) {
        out.append(chunk, got);
    }
    const auto knobs = nlohmann::json::parse(out, nullptr, false);
    if (!knobs.is_object() || !knobs.contains(name)) {
        throw std::runtime_error("no knob " + name + " in: " + out);
    }
    return knobs[name].dump();
}

/// Resets the noise knobs however the benchmark ends.
struct NoiseKnobs {
    ~NoiseKnobs()
    {
        for (const char* name : {"noise_rate", "noise_burst", "noise_long_every", "noise_mix"}) {
            std::system((env("RAGDESK_DEVSTACK_CTL") + " knob --reset " + name + " >/dev/null").c_str());
        }
    }
};

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
        static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

/// The highest seq=N in the last 256 KiB of the log file (0 when none).
long newestSeq(ssh::SshConnection& connection, const std::string& path)
{
    const auto tail = connection.run({.argv = {"tail", "-c", "262144", path}});
    if (!tail || !tail->succeeded()) {
        throw std::runtime_error("cannot read the end of " + path);
    }
    long newest = 0;
    for (size_t at = tail->out.find("seq="); at != std::string::npos; at = tail->out.find("seq=", at + 4)) {
        newest = std::max(newest, std::strtol(tail->out.c_str() + at + 4, nullptr, 10));
    }
    return newest;
}

void BM_LogStream(benchmark::State& state)
{
    const bool smoke = std::getenv("RAGDESK_BENCH_SMOKE") != nullptr;
    const long lines = std::getenv("RAGDESK_BENCH_LINES") ? std::atol(std::getenv("RAGDESK_BENCH_LINES"))
        : smoke                                           ? 50'000
                                                          : 1'000'000;
    ssh::SshConnection connection(ragdesk::bench::devstackSshTarget());
    ops::StackOps stack(connection,
        {.name = "bench", .stackDir = env("RAGDESK_STACK_DIR"), .composeProject = env("RAGDESK_COMPOSE_PROJECT")},
        ops::AuditLog("/dev/null", {}));
    ops::StackLogs logs(stack);
    const auto sources = logs.sources({"noise"});
    if (!sources || sources->empty() || sources->front().access != ops::LogAccess::File) {
        state.SkipWithError("the noise service's log file is not readable (knob log_files_readable?)");
        return;
    }
    const ops::LogSource noise = sources->front();
    NoiseKnobs reset;

    // N records of ~125 bytes (no 16 KiB-1 MB lines: those would dominate the bytes), bounded in time. The service
    // sets noise_burst back to 0 once it has written them (its seq restarts with the container, so the file's
    // newest seq cannot tell), and the engine's log writer then catches up.
    knob("noise_long_every 0");
    knob("noise_burst " + std::to_string(lines));
    const auto writeDeadline = Clock::now() + std::chrono::minutes(5);
    long newest = -1;
    for (bool written = false; !written;) {
        if (Clock::now() > writeDeadline) {
            state.SkipWithError("the noise service did not write its burst within 5 minutes");
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500)); // a poll interval while the service writes
        if (knobValue("noise_burst") == "0") {
            const long seen = newestSeq(connection, noise.logPath);
            written = seen == newest;
            newest = seen;
        }
    }

    // The reference runs over an OpenSSH ControlMaster already logged in, as the client's kept connection is: the
    // ratio compares reading and parsing, not logins. A cold `ssh … cat` (its own login) is shown beside it.
    const ragdesk::bench::OpensshMaster master;
    const std::string cat = master.command("cat " + noise.logPath);
    double historySeconds = 0, firstScreenMs = 0, catSeconds = 0, coldCatSeconds = 0, dockerSeconds = 0;
    double followRate = 0, cpuPer100k = 0;
    size_t historyLines = 0;
    uint64_t historyBytes = 0;
    for (auto _ : state) {
        // History and cat alternate for a few rounds, so drift on the shared machine hits both; medians count.
        std::vector<double> historyRuns, catRuns, firstScreenRuns;
        for (int round = 0; round < (smoke ? 1 : 3); ++round) {
            if (round % 2 == 1) {
                catRuns.push_back(secondsOf(cat));
            }
            ops::LogBuffer buffer({.maxLines = 20'000'000, .maxBytes = size_t{4} << 30});
            std::optional<double> firstScreen;
            const auto start = Clock::now();
            const auto history = logs.history(
                {.services = {"noise"},
                    .maxLines = SIZE_MAX,
                    .progress =
                        [&](const ops::LogHistoryProgress&) {
                            if (!firstScreen && buffer.size() >= 100) {
                                firstScreen = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
                            }
                        }},
                buffer);
            historyRuns.push_back(std::chrono::duration<double>(Clock::now() - start).count());
            if (!history) {
                state.SkipWithError(history.error().message.c_str());
                return;
            }
            historyLines = history->lines;
            historyBytes = history->bytes;
            firstScreenRuns.push_back(firstScreen.value_or(0));
            if (round % 2 == 0) {
                catRuns.push_back(secondsOf(cat));
            }
        }
        historySeconds = median(historyRuns);
        catSeconds = median(catRuns);
        firstScreenMs = median(firstScreenRuns);
        coldCatSeconds = secondsOf(ragdesk::bench::opensshCommand() + "cat " + noise.logPath);
        dockerSeconds = secondsOf(master.command("docker logs -t " + noise.containerId + " 2>/dev/null"));

        // Live follow with the noise service at its top rate for a few seconds, drained like a UI tick would.
        ops::LogQueue queue(1'000'000);
        auto follow = logs.follow({.services = {"noise"}}, queue);
        if (!follow) {
            state.SkipWithError(follow.error().message.c_str());
            return;
        }
        const double cpuBefore = cpuSeconds();
        const auto followStart = Clock::now();
        knob("noise_rate 50000");
        const auto followEnd = followStart + std::chrono::seconds(smoke ? 2 : 5);
        size_t followed = 0;
        while (Clock::now() < followEnd) {
            followed += queue.drain().size();
            std::this_thread::sleep_for(std::chrono::milliseconds(16)); // the UI's frame tick
        }
        knob("--reset noise_rate");
        const double followSeconds = std::chrono::duration<double>(Clock::now() - followStart).count();
        followed += queue.drain().size();
        const double cpu = cpuSeconds() - cpuBefore;
        (*follow)->stop();
        followRate = static_cast<double>(followed) / followSeconds;
        cpuPer100k = followed ? cpu * 100'000 / static_cast<double>(followed) : 0;
    }
    state.counters["lines"] = static_cast<double>(historyLines);
    state.counters["MiB"] = static_cast<double>(historyBytes) / (1 << 20);
    state.counters["history_s"] = historySeconds;
    state.counters["cat_s"] = catSeconds;
    state.counters["cold_cat_s"] = coldCatSeconds;
    state.counters["docker_logs_s"] = dockerSeconds;
    state.counters["vs_cat"] = historySeconds / catSeconds;
    state.counters["first_screen_ms"] = firstScreenMs;
    state.counters["follow_lines_s"] = followRate;
    state.counters["cpu_s_per_100k"] = cpuPer100k;
    std::printf("history %.2f s (%zu lines, %.1f MiB); reference over an OpenSSH ControlMaster already connected: "
                "cat %.2f s, docker logs -t %.2f s; ratio vs cat %.2f (goal <= 1.2); cold ssh cat (own login) %.2f s; "
                "first screen %.0f ms (goal < 300); follow %.0f lines/s, %.3f CPU s per 100k lines\n",
        historySeconds, historyLines, static_cast<double>(historyBytes) / (1 << 20), catSeconds, dockerSeconds,
        historySeconds / catSeconds, coldCatSeconds, firstScreenMs, followRate, cpuPer100k);
}
BENCHMARK(BM_LogStream)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    return ragdesk::bench::runBenchmarks(argc, argv, "bench_log_stream");
}
