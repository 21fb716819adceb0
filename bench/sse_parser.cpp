// SSE parser throughput on a generated 100 MiB stream of realistic MiniRAG deltas, fed in chunks from 1 B to
// 64 KiB (issue #4 goal: >= 5M events/s). The stream is generated once; each iteration parses all of it.
#include "ragdesk/client/sse/SseParser.h"

#include <benchmark/benchmark.h>

#include <array>
#include <string>

namespace {

// What the stand-in and MiniRAG send: Python json with ensure_ascii, so non-ASCII arrives as \u escapes.
std::string generateStream(size_t bytes)
{
    static constexpr std::array<const char*, 8> words{" the", " retrieval", " Gr\\u00fc\\u00dfe", "\\n\\n## Pricing\\n",
        " **\\u20ac49**", " plan", " chunk", " \\ud83d\\ude80"};
    std::string stream;
    stream.reserve(bytes + 256);
    stream += "event: sources\ndata: {\"sources\": []}\n\n";
    for (size_t i = 0; stream.size() < bytes; ++i) {
        stream += "event: delta\ndata: {\"content\": \"";
        stream += words[i % words.size()];
        stream += "\"}\n\n";
    }
    return stream;
}

const std::string& stream100MiB()
{
    static const std::string stream = generateStream(100u << 20);
    return stream;
}

void BM_SseParse(benchmark::State& state)
{
    const std::string& stream = stream100MiB();
    const auto chunk = static_cast<size_t>(state.range(0));
    int64_t events = 0;
    for (auto _ : state) {
        ragdesk::client::sse::SseParser parser([&](const ragdesk::client::sse::SseEvent& e) {
            benchmark::DoNotOptimize(e.data.data());
            ++events;
        });
        const std::string_view all(stream);
        for (size_t at = 0; at < all.size(); at += chunk) {
            parser.feed(all.substr(at, chunk));
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(stream.size()));
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SseParse)->Arg(1)->Arg(16)->Arg(256)->Arg(4096)->Arg(65536)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
