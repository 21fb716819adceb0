// The log viewer built for volume (issue #16), offscreen, each figure beside its reference measured in the same run:
// - ingest: lines of ~125 bytes appended in batches of 10,000 into the Logs page's LogBuffer with a shown LogView
//   following the end (append + bufferChanged + a synchronous repaint per batch), as lines/s over the first 1M lines
//   and over the 5th million (flat = the same), the worst batch and the median repaint (in the app a repaint comes
//   at most once a frame, not per batch); the reference is the anchors' compact store (the bytes in 1 MiB chunks +
//   one 32-bit offset per line, no view).
// - memory: bytes the buffer holds per line against the line's text (+ newline) and against the line as
//   `docker logs -t` delivered it (the 31-byte timestamp the parser took out, the text, the newline).
// - filter over 1M lines, on one thread and as the Logs page runs it (a part per core): a substring (references:
//   `grep -ci` on the same lines in a file, its output to a pipe; glibc's memmem over that file's bytes on one core,
//   case-sensitive; the naive std::string_view::find per line) and regular expressions (`grep -ciE` the same way).
// - following 50,000 lines/s: 5,000 lines per 100 ms tick into a buffer already holding 1M lines, what the page does
//   per tick (append, the filter over the new lines, the view told, a repaint), worst and p99 tick, without and with
//   a regular expression filter showing only its matches.
// RAGDESK_BENCH_SMOKE=1 runs each on 100,000 lines.
#include "OffscreenBenchmarks.h"
#include "widgets/LogView.h"

#include "LocalShell.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using ragdesk::client::ops::ContainerTime;
using ragdesk::client::ops::LogBuffer;
using ragdesk::client::ops::LogBufferLimits;
using ragdesk::client::ops::LogFilter;
using ragdesk::client::ops::LogLevel;
using ragdesk::client::ops::LogLineId;
using ragdesk::client::ops::LogMatcher;
using ragdesk::client::ops::LogRecord;
using Clock = std::chrono::steady_clock;

constexpr size_t kBatch = 10'000;
constexpr size_t kTimestampBytes = 31; // "2026-12-07T14:28:24.788123456Z "

bool smoke()
{
    return std::getenv("RAGDESK_BENCH_SMOKE") != nullptr;
}

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double fraction)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[std::min(values.size() - 1, static_cast<size_t>(values.size() * fraction))];
}

/// Log lines of about 125 bytes from four services: levels mostly info, a warning or error now and then, one line in
/// 97 with a timeout, numbers that differ from line to line.
class LineMaker {
public:
    std::vector<LogRecord> next(size_t count)
    {
        static constexpr std::array kWords{"request", "handled", "path", "/api/v1/chat", "tenant", "bot", "latency",
            "cache", "hit", "miss", "upstream", "pool", "connection", "worker", "ingest", "chunk", "embed", "vector"};
        static constexpr std::array kComponents{"api.chat", "api.sources", "ingest.worker", "db.pool"};
        std::vector<LogRecord> records(count);
        for (LogRecord& record : records) {
            ++m_seq;
            m_micros += 20;
            const unsigned roll = m_random() % 100;
            record.level = roll < 3 ? LogLevel::Error : roll < 10 ? LogLevel::Warning : LogLevel::Info;
            record.source = static_cast<uint16_t>(m_seq % 4);
            record.time = ContainerTime(std::chrono::microseconds(m_micros));
            std::string& text = record.text;
            text.reserve(140);
            text += record.level == LogLevel::Error ? "ERROR " : record.level == LogLevel::Warning ? "WARN " : "INFO ";
            text += kComponents[m_seq % kComponents.size()];
            text += " seq=" + std::to_string(m_seq);
            while (text.size() < 105) {
                text += ' ';
                text += kWords[m_random() % kWords.size()];
            }
            text += m_seq % 97 == 0 ? " timeout after 30s" : " status=200";
            text += " user_id=" + std::to_string(m_random() % 100'000);
        }
        return records;
    }

private:
    std::mt19937 m_random{5};
    int64_t m_micros = 1'765'000'000'000'000;
    uint64_t m_seq = 0;
};

/// The anchors' compact store: the bytes in 1 MiB chunks and one 32-bit offset per line.
class CompactStore {
public:
    void append(const std::vector<LogRecord>& records)
    {
        for (const LogRecord& record : records) {
            if (m_chunks.empty() || m_chunks.back().size() + record.text.size() > m_chunks.back().capacity()) {
                m_chunks.emplace_back();
                m_chunks.back().reserve(std::max<size_t>(1 << 20, record.text.size()));
            }
            m_chunks.back() += record.text;
            m_ends.push_back(static_cast<uint32_t>(m_chunks.back().size()));
        }
    }

private:
    std::vector<std::string> m_chunks;
    std::vector<uint32_t> m_ends;
};

/// A shown view following the end of a buffer.
struct ShownView {
    explicit ShownView(const LogBuffer& buffer)
    {
        view.resize(1100, 700);
        view.setBuffer(&buffer);
        view.show();
        QCoreApplication::processEvents();
    }
    ragdesk::ui::LogView view;
};

/// Lines per second over batches [from, to) of per-batch times.
double linesPerSecond(const std::vector<double>& batchMs, size_t from, size_t to)
{
    double ms = 0;
    for (size_t batch = from; batch < to; ++batch) {
        ms += batchMs[batch];
    }
    return ms > 0 ? static_cast<double>((to - from) * kBatch) / ms * 1000 : 0;
}

void BM_IngestIntoView(benchmark::State& state)
{
    const size_t total = smoke() ? 100'000 : 5'000'000;
    const size_t stretch = std::min<size_t>(total, 1'000'000) / kBatch; // batches per million lines
    for (auto _ : state) {
        LogBuffer buffer(LogBufferLimits{.maxLines = total, .maxBytes = size_t{4} << 30});
        for (int source = 0; source < 4; ++source) {
            buffer.addSource("service-" + std::to_string(source));
        }
        ShownView shown(buffer);
        CompactStore store;
        LineMaker lines;
        std::vector<double> viewMs;
        std::vector<double> paintMs;
        std::vector<double> storeMs;
        size_t textBytes = 0;
        for (size_t done = 0; done < total; done += kBatch) {
            const auto batch = lines.next(kBatch);
            for (const LogRecord& record : batch) {
                textBytes += record.text.size();
            }
            auto start = Clock::now();
            buffer.append(batch);
            shown.view.bufferChanged();
            const auto painting = Clock::now();
            shown.view.viewport()->repaint();
            paintMs.push_back(msSince(painting));
            viewMs.push_back(msSince(start));
            start = Clock::now();
            store.append(batch);
            storeMs.push_back(msSince(start));
        }
        const size_t batches = viewMs.size();
        state.counters["view_lines_per_s_first_1M"] = linesPerSecond(viewMs, 0, stretch);
        state.counters["view_lines_per_s_last_1M"] = linesPerSecond(viewMs, batches - stretch, batches);
        state.counters["ref_compact_store_lines_per_s"] = linesPerSecond(storeMs, 0, batches);
        state.counters["worst_batch_ms"] = *std::max_element(viewMs.begin(), viewMs.end());
        state.counters["paint_median_ms"] = percentile(paintMs, 0.5);
        const double lineCount = static_cast<double>(buffer.size());
        const double heldPerLine = static_cast<double>(buffer.allocatedBytes()) / lineCount;
        const double textPerLine = static_cast<double>(textBytes) / lineCount;
        state.counters["held_bytes_per_line"] = heldPerLine;
        state.counters["held_over_text_and_newline"] = heldPerLine / (textPerLine + 1);
        state.counters["held_over_line_as_read"] = heldPerLine / (kTimestampBytes + textPerLine + 1);
    }
}
BENCHMARK(BM_IngestIntoView)->Iterations(1)->Unit(benchmark::kMillisecond);

/// A buffer of `count` lines and the same texts in a file, one per line, for grep.
struct Corpus {
    explicit Corpus(size_t count) : buffer(LogBufferLimits{.maxLines = count, .maxBytes = size_t{4} << 30})
    {
        LineMaker lines;
        std::ofstream out(file);
        for (size_t done = 0; done < count; done += kBatch) {
            const auto batch = lines.next(std::min(kBatch, count - done));
            for (const LogRecord& record : batch) {
                out << record.text << '\n';
            }
            buffer.append(batch);
        }
    }
    ragdesk::test::TempDir dir;
    std::string file = dir / "lines.log";
    LogBuffer buffer;
};

/// The best of three runs of a command line, its output read from a pipe (GNU grep stops at the first match when
/// it writes to /dev/null), and that output.
std::pair<double, std::string> bestRunOf(const std::string& commandLine)
{
    double best = 1e9;
    std::string output;
    for (int run = 0; run < 3; ++run) {
        const auto start = Clock::now();
        output = ragdesk::test::runLocal(commandLine);
        best = std::min(best, msSince(start));
    }
    return {best, output};
}

/// The best of three runs of `work`, and what it returned the last time.
template <typename Work> std::pair<double, size_t> bestOf(const Work& work)
{
    double best = 1e9;
    size_t result = 0;
    for (int run = 0; run < 3; ++run) {
        const auto start = Clock::now();
        result = work();
        best = std::min(best, msSince(start));
    }
    return {best, result};
}

/// What the Logs page does: the lines split into a part per core, each searched on a thread of its own.
size_t searchOnEveryCore(LogBuffer& buffer, const LogMatcher& matcher)
{
    const auto parts = buffer.snapshot().split(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<size_t> found(parts.size());
    std::vector<std::thread> threads;
    for (size_t part = 0; part < parts.size(); ++part) {
        threads.emplace_back([&, part] {
            parts[part].filter(matcher, [&](std::vector<LogLineId>&& ids) {
                found[part] += ids.size();
                return true;
            });
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    return std::accumulate(found.begin(), found.end(), size_t{0});
}

LogMatcher matcherOf(const std::string& text, bool regex)
{
    auto matcher = LogMatcher::compile(LogFilter{.text = text, .regex = regex});
    if (!matcher) {
        throw std::runtime_error(matcher.error().message);
    }
    return std::move(matcher).value();
}

void BM_FilterSubstring(benchmark::State& state)
{
    Corpus corpus(smoke() ? 100'000 : 1'000'000);
    const LogMatcher matcher = matcherOf("timeout", false);
    for (auto _ : state) {
        const auto [ms, found] = bestOf([&] { return corpus.buffer.filter(matcher).size(); });
        const auto [naiveMs, naiveFound] = bestOf([&] {
            size_t hits = 0;
            corpus.buffer.forEach(0, corpus.buffer.size(),
                [&](const auto& line) { hits += line.text.find("timeout") != std::string_view::npos; });
            return hits;
        });
        const auto [coresMs, coresFound] = bestOf([&] { return searchOnEveryCore(corpus.buffer, matcher); });
        const std::string bytes = [&] {
            std::ifstream in(corpus.file);
            return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }();
        const auto [memmemMs, memmemFound] = bestOf([&] {
            size_t hits = 0;
            for (const char* at = bytes.data();
                 const void* hit = memmem(at, static_cast<size_t>(bytes.data() + bytes.size() - at), "timeout", 7);) {
                ++hits;
                at = static_cast<const char*>(hit) + 7;
            }
            return hits;
        });
        const auto [grepMs, grepOut] = bestRunOf("LC_ALL=C.UTF-8 grep -ci timeout '" + corpus.file + "'");
        state.counters["lines"] = static_cast<double>(corpus.buffer.size());
        state.counters["matches"] = static_cast<double>(found);
        state.counters["filter_ms"] = ms;
        state.counters["filter_every_core_ms"] = coresMs;
        state.counters["ref_memmem_one_core_ms"] = memmemMs;
        state.counters["ref_find_per_line_ms"] = naiveMs;
        state.counters["ref_grep_ci_ms"] = grepMs;
        state.counters["grep_agrees"] =
            std::stoul(grepOut) == found && naiveFound == found && coresFound == found && memmemFound == found;
    }
}
BENCHMARK(BM_FilterSubstring)->Iterations(1)->Unit(benchmark::kMillisecond);

/// A regular expression over the corpus against `grep -ciE`: `pattern` names the counters.
void filterRegex(benchmark::State& state, const std::string& pattern)
{
    Corpus corpus(smoke() ? 100'000 : 1'000'000);
    const LogMatcher matcher = matcherOf(pattern, true);
    for (auto _ : state) {
        const auto [ms, found] = bestOf([&] { return corpus.buffer.filter(matcher).size(); });
        const auto [coresMs, coresFound] = bestOf([&] { return searchOnEveryCore(corpus.buffer, matcher); });
        ragdesk::test::runLocal("true"); // the shell's first start is not grep's
        const auto [grepMs, grepOut] = bestRunOf("LC_ALL=C.UTF-8 grep -ciE '" + pattern + "' '" + corpus.file + "'");
        state.counters["matches"] = static_cast<double>(found);
        state.counters["filter_ms"] = ms;
        state.counters["ref_grep_ciE_ms"] = grepMs;
        state.counters["filter_over_grep"] = ms / grepMs;
        state.counters["filter_every_core_ms"] = coresMs;
        state.counters["grep_agrees"] = std::stoul(grepOut) == found && coresFound == found;
    }
}

void BM_FilterRegexWithLiterals(benchmark::State& state)
{
    filterRegex(state, "error|timeout");
}
BENCHMARK(BM_FilterRegexWithLiterals)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_FilterRegexWithoutLiterals(benchmark::State& state)
{
    filterRegex(state, "user_id=9[0-9]{3}$");
}
BENCHMARK(BM_FilterRegexWithoutLiterals)->Iterations(1)->Unit(benchmark::kMillisecond);

/// Following 50,000 lines/s into a buffer of 1M lines: what the Logs page does per 100 ms tick, timed per tick.
void follow(benchmark::State& state, const std::optional<LogMatcher>& filter)
{
    const size_t held = smoke() ? 100'000 : 1'000'000;
    const size_t ticks = smoke() ? 20 : 200;
    constexpr size_t kPerTick = 5'000;
    for (auto _ : state) {
        LogBuffer buffer(LogBufferLimits{.maxLines = held, .maxBytes = size_t{4} << 30});
        buffer.addSource("web");
        LineMaker lines;
        for (size_t done = 0; done < held; done += kBatch) {
            buffer.append(lines.next(kBatch));
        }
        std::vector<LogLineId> matches = filter ? buffer.filter(*filter) : std::vector<LogLineId>{};
        ShownView shown(buffer);
        if (filter) {
            shown.view.setRows(&matches);
            shown.view.setHighlight(filter);
        }
        std::vector<double> tickMs;
        for (size_t tick = 0; tick < ticks; ++tick) {
            const auto records = lines.next(kPerTick);
            const auto start = Clock::now();
            const LogLineId firstNew = buffer.idAt(buffer.size());
            buffer.append(records);
            if (filter) {
                const auto fresh = buffer.indexOf(firstNew);
                const auto found = buffer.filter(*filter, fresh ? *fresh : 0);
                matches.insert(matches.end(), found.begin(), found.end());
                matches.erase(matches.begin(), std::lower_bound(matches.begin(), matches.end(), buffer.idAt(0)));
                shown.view.rowsChanged();
            } else {
                shown.view.bufferChanged();
            }
            shown.view.viewport()->repaint();
            tickMs.push_back(msSince(start));
        }
        state.counters["worst_tick_ms"] = *std::max_element(tickMs.begin(), tickMs.end());
        state.counters["p99_tick_ms"] = percentile(tickMs, 0.99);
        state.counters["median_tick_ms"] = percentile(tickMs, 0.5);
        state.counters["ref_frame_ms"] = 16;
    }
}

void BM_Follow50kLinesPerSecond(benchmark::State& state)
{
    follow(state, std::nullopt);
}
BENCHMARK(BM_Follow50kLinesPerSecond)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_Follow50kLinesPerSecondFiltered(benchmark::State& state)
{
    follow(state, matcherOf("error|timeout", true));
}
BENCHMARK(BM_Follow50kLinesPerSecondFiltered)->Iterations(1)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    return runOffscreenBenchmarks(argc, argv);
}
