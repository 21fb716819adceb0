// How soon stopping a request's cancel token from another thread ends a request that is waiting on the network
// (issue #4's promise: within 100 ms; #14's: at once). The peer is a loopback listener that accepts and never
// answers.
#include "SilentListener.h"

#include "ragdesk/client/api/HttpClient.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <thread>

namespace {

using ragdesk::client::CancelSource;
using ragdesk::client::api::HttpClient;
using ragdesk::client::api::HttpOptions;
using ragdesk::test::SilentListener;

void BM_CancelWaitingRequest(benchmark::State& state)
{
    SilentListener listener;
    HttpClient http(listener.url(), HttpOptions{.totalTimeout = std::chrono::milliseconds(60000)});
    double worstMs = 0;
    for (auto _ : state) {
        CancelSource stop;
        std::thread requester([&] { (void)http.send({.path = "/never", .cancel = stop.get_token()}); });
        const int connection = listener.acceptOne(); // the request is now waiting for an answer
        const auto cancelledAt = std::chrono::steady_clock::now();
        stop.request_stop();
        requester.join();
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - cancelledAt).count();
        close(connection);
        worstMs = std::max(worstMs, ms);
        state.SetIterationTime(ms / 1000);
    }
    state.counters["worst_ms"] = worstMs;
}
BENCHMARK(BM_CancelWaitingRequest)->UseManualTime()->Iterations(50)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
