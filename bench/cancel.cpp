// How soon cancel() from another thread ends a request that is waiting on the network (issue #4's promise:
// within 100 ms). The peer is a loopback listener that accepts and never answers.
#include "ragdesk/client/api/HttpClient.h"

#include <benchmark/benchmark.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace {

using ragdesk::client::api::HttpClient;
using ragdesk::client::api::HttpOptions;

class SilentListener {
public:
    SilentListener() : m_fd(socket(AF_INET, SOCK_STREAM, 0))
    {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (bind(m_fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(m_fd, 64) != 0 ||
            getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            throw std::runtime_error("cannot listen on loopback");
        }
        m_port = ntohs(address.sin_port);
    }
    ~SilentListener() { close(m_fd); }
    int acceptOne() const { return accept(m_fd, nullptr, nullptr); }
    int port() const { return m_port; }

private:
    int m_fd;
    int m_port = 0;
};

void BM_CancelWaitingRequest(benchmark::State& state)
{
    SilentListener listener;
    HttpClient http("http://127.0.0.1:" + std::to_string(listener.port()),
        HttpOptions{.totalTimeout = std::chrono::milliseconds(60000)});
    double worstMs = 0;
    for (auto _ : state) {
        std::atomic<bool> returned{false};
        std::thread requester([&] {
            (void)http.send({.path = "/never"});
            returned = true;
        });
        const int connection = listener.acceptOne(); // the request is now waiting for an answer
        const auto cancelledAt = std::chrono::steady_clock::now();
        http.cancel();
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
