// The same devstack answer stream consumed by the client (MiniRagChatStream) and by `curl -N`, in one run, at
// 1,000 and 20,000 tokens/s (issue #4 goals: wall-time ratio <= 1.05; the client's CPU time per token).
// Needs a running devstack: eval "$(devstack/devstack env)" first. RAGDESK_BENCH_SMOKE=1 shortens the answers.
#include "DevstackBench.h"
#include "ragdesk/client/api/ApiClient.h"
#include "ragdesk/client/api/ChatStream.h"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <time.h>

namespace {

using ragdesk::bench::env;

using namespace ragdesk::client;
using namespace ragdesk::client::api;
using Clock = std::chrono::steady_clock;

void knob(const std::string& name, long value)
{
    const std::string command =
        env("RAGDESK_DEVSTACK_CTL") + " knob " + name + " " + std::to_string(value) + " >/dev/null";
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("cannot set knob " + name);
    }
}

double threadCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

const BotId& benchBot()
{
    static const BotId bot = [] {
        ApiClient api(env("RAGDESK_API_URL"), Credentials{.apiToken = Secret(env("RAGDESK_TOKEN"))});
        auto created = api.bots().create({.name = "bench-chat-stream", .maxTokens = 128000});
        if (!created) {
            throw std::runtime_error("cannot create the bench bot: " + created.error().message);
        }
        return created->id;
    }();
    return bot;
}

// curl -N reading the same stream to /dev/null: the reference consumer, measured from outside.
double curlSeconds(const std::string& question)
{
    const std::string body =
        R"({"bot_profile_id": ")" + benchBot().str() + R"(", "message": ")" + question + R"(", "stream": true})";
    const std::string command =
        "curl -sSN -o /dev/null -H 'Content-Type: application/json' -H 'Authorization: Bearer " + env("RAGDESK_TOKEN") +
        "' -d '" + body + "' " + env("RAGDESK_API_URL") + "/v1/chat";
    const auto start = Clock::now();
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("curl failed");
    }
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void BM_ChatStreamVsCurl(benchmark::State& state)
{
    const long rate = state.range(0);
    const long tokens = std::getenv("RAGDESK_BENCH_SMOKE") ? rate / 10 : rate * 2; // 2 s of answer per run
    knob("token_rate", rate);
    knob("answer_tokens", tokens);
    MiniRagChatStream stream(env("RAGDESK_API_URL"), Credentials{.apiToken = Secret(env("RAGDESK_TOKEN"))});
    double clientWall = 0, curlWall = 0, cpu = 0;
    long deltas = 0;
    for (auto _ : state) {
        const std::string question = "Benchmark question " + std::to_string(deltas);
        const double cpuStart = threadCpuSeconds();
        const auto start = Clock::now();
        const auto result = stream.stream({.botProfileId = benchBot(), .message = question}, {}, {});
        clientWall += std::chrono::duration<double>(Clock::now() - start).count();
        cpu += threadCpuSeconds() - cpuStart;
        if (!result || result->outcome != ChatStreamOutcome::Completed) {
            state.SkipWithError("the stream did not complete");
            break;
        }
        deltas += result->metrics.deltaCount;
        curlWall += curlSeconds(question);
    }
    knob("token_rate", 50);
    knob("answer_tokens", 0);
    state.counters["client_s"] = clientWall / static_cast<double>(state.iterations());
    state.counters["curl_s"] = curlWall / static_cast<double>(state.iterations());
    state.counters["wall_ratio"] = clientWall / curlWall;
    state.counters["cpu_us_per_token"] = deltas ? cpu * 1e6 / static_cast<double>(deltas) : 0;
    state.counters["tokens"] = static_cast<double>(deltas) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ChatStreamVsCurl)->Arg(1000)->Arg(20000)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    return ragdesk::bench::runBenchmarks(argc, argv, "bench_chat_stream");
}
