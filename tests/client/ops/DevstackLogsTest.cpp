// StackLogs on the devstack: the noise service's hostile mix read back through the engine's log file and through
// `docker logs`, compared with the file as root reads it.
#include "DevstackControl.h"
#include "DevstackSsh.h"
#include "LocalShell.h"
#include "WaitUntil.h"
#include "ops/logs/LogParsers.h"

#include "ragdesk/client/ops/logs/StackLogs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
using ragdesk::client::Error;
using ragdesk::client::Result;
using ragdesk::client::ops::AuditLog;
using ragdesk::client::ops::ContainerTime;
using ragdesk::client::ops::LogAccess;
using ragdesk::client::ops::LogBatch;
using ragdesk::client::ops::LogBuffer;
using ragdesk::client::ops::LogFormat;
using ragdesk::client::ops::LogHistoryRequest;
using ragdesk::client::ops::LogHistoryResult;
using ragdesk::client::ops::LogHistorySink;
using ragdesk::client::ops::LogParser;
using ragdesk::client::ops::LogQueue;
using ragdesk::client::ops::LogRecord;
using ragdesk::client::ops::LogSource;
using ragdesk::client::ops::SaveBounds;
using ragdesk::client::ops::StackLocation;
using ragdesk::client::ops::StackLogs;
using ragdesk::client::ops::StackOps;
using ragdesk::client::ssh::SshConnection;
using ragdesk::test::devstackControl;
using ragdesk::test::devstackEnv;
using ragdesk::test::devstackSshTarget;
using ragdesk::test::runLocal;
using ragdesk::test::ScopedKnob;
using ragdesk::test::TempDir;
using ragdesk::test::waitUntil;

namespace {

/// The record's seq=N (or "seq": N) number; nullopt for lines that carry none (traceback continuations).
std::optional<long> seqOf(std::string_view text)
{
    for (const std::string_view key : {std::string_view("seq="), std::string_view("\"seq\": ")}) {
        const size_t at = text.find(key);
        if (at != std::string_view::npos && at < 200) {
            long value = 0;
            size_t i = at + key.size();
            if (i >= text.size() || text[i] < '0' || text[i] > '9') {
                continue;
            }
            for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
                value = value * 10 + (text[i] - '0');
            }
            return value;
        }
    }
    return std::nullopt;
}

std::string readFrom(const std::string& path, uint64_t offset)
{
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(offset));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A StackLogs on the devstack, and the noise service's log file read as root (the test runs on the VPS's host).
class NoiseLogs {
public:
    StackLocation location() const
    {
        return StackLocation{.name = "devstack",
            .stackDir = devstackEnv("RAGDESK_STACK_DIR"),
            .composeProject = devstackEnv("RAGDESK_COMPOSE_PROJECT")};
    }

    LogSource noise()
    {
        auto found = m_logs.sources({"noise"});
        EXPECT_TRUE(found) << found.error().message;
        return found && !found->empty() ? found->front() : LogSource{};
    }

    /// Records of the file from offset on, as root reads them.
    std::vector<LogRecord> fileRecords(const std::string& path, uint64_t offset)
    {
        std::vector<LogRecord> records;
        LogParser parser(LogFormat::K8sFile);
        parser.feed(readFrom(path, offset), records);
        parser.finish(records);
        return records;
    }

    /// Makes the noise service write `count` records of its whole mix (a long line every `longEvery`) at once,
    /// and returns them as root reads them from the file once all are there.
    std::vector<LogRecord> burst(int count, int longEvery)
    {
        const LogSource source = noise();
        const std::string path = source.logPath;
        const uint64_t before = readFrom(path, 0).size();
        ScopedKnob mix("noise_mix", "all");
        ScopedKnob every("noise_long_every", std::to_string(longEvery));
        devstackControl("knob noise_burst " + std::to_string(count));
        std::vector<LogRecord> records;
        const bool all = waitUntil(
            [&] {
                records = fileRecords(path, before);
                return std::count_if(records.begin(), records.end(),
                           [](const LogRecord& r) { return seqOf(r.text).has_value(); }) >= count;
            },
            60s, 200ms);
        EXPECT_TRUE(all) << "the noise burst did not reach the log file";
        // `docker logs` history ends at the last whole second before it was asked (follow goes on from there):
        // let the burst's last second pass, so a burst written within one second is history, not future.
        if (!records.empty()) {
            const auto lastSecond = std::chrono::floor<std::chrono::seconds>(records.back().time);
            EXPECT_TRUE(waitUntil([&] { return std::chrono::system_clock::now() >= lastSecond + 1100ms; }, 5s));
        }
        return records;
    }

    static std::vector<std::string> texts(const LogBuffer& buffer, size_t first = 0)
    {
        std::vector<std::string> out;
        buffer.forEach(first, buffer.size(), [&](const auto& line) { out.emplace_back(line.text); });
        return out;
    }

    /// The index of the buffer's line that carries seq, or nullopt.
    static std::optional<size_t> findSeq(const LogBuffer& buffer, long seq)
    {
        for (size_t i = buffer.size(); i-- > 0;) {
            if (seqOf(buffer.at(i).text) == seq) {
                return i;
            }
        }
        return std::nullopt;
    }

    /// History of noise since the burst's first second, compared text by text with the file read as root.
    void expectHistoryMatches(const std::vector<LogRecord>& expected, LogAccess access)
    {
        ASSERT_FALSE(expected.empty());
        const LogSource source = noise();
        ASSERT_EQ(source.access, access);
        const long firstSeq = *seqOf(expected.front().text);
        LogBuffer buffer;
        std::vector<size_t> progress;
        const auto result = m_logs.history({.services = {"noise"},
                                               .since = std::chrono::floor<std::chrono::seconds>(expected.front().time),
                                               .maxLines = 1'000'000,
                                               .rangeBytes = size_t{1} << 20,
                                               .progress = [&](const auto& p) { progress.push_back(p.lines); }},
            buffer);
        ASSERT_TRUE(result) << result.error().message;
        const auto start = findSeq(buffer, firstSeq);
        ASSERT_TRUE(start) << "seq=" << firstSeq << " not in the history";
        const auto got = texts(buffer, *start);
        ASSERT_EQ(got.size(), expected.size());
        long lastSeq = firstSeq - 1;
        size_t ansi = 0;
        size_t repaired = 0;
        size_t megabyte = 0;
        for (size_t i = 0; i < got.size(); ++i) {
            ASSERT_EQ(got[i], expected[i].text) << "line " << i;
            const auto line = buffer.at(*start + i);
            EXPECT_EQ(line.spans.size(), expected[i].spans.size()) << "line " << i;
            if (const auto seq = seqOf(got[i])) {
                EXPECT_EQ(*seq, lastSeq + 1) << "a gap before line " << i;
                lastSeq = *seq;
            }
            EXPECT_EQ(got[i].find('\x1b'), std::string::npos);
            ansi += line.spans.empty() ? 0 : 1;
            if (got[i].find("undecodable bytes") != std::string::npos) {
                EXPECT_TRUE(line.repairedUtf8);
                EXPECT_NE(got[i].find("\xEF\xBF\xBD"), std::string::npos);
                ++repaired;
            }
            const size_t bytesAt = got[i].find(" bytes=");
            if (got[i].find("[payload.dump]") != std::string::npos && bytesAt != std::string::npos) {
                const size_t size = std::stoul(got[i].substr(bytesAt + 7));
                EXPECT_EQ(got[i].size(), got[i].find(' ', bytesAt + 7) + 1 + size) << "long line cut";
                megabyte += size > 1'000'000 ? 1 : 0;
            }
        }
        EXPECT_GT(ansi, 0u);
        EXPECT_GT(repaired, 0u);
        EXPECT_GT(megabyte, 0u);
        ASSERT_FALSE(progress.empty());
        if (access == LogAccess::File) {
            EXPECT_LT(progress.front(), result->lines) << "1 MiB ranges: the newest lines went in first, alone";
        }
    }

    TempDir m_dir;
    SshConnection m_ssh{devstackSshTarget()};
    StackOps m_ops{m_ssh, location(), AuditLog(m_dir.path() / "audit.jsonl", devstackEnv("RAGDESK_STACK_DIR"))};
    StackLogs m_logs{m_ops};
};

} // namespace

TEST(Devstack, LogsHistoryThroughTheFileMatchesTheFileReadAsRoot)
{
    NoiseLogs t;
    const auto expected = t.burst(2000, 40);
    t.expectHistoryMatches(expected, LogAccess::File);
}

TEST(Devstack, LogsHistoryThroughDockerLogsMatchesTheFileReadAsRoot)
{
    NoiseLogs t;
    const auto expected = t.burst(2000, 40);
    ScopedKnob unreadable("log_files_readable", "0");
    t.expectHistoryMatches(expected, LogAccess::DockerLogs);
}

TEST(Devstack, LogsHistoryComesNewestFirst)
{
    NoiseLogs t;
    const auto expected = t.burst(3000, 100);
    LogBuffer buffer;
    std::optional<std::string> newestAtFirstBatch;
    size_t firstBatch = 0;
    const auto result = t.m_logs.history({.services = {"noise"},
                                             .maxLines = 2000,
                                             .rangeBytes = size_t{256} << 10,
                                             .progress =
                                                 [&](const auto& p) {
                                                     if (!newestAtFirstBatch) {
                                                         newestAtFirstBatch =
                                                             std::string(buffer.at(buffer.size() - 1).text);
                                                         firstBatch = p.lines;
                                                     }
                                                 }},
        buffer);
    ASSERT_TRUE(result) << result.error().message;
    ASSERT_TRUE(newestAtFirstBatch);
    EXPECT_EQ(*newestAtFirstBatch, expected.back().text);
    EXPECT_LT(firstBatch, 2000u);
    EXPECT_EQ(buffer.size(), 2000u);
    EXPECT_EQ(buffer.at(buffer.size() - 1).text, expected.back().text);
    EXPECT_EQ(buffer.at(0).text, expected[expected.size() - 2000].text);
}

TEST(Devstack, LogsHistoryReachesASinkOnItsThreadNewestBatchFirstAndStopsWhenTold)
{
    NoiseLogs t;
    const auto expected = t.burst(3000, 100);
    // The reading thread hands each batch over as a GUI's queued call would; this thread (the "UI") takes them
    // into its own buffer, so the buffer is only ever touched here.
    std::mutex mutex;
    std::vector<LogSource> sources;
    std::deque<LogBatch> handedOver;
    size_t batchesBeforeSources = 0;
    const LogHistorySink sink{.sources =
                                  [&](const std::vector<LogSource>& found) {
                                      const std::lock_guard lock(mutex);
                                      sources = found;
                                  },
        .sourceIndex = {},
        .older =
            [&](LogBatch&& lines) {
                const std::lock_guard lock(mutex);
                batchesBeforeSources += sources.empty() ? 1 : 0;
                handedOver.push_back(std::move(lines));
                return true;
            }};
    Result<LogHistoryResult> result = Error{};
    std::thread reader([&] {
        result = t.m_logs.history({.services = {"noise"}, .maxLines = 2000, .rangeBytes = size_t{256} << 10}, sink);
    });
    reader.join();
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->lines, 2000u);
    EXPECT_EQ(batchesBeforeSources, 0u);
    ASSERT_EQ(sources.size(), 1u);
    ASSERT_GT(handedOver.size(), 1u) << "read in one batch: the first screen would wait for all of it";
    LogBuffer buffer;
    EXPECT_EQ(buffer.addSource(sources.front().name), 0);
    std::optional<ContainerTime> newerBatchStart;
    for (size_t k = 0; k < handedOver.size(); ++k) {
        LogBatch& batch = handedOver[k];
        ASSERT_FALSE(batch.empty());
        if (newerBatchStart) {
            ASSERT_LE(batch.time(batch.size() - 1), *newerBatchStart) << "batch " << k;
        }
        newerBatchStart = batch.time(0);
        buffer.prepend(std::move(batch));
    }
    ASSERT_EQ(buffer.size(), 2000u);
    EXPECT_EQ(buffer.at(buffer.size() - 1).text, expected.back().text);
    EXPECT_EQ(buffer.at(0).text, expected[expected.size() - 2000].text);
    EXPECT_EQ(buffer.at(0).source, 0);

    // A sink that says stop after its first batch gets no other, and the read ends without an error.
    size_t batches = 0;
    const auto stopped = t.m_logs.history({.services = {"noise"}, .maxLines = 2000, .rangeBytes = size_t{256} << 10},
        LogHistorySink{.sources = {}, .sourceIndex = {}, .older = [&](LogBatch&&) {
                           ++batches;
                           return false;
                       }});
    ASSERT_TRUE(stopped) << stopped.error().message;
    EXPECT_EQ(batches, 1u);
    EXPECT_LT(stopped->lines, 2000u);
}

TEST(Devstack, LogsMergeTwoServicesInTimeOrder)
{
    NoiseLogs t;
    // The proxy logs each request: one before the noise burst and one after, so the two logs interleave.
    const std::string request = "curl -fsS -o /dev/null " + devstackEnv("RAGDESK_API_URL") + "/health";
    runLocal(request);
    const auto noise = t.burst(300, 1000);
    runLocal(request);
    LogBuffer buffer;
    const auto result = t.m_logs.history({.services = {"noise", "proxy"}, .maxLines = 5000}, buffer);
    ASSERT_TRUE(result) << result.error().message;
    ASSERT_EQ(result->sources.size(), 2u);
    ASSERT_GT(buffer.size(), 300u);
    const uint16_t proxy = buffer.addSource("proxy");
    std::vector<size_t> proxyLines;
    for (size_t i = 0; i < buffer.size(); ++i) {
        if (buffer.at(i).source == proxy) {
            proxyLines.push_back(i);
        }
        if (i > 0) {
            ASSERT_LE(buffer.at(i - 1).time, buffer.at(i).time) << "line " << i;
        }
    }
    ASSERT_GE(proxyLines.size(), 2u);
    // The last proxy line (the request after the burst) comes after the burst's last noise line, the one before
    // it before the burst's first.
    const auto first = NoiseLogs::findSeq(buffer, *seqOf(noise.front().text));
    const auto last = NoiseLogs::findSeq(buffer, *seqOf(noise.back().text));
    ASSERT_TRUE(first && last);
    EXPECT_GT(proxyLines.back(), *last);
    EXPECT_LT(proxyLines[proxyLines.size() - 2], *first);
}

TEST(Devstack, LogsFollowSeesNewLinesThroughFileAndDockerLogs)
{
    NoiseLogs t;
    for (const bool file : {true, false}) {
        SCOPED_TRACE(file ? "file" : "docker logs");
        LogQueue queue;
        auto follow = t.m_logs.follow({.services = {"noise"}, .mergeWindow = 100ms, .allowFile = file}, queue);
        ASSERT_TRUE(follow) << follow.error().message;
        EXPECT_EQ((*follow)->sources().front().access, file ? LogAccess::File : LogAccess::DockerLogs);
        ScopedKnob every("noise_long_every", "50");
        devstackControl("knob noise_burst 500");
        std::vector<LogRecord> got;
        const bool seen = waitUntil([&] {
            auto more = queue.drain();
            std::move(more.begin(), more.end(), std::back_inserter(got));
            return std::count_if(got.begin(), got.end(), [](const LogRecord& r) { return seqOf(r.text); }) >= 500;
        });
        ASSERT_TRUE(seen) << "followed " << got.size() << " records";
        std::optional<long> last;
        for (const auto& record : got) {
            if (const auto seq = seqOf(record.text)) {
                if (last) {
                    EXPECT_EQ(*seq, *last + 1);
                }
                last = seq;
            }
        }
        EXPECT_TRUE((*follow)->problems().empty());
    }
}

TEST(Devstack, LogsFollowPicksUpTheContainerThatReplacesAFollowedOne)
{
    for (const bool file : {true, false}) {
        SCOPED_TRACE(file ? "file" : "docker logs");
        NoiseLogs t;
        std::optional<ScopedKnob> unreadable;
        if (!file) {
            unreadable.emplace("log_files_readable", "0");
        }
        const LogSource before = t.noise();
        ASSERT_EQ(before.access, file ? LogAccess::File : LogAccess::DockerLogs);
        LogQueue queue;
        auto follow = t.m_logs.follow({.services = {"noise"}, .mergeWindow = 100ms}, queue);
        ASSERT_TRUE(follow) << follow.error().message;

        // What a deploy's `up -d` does to a service whose image or settings changed.
        const auto engine = t.m_ops.engine();
        ASSERT_TRUE(engine) << engine.error().message;
        std::vector<std::string> argv = {
            "sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", devstackEnv("RAGDESK_STACK_DIR")};
        const auto compose = engine->composeCommand();
        argv.insert(argv.end(), compose.begin(), compose.end());
        argv.insert(argv.end(),
            {"-p", devstackEnv("RAGDESK_COMPOSE_PROJECT"), "up", "-d", "--no-deps", "--force-recreate", "noise"});
        const auto recreated = t.m_ssh.run({.argv = argv, .timeout = 3min});
        ASSERT_TRUE(recreated && recreated->succeeded()) << (recreated ? recreated->err : recreated.error().message);
        ASSERT_NE(t.noise().containerId, before.containerId);

        // The new container's records, seq 1 to 300 (its counter starts again), all come through the same follow.
        devstackControl("knob noise_burst 300");
        std::set<long> seqs;
        const bool all = waitUntil(
            [&] {
                for (const auto& record : queue.drain()) {
                    if (const auto seq = seqOf(record.text); seq && *seq <= 300) {
                        seqs.insert(*seq);
                    }
                }
                return seqs.size() == 300;
            },
            60s, 100ms);
        EXPECT_TRUE(all) << "followed " << seqs.size() << " of the new container's 300 records";
        EXPECT_FALSE((*follow)->finished());
    }
}

TEST(Devstack, LogsFollowResumesWhereHistoryStoppedWithoutAGap)
{
    for (const bool file : {true, false}) {
        SCOPED_TRACE(file ? "file" : "docker logs");
        NoiseLogs t;
        t.burst(200, 1000);
        std::optional<ScopedKnob> unreadable;
        if (!file) {
            unreadable.emplace("log_files_readable", "0");
        }
        LogBuffer buffer;
        const auto history = t.m_logs.history({.services = {"noise"}, .maxLines = 100}, buffer);
        ASSERT_TRUE(history) << history.error().message;
        ASSERT_EQ(buffer.size(), 100u);
        ASSERT_EQ(history->sources.front().access, file ? LogAccess::File : LogAccess::DockerLogs);
        std::optional<long> last;
        for (size_t i = 0; i < buffer.size(); ++i) {
            last = seqOf(buffer.at(i).text).value_or(last.value_or(0));
        }
        ASSERT_TRUE(last);
        LogQueue queue;
        auto follow =
            t.m_logs.follow({.resumeFrom = history->sources,
                                .sourceIndex = [&](const std::string& name) { return buffer.addSource(name); },
                                .mergeWindow = 100ms},
                queue);
        ASSERT_TRUE(follow) << follow.error().message;
        devstackControl("knob noise_burst 300");
        const bool seen = waitUntil([&] {
            buffer.append(queue.drain());
            return seqOf(buffer.at(buffer.size() - 1).text) >= *last + 300;
        });
        ASSERT_TRUE(seen) << "followed up to: " << buffer.at(buffer.size() - 1).text.substr(0, 120);
        for (size_t i = 100; i < buffer.size(); ++i) {
            if (const auto seq = seqOf(buffer.at(i).text)) {
                ASSERT_EQ(*seq, *last + 1) << "line " << i;
                last = seq;
            }
        }
    }
}

TEST(Devstack, LogsFollowIntoAFullQueueCountsWhatItDropped)
{
    NoiseLogs t;
    LogQueue queue(100);
    auto follow = t.m_logs.follow({.services = {"noise"}, .mergeWindow = 50ms}, queue);
    ASSERT_TRUE(follow) << follow.error().message;
    devstackControl("knob noise_burst 1000");
    EXPECT_TRUE(waitUntil([&] { return queue.dropped() >= 900; })) << queue.dropped();
    EXPECT_EQ(queue.size(), 100u);
    (*follow)->stop();
    EXPECT_GE((*follow)->records(), 1000u);
}

TEST(Devstack, LogsSaveIsBoundedByLines)
{
    NoiseLogs t;
    t.burst(300, 1000);
    LogBuffer buffer;
    const auto result = t.m_logs.history({.services = {"noise"}, .maxLines = 1000}, buffer);
    ASSERT_TRUE(result) << result.error().message;
    const auto path = t.m_dir.path() / "noise.log";
    const auto saved = saveLogs(buffer, path, SaveBounds{.maxLines = 100});
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->lines, 100u);
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    ASSERT_EQ(lines.size(), 100u);
    const std::string newest(buffer.at(buffer.size() - 1).text);
    EXPECT_TRUE(
        lines.back().ends_with(newest.substr(0, 100)) || lines.back().find(newest.substr(0, 100)) != std::string::npos);
    EXPECT_NE(lines.back().find(" noise | "), std::string::npos);
}
