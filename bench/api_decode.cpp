// Decoding cost of the API's health and error bodies: what every status refresh and failed call pays.
#include "ragdesk/client/api/ApiErrors.h"
#include "ragdesk/client/api/SystemHealth.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

const std::string kHealth =
    R"({"status":"ok","postgres":{"status":"ok","detail":null,"version":"PostgreSQL 15.18 on x86_64-pc-linux-gnu",)"
    R"("latency_ms":2},"qdrant":{"status":"ok","detail":null,"version":"pg-fts","latency_ms":1},)"
    R"("redis":{"status":"ok","detail":null,"version":"Redis 7.0.15","latency_ms":1}})";

// A 422 with n field errors, shaped like the contract's §13.9.
std::string validationBody(int n)
{
    std::string body = R"({"detail":[)";
    for (int i = 0; i < n; ++i) {
        body += (i ? "," : "") + std::string(R"({"type":"string_too_long","loc":["body","children",)") +
            std::to_string(i) + R"(,"name"],"msg":"String should have at most 255 characters","input":"x",)" +
            R"("ctx":{"max_length":255}})";
    }
    return body + "]}";
}

void BM_DecodeSystemHealth(benchmark::State& state)
{
    for (auto _ : state) {
        benchmark::DoNotOptimize(ragdesk::client::api::decodeSystemHealth(kHealth));
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(kHealth.size()));
}
BENCHMARK(BM_DecodeSystemHealth);

void BM_ValidationErrorToFieldErrors(benchmark::State& state)
{
    const ragdesk::client::api::HttpResponse response{
        422, "application/json", validationBody(static_cast<int>(state.range(0)))};
    for (auto _ : state) {
        benchmark::DoNotOptimize(ragdesk::client::api::errorFromResponse(response));
    }
    state.counters["fields/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ValidationErrorToFieldErrors)->Arg(1)->Arg(100);

} // namespace

BENCHMARK_MAIN();
