#include "ragdesk/client/ops/logs/LogBuffer.h"
#include "ops/logs/LogCost.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <thread>

#include <unistd.h>

using namespace ragdesk::client::ops;
using namespace std::chrono;

namespace {

LogMatcher matcherOf(const LogFilter& filter)
{
    auto matcher = LogMatcher::compile(filter);
    if (!matcher) {
        throw std::runtime_error(matcher.error().message);
    }
    return std::move(matcher).value();
}

} // namespace

namespace {

ContainerTime at(int second, int micros = 0)
{
    return sys_days(year(2026) / month(11) / day(25)) + hours(18) + minutes(44) + seconds(second) +
        microseconds(micros);
}

LogRecord record(std::string text, ContainerTime time = at(0), uint16_t source = 0, LogLevel level = LogLevel::Unknown,
    LogStream stream = LogStream::Stdout)
{
    LogRecord result;
    result.text = std::move(text);
    result.time = time;
    result.source = source;
    result.level = level;
    result.stream = stream;
    return result;
}

std::vector<LogRecord> numbered(int from, int to, std::string_view prefix = "line ")
{
    std::vector<LogRecord> records;
    for (int k = from; k < to; ++k) {
        records.push_back(record(std::string(prefix) + std::to_string(k), at(k % 60, k)));
    }
    return records;
}

std::vector<std::string> texts(const LogBuffer& buffer)
{
    std::vector<std::string> result;
    buffer.forEach(0, buffer.size(), [&](const LogLine& line) { result.emplace_back(line.text); });
    return result;
}

std::vector<std::string> texts(const std::vector<LogRecord>& records)
{
    std::vector<std::string> result;
    for (const LogRecord& r : records) {
        result.push_back(r.text);
    }
    return result;
}

std::vector<std::string> texts(const LogBatch& batch)
{
    std::vector<std::string> result;
    for (size_t k = 0; k < batch.size(); ++k) {
        result.emplace_back(batch.at(k).text);
    }
    return result;
}

LogBatch batchOf(const std::vector<LogRecord>& records)
{
    LogBatch batch;
    for (const LogRecord& r : records) {
        batch.add(r);
    }
    return batch;
}

/// A record with a bold span over its first two bytes.
LogRecord styled(std::string text, ContainerTime time)
{
    LogRecord result = record(std::move(text), time);
    StyleSpan span;
    span.length = 2;
    span.bold = true;
    result.spans = {span};
    return result;
}

} // namespace

TEST(LogBuffer, StoresRecordsCompactlyAndGivesThemBack)
{
    LogBuffer buffer;
    const uint16_t web = buffer.addSource("web");
    const uint16_t worker = buffer.addSource("worker");
    EXPECT_EQ(buffer.addSource("web"), web);
    EXPECT_EQ(buffer.sourceName(worker), "worker");
    EXPECT_EQ(buffer.sourceCount(), 2u);

    LogRecord styled = record("ERROR styled", at(1, 5), worker, LogLevel::Error, LogStream::Stderr);
    StyleSpan span;
    span.begin = 0;
    span.length = 5;
    span.fg = 2;
    span.bold = true;
    styled.spans = {span};
    styled.rejoined = true;
    styled.repairedUtf8 = true;
    styled.truncated = true;
    styled.malformed = true;
    buffer.append(record("first", at(0), web, LogLevel::Info));
    buffer.append(styled);
    buffer.append(record("", at(2), web));

    ASSERT_EQ(buffer.size(), 3u);
    const LogLine first = buffer.at(0);
    EXPECT_EQ(first.text, "first");
    EXPECT_EQ(first.level, LogLevel::Info);
    EXPECT_EQ(first.source, web);
    EXPECT_TRUE(first.spans.empty());
    EXPECT_FALSE(first.rejoined || first.repairedUtf8 || first.truncated || first.malformed || first.gapBefore);
    const LogLine second = buffer.at(1);
    EXPECT_EQ(second.text, "ERROR styled");
    EXPECT_EQ(second.time, at(1, 5));
    EXPECT_EQ(second.stream, LogStream::Stderr);
    EXPECT_EQ(second.level, LogLevel::Error);
    EXPECT_EQ(second.source, worker);
    ASSERT_EQ(second.spans.size(), 1u);
    EXPECT_EQ(second.spans[0], span);
    EXPECT_TRUE(second.rejoined && second.repairedUtf8 && second.truncated && second.malformed);
    EXPECT_EQ(buffer.at(2).text, "");
    EXPECT_EQ(buffer.indexOf(buffer.idAt(1)), 1u);
    EXPECT_EQ(buffer.usedBytes(), 5u + 12u + 0u + 3 * kLineMetaBytes + sizeof(StyleSpan));
}

TEST(LogBuffer, PrependedHistoryGoesBeforeAppendedLines)
{
    LogBuffer buffer;
    buffer.append(numbered(100, 110));
    const LogLineId firstLive = buffer.idAt(0);
    // History arrives newest range first; each range is in order.
    EXPECT_EQ(buffer.prepend(numbered(90, 100)), 10u);
    EXPECT_EQ(buffer.prepend(numbered(80, 90)), 10u);
    buffer.append(numbered(110, 115));
    const auto all = texts(buffer);
    ASSERT_EQ(all.size(), 35u);
    for (int k = 0; k < 35; ++k) {
        EXPECT_EQ(all[static_cast<size_t>(k)], "line " + std::to_string(80 + k));
    }
    EXPECT_EQ(buffer.idAt(20), firstLive); // ids survive prepending
    EXPECT_EQ(buffer.idAt(0), firstLive - 20);
    EXPECT_EQ(buffer.droppedOlder(), 0u);
    // Into an empty buffer too.
    LogBuffer history;
    history.prepend(numbered(5, 10));
    history.prepend(numbered(0, 5));
    history.append(numbered(10, 12));
    EXPECT_EQ(texts(history).front(), "line 0");
    EXPECT_EQ(texts(history).back(), "line 11");
}

TEST(LogBuffer, EvictsTheOldestAndCountsThem)
{
    LogBuffer buffer(LogBufferLimits{100, 1 << 30});
    buffer.append(numbered(0, 250));
    EXPECT_EQ(buffer.size(), 100u);
    EXPECT_EQ(buffer.at(0).text, "line 150");
    EXPECT_EQ(buffer.at(99).text, "line 249");
    EXPECT_EQ(buffer.droppedOlder(), 150u);
    EXPECT_TRUE(buffer.full());
    const LogLineId oldest = buffer.idAt(0);
    EXPECT_FALSE(buffer.indexOf(oldest - 1));
    // Full: older history is refused and counted, the newest of what was offered kept first.
    EXPECT_EQ(buffer.prepend(numbered(140, 150)), 0u);
    EXPECT_EQ(buffer.droppedOlder(), 160u);
    // A batch larger than the buffer.
    buffer.append(numbered(1000, 1300));
    EXPECT_EQ(buffer.size(), 100u);
    EXPECT_EQ(buffer.at(0).text, "line 1200");
    EXPECT_EQ(buffer.droppedOlder(), 460u);
}

TEST(LogBuffer, PrependKeepsTheNewestThatFit)
{
    LogBuffer buffer(LogBufferLimits{30, 1 << 30});
    buffer.append(numbered(100, 120));
    EXPECT_EQ(buffer.prepend(numbered(80, 100)), 10u);
    EXPECT_EQ(buffer.at(0).text, "line 90");
    EXPECT_EQ(buffer.droppedOlder(), 10u);
    EXPECT_TRUE(buffer.full());
}

TEST(LogBuffer, ByteLimitEvictsToo)
{
    LogBuffer buffer(LogBufferLimits{1'000'000, 100 * (100 + kLineMetaBytes)});
    for (int k = 0; k < 1000; ++k) {
        buffer.append(record(std::string(99, 'x') + std::to_string(k % 10)));
    }
    EXPECT_EQ(buffer.size(), 100u);
    EXPECT_LE(buffer.usedBytes(), 100u * (100 + kLineMetaBytes));
    EXPECT_EQ(buffer.droppedOlder(), 900u);
    // A single huge line bigger than a block.
    buffer.append(record(std::string(3 * 1024 * 1024, 'y')));
    EXPECT_EQ(buffer.size(), 0u); // it does not fit the byte limit either
    LogBuffer roomy;
    roomy.append(record("a"));
    roomy.append(record(std::string(3 * 1024 * 1024, 'y')));
    roomy.append(record("b"));
    EXPECT_EQ(roomy.at(1).text.size(), 3u * 1024 * 1024);
    EXPECT_EQ(roomy.at(2).text, "b");
}

TEST(LogBuffer, MemoryPerLineStaysNearTheRawText)
{
    // 125-byte lines (perf-anchors.md): the store costs the text plus 16 bytes of metadata per line.
    LogBuffer buffer;
    std::vector<LogRecord> batch;
    size_t raw = 0;
    for (int k = 0; k < 200'000; ++k) {
        std::string text = "2026-11-25 19:15:29,810 INFO worker.ingest: seq=" + std::to_string(k) +
            " ingest job finished chunks=17 source=pricing.pdf duration_ms=42";
        text.resize(125, '.');
        raw += text.size();
        batch.push_back(record(std::move(text)));
        if (batch.size() == 10'000) {
            buffer.append(batch);
            batch.clear();
        }
    }
    const double ratio = static_cast<double>(buffer.allocatedBytes()) / static_cast<double>(raw);
    RecordProperty("bytes_per_line", std::to_string(static_cast<double>(buffer.allocatedBytes()) / 200'000));
    EXPECT_LT(ratio, 1.15) << buffer.allocatedBytes() << " bytes for " << raw << " raw";
}

TEST(LogBuffer, FilterFindsSubstringsLevelsStreamsSources)
{
    LogBuffer buffer;
    const uint16_t web = buffer.addSource("web");
    const uint16_t db = buffer.addSource("db");
    buffer.append(record("GET /health 200", at(0), web, LogLevel::Info));
    buffer.append(record("connection ERROR: timeout", at(1), db, LogLevel::Error, LogStream::Stderr));
    buffer.append(record("retrying Timeout", at(2), web, LogLevel::Warning));
    buffer.append(record("time", at(3), web));
    buffer.append(record("out of memory", at(4), db, LogLevel::Fatal));
    auto indices = [&](const LogFilter& filter, size_t first = 0, size_t last = SIZE_MAX) {
        std::vector<size_t> result;
        for (const LogLineId id : buffer.filter(matcherOf(filter), first, last)) {
            result.push_back(*buffer.indexOf(id));
        }
        return result;
    };
    LogFilter filter;
    filter.text = "timeout";
    EXPECT_EQ(indices(filter), (std::vector<size_t>{1, 2}));
    filter.caseSensitive = true;
    EXPECT_EQ(indices(filter), (std::vector<size_t>{1}));
    // A match may not run from one line into the next ("time" + "out of").
    filter.text = "timeout of";
    filter.caseSensitive = false;
    EXPECT_TRUE(indices(filter).empty());
    filter.text = "";
    filter.levels = LogFilter::atLeast(LogLevel::Warning);
    EXPECT_EQ(indices(filter), (std::vector<size_t>{1, 2, 4}));
    filter.levels = LogFilter::atLeast(LogLevel::Unknown);
    EXPECT_EQ(indices(filter).size(), 5u);
    filter.stream = LogStream::Stderr;
    EXPECT_EQ(indices(filter), (std::vector<size_t>{1}));
    filter.stream.reset();
    filter.sources = {db};
    EXPECT_EQ(indices(filter), (std::vector<size_t>{1, 4}));
    filter.sources.clear();
    filter.text = "o";
    EXPECT_EQ(indices(filter, 1, 3), (std::vector<size_t>{1, 2}));
    EXPECT_TRUE(matcherOf(filter).matches(buffer.at(4), buffer.at(4).text));
}

TEST(LogBuffer, FilterAgreesWithAPlainScan)
{
    std::mt19937 random(7);
    LogBuffer buffer(LogBufferLimits{5000, 1 << 30});
    const char* words[] = {"alpha", "Beta", "GAMMA", "delta", "ab", "ba", "\xc3\xa9t\xc3\xa9", "AlPhA"};
    for (int k = 0; k < 20000; ++k) {
        std::string text;
        const size_t count = random() % 6;
        for (size_t w = 0; w < count; ++w) {
            text += words[random() % std::size(words)];
            text += random() % 2 ? " " : "";
        }
        buffer.append(record(text, at(0), 0, static_cast<LogLevel>(random() % 7)));
    }
    for (const char* needle : {"alpha", "ab", "a", "BETA ", "\xc3\xa9t", "gammadelta", "zzz"}) {
        for (const bool caseSensitive : {true, false}) {
            LogFilter filter;
            filter.text = needle;
            filter.caseSensitive = caseSensitive;
            filter.levels = random() % 2 ? 0x7F : LogFilter::atLeast(LogLevel::Info);
            std::vector<LogLineId> expected;
            for (size_t index = 0; index < buffer.size(); ++index) {
                const LogLine line = buffer.at(index);
                std::string text(line.text);
                std::string wanted(needle);
                if (!caseSensitive) {
                    for (auto* s : {&text, &wanted}) {
                        for (char& c : *s) {
                            c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
                        }
                    }
                }
                if (text.find(wanted) != std::string::npos &&
                    (filter.levels & (1u << static_cast<unsigned>(line.level)))) {
                    expected.push_back(line.id);
                }
            }
            EXPECT_EQ(buffer.filter(matcherOf(filter)), expected) << needle << " " << caseSensitive;
        }
    }
}

TEST(LogBuffer, QueueDropsWhenFullAndMarksTheGap)
{
    LogQueue queue(10);
    EXPECT_EQ(queue.push(numbered(0, 8)), 8u);
    EXPECT_EQ(queue.push(numbered(8, 15)), 2u); // 5 dropped
    EXPECT_EQ(queue.dropped(), 5u);
    auto drained = queue.drain();
    EXPECT_EQ(drained.size(), 10u);
    EXPECT_EQ(queue.push(numbered(15, 17)), 2u);
    auto next = queue.drain();
    ASSERT_EQ(next.size(), 2u);
    EXPECT_EQ(next[0].text, "line 15");
    EXPECT_EQ(next[0].skippedBefore, 5u);
    EXPECT_EQ(next[1].skippedBefore, 0u);

    LogBuffer buffer;
    buffer.append(drained);
    buffer.append(next);
    EXPECT_EQ(buffer.droppedUnread(), 5u);
    EXPECT_TRUE(buffer.at(10).gapBefore);
    EXPECT_FALSE(buffer.at(11).gapBefore);
    // Drain in slices.
    queue.push(numbered(0, 7));
    EXPECT_EQ(queue.drain(3).size(), 3u);
    EXPECT_EQ(queue.size(), 4u);
}

TEST(LogBuffer, QueueNeverBlocksTheReader)
{
    // A reader thread pushes as fast as it can while the consumer drains now and then: every record is either
    // delivered in order or counted as dropped.
    LogQueue queue(1000);
    std::atomic<bool> done{false};
    const int batches = 2000;
    std::thread reader([&] {
        for (int b = 0; b < batches; ++b) {
            queue.push(numbered(b * 50, b * 50 + 50));
        }
        done = true;
    });
    std::vector<LogRecord> received;
    while (!done || queue.size() > 0) {
        auto batch = queue.drain();
        received.insert(received.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
        std::this_thread::yield();
    }
    reader.join();
    uint64_t skipped = 0;
    int previous = -1;
    for (const LogRecord& r : received) {
        const int n = std::stoi(r.text.substr(5));
        EXPECT_GT(n, previous);
        EXPECT_EQ(static_cast<uint64_t>(n - previous - 1), r.skippedBefore);
        skipped += r.skippedBefore;
        previous = n;
    }
    EXPECT_EQ(received.size() + queue.dropped(), static_cast<size_t>(batches * 50));
    EXPECT_EQ(skipped + static_cast<uint64_t>(batches * 50 - 1 - previous), queue.dropped());
}

TEST(LogBuffer, MergeByTimeIsStable)
{
    const auto web = batchOf({record("w1", at(1)), record("w3", at(3)), record("w3b", at(3)), record("w5", at(5))});
    const auto db = batchOf({record("d0", at(0)), styled("d3", at(3)), record("d6", at(6))});
    const auto unsorted = batchOf({record("u4", at(4)), record("u2", at(2)), record("u4b", at(4))});
    const auto merged = mergeByTime({web, db, unsorted, {}});
    EXPECT_EQ(texts(merged), (std::vector<std::string>{"d0", "w1", "u2", "w3", "w3b", "d3", "u4", "u4b", "w5", "d6"}));
    EXPECT_EQ(merged.at(5).spans.size(), 1u);
    EXPECT_EQ(merged.at(5).time, at(3));
    EXPECT_TRUE(mergeByTime({}).empty());
    // One batch: sorted as it is, or sorted.
    EXPECT_EQ(texts(mergeByTime({{}, web})), texts(web));
    EXPECT_EQ(texts(mergeByTime({unsorted})), (std::vector<std::string>{"u2", "u4", "u4b"}));
}

TEST(LogBuffer, BatchesSplitDropAndGiveBackWhatTheyWereGiven)
{
    std::vector<LogRecord> records = numbered(0, 10);
    records[2] = styled("line 2", at(2, 2));
    records[7] = styled("line 7", at(7, 7));
    records[8].skippedBefore = 3;
    for (const size_t index : {size_t{0}, size_t{3}, size_t{8}, size_t{10}}) {
        LogBatch front = batchOf(records);
        LogBatch back = front.splitAt(index);
        ASSERT_EQ(front.size(), index);
        ASSERT_EQ(back.size(), 10 - index);
        for (size_t k = 0; k < 10; ++k) {
            const LogLine line = k < index ? front.at(k) : back.at(k - index);
            EXPECT_EQ(line.text, records[k].text) << index << " " << k;
            EXPECT_EQ(line.time, records[k].time);
            EXPECT_EQ(line.spans.size(), records[k].spans.size());
            EXPECT_EQ(line.gapBefore, records[k].skippedBefore > 0);
        }
        // Both parts can grow on.
        front.add(record("more"));
        EXPECT_EQ(front.at(front.size() - 1).text, "more");
        EXPECT_TRUE(front.at(front.size() - 1).spans.empty());
    }
    LogBatch batch = batchOf(records);
    batch.dropFront(4);
    EXPECT_EQ(batch.size(), 6u);
    EXPECT_EQ(batch.at(0).text, "line 4");
    EXPECT_EQ(batch.textBytes(), 6u * 6u);
    EXPECT_EQ(batch.at(3).spans.size(), 1u);
    size_t each = 0;
    for (size_t k = 0; k < batch.size(); ++k) {
        each += batch.cost(k);
    }
    EXPECT_EQ(batch.cost(), each); // the dropped line 2's span is not counted
    EXPECT_EQ(each, 6u * 6u + 6u * kLineMetaBytes + sizeof(StyleSpan));
    batch.dropFront(100);
    EXPECT_TRUE(batch.empty());
}

TEST(LogBuffer, PrependedBatchBecomesABlockAndKeepsTheNewestThatFit)
{
    LogBuffer buffer(LogBufferLimits{30, 1 << 30});
    buffer.append(numbered(100, 110));
    const LogLineId firstLive = buffer.idAt(0);
    EXPECT_EQ(buffer.prepend(batchOf(numbered(90, 100))), 10u);
    std::vector<LogRecord> older = numbered(70, 90);
    older[15] = styled("line 85", at(25, 85));
    EXPECT_EQ(buffer.prepend(batchOf(older)), 10u); // 80..89 fit, 70..79 do not
    EXPECT_EQ(buffer.droppedOlder(), 10u);
    EXPECT_TRUE(buffer.full());
    const auto all = texts(buffer);
    ASSERT_EQ(all.size(), 30u);
    for (int k = 0; k < 30; ++k) {
        EXPECT_EQ(all[static_cast<size_t>(k)], "line " + std::to_string(80 + k));
    }
    EXPECT_EQ(buffer.at(5).spans.size(), 1u);
    EXPECT_EQ(buffer.idAt(20), firstLive);
    EXPECT_EQ(buffer.indexOf(buffer.idAt(3)), 3u);
    LogFilter filter;
    filter.text = "line 8";
    EXPECT_EQ(buffer.filter(matcherOf(filter)).size(), 10u);
    // Appending evicts the prepended block's lines from the front.
    buffer.append(numbered(110, 125));
    EXPECT_EQ(buffer.at(0).text, "line 95");
    EXPECT_EQ(buffer.usedBytes(), 5u * 7 + 25u * 8 + 30u * kLineMetaBytes); // "line 95".."line 124"
    EXPECT_EQ(buffer.prepend(LogBatch()), 0u);
}
TEST(LogBuffer, LiveMergerOrdersWithinItsWindow)
{
    using Clock = LiveMerger::Clock;
    const Clock::time_point t0{};
    LiveMerger merger(milliseconds(300));
    merger.add(record("web 10", at(10)), t0);
    merger.add(record("db 9", at(9)), t0 + milliseconds(100)); // arrived later, happened earlier
    EXPECT_TRUE(merger.release(t0 + milliseconds(200)).empty());
    EXPECT_EQ(texts(merger.release(t0 + milliseconds(300))), (std::vector<std::string>{"db 9", "web 10"}));
    merger.add(record("web 12", at(12)), t0 + milliseconds(400));
    merger.add(record("db 11", at(11)), t0 + milliseconds(450));
    merger.add(record("db 13", at(13)), t0 + milliseconds(650));
    // web 12 is due at 700: everything up to its time goes, db 13 waits.
    EXPECT_EQ(texts(merger.release(t0 + milliseconds(700))), (std::vector<std::string>{"db 11", "web 12"}));
    EXPECT_EQ(merger.pending(), 1u);
    // Too late to be ordered: goes out at once.
    merger.add(record("web 8", at(8)), t0 + milliseconds(800));
    EXPECT_EQ(merger.late(), 1u);
    EXPECT_EQ(texts(merger.release(t0 + milliseconds(801))), (std::vector<std::string>{"web 8"}));
    EXPECT_EQ(texts(merger.flush()), (std::vector<std::string>{"db 13"}));
}

TEST(LogBuffer, SavesLinesWithinBounds)
{
    LogBuffer buffer;
    const uint16_t web = buffer.addSource("web");
    const uint16_t db = buffer.addSource("db");
    buffer.append(record("one", at(1, 5), web, LogLevel::Info));
    buffer.append(record("two", at(2), db, LogLevel::Error, LogStream::Stderr));
    buffer.append(record("three", at(3), web));
    buffer.append(record("four", at(4), web, LogLevel::Error));

    std::ostringstream all;
    const auto summary = saveLogs(buffer, all);
    ASSERT_TRUE(summary);
    EXPECT_EQ(all.str(),
        "2026-11-25T18:44:01.000005Z web | one\n"
        "2026-11-25T18:44:02.000000Z db (stderr) | two\n"
        "2026-11-25T18:44:03.000000Z web | three\n"
        "2026-11-25T18:44:04.000000Z web | four\n");
    EXPECT_EQ(summary->lines, 4u);
    EXPECT_EQ(summary->bytes, all.str().size());

    auto save = [&](const SaveBounds& bounds) {
        std::ostringstream out;
        const auto result = saveLogs(buffer, out, bounds);
        EXPECT_TRUE(result);
        return out.str();
    };
    SaveBounds newest;
    newest.maxLines = 2;
    EXPECT_EQ(save(newest), "2026-11-25T18:44:03.000000Z web | three\n2026-11-25T18:44:04.000000Z web | four\n");
    SaveBounds oldest = newest;
    oldest.keepNewest = false;
    EXPECT_EQ(save(oldest), "2026-11-25T18:44:01.000005Z web | one\n2026-11-25T18:44:02.000000Z db (stderr) | two\n");
    SaveBounds bytes;
    bytes.maxBytes = 80; // the last line (39 bytes) and the one before (40) fit, not a third
    EXPECT_EQ(save(bytes), "2026-11-25T18:44:03.000000Z web | three\n2026-11-25T18:44:04.000000Z web | four\n");
    SaveBounds window;
    window.from = at(2);
    window.to = at(3);
    EXPECT_EQ(save(window), "2026-11-25T18:44:02.000000Z db (stderr) | two\n2026-11-25T18:44:03.000000Z web | three\n");
    LogFilter errorLevels;
    errorLevels.levels = LogFilter::atLeast(LogLevel::Error);
    const LogMatcher errors = matcherOf(errorLevels);
    SaveBounds filtered;
    filtered.filter = &errors;
    filtered.maxLines = 1;
    std::ostringstream out;
    const auto result = saveLogs(buffer, out, filtered);
    ASSERT_TRUE(result);
    EXPECT_EQ(out.str(), "2026-11-25T18:44:04.000000Z web | four\n");
    EXPECT_EQ(result->skipped, 1u);
    SaveBounds range;
    range.first = 1;
    range.last = 2;
    EXPECT_EQ(save(range), "2026-11-25T18:44:02.000000Z db (stderr) | two\n");
}

TEST(LogBuffer, SavesToAFileOrSaysWhyNot)
{
    LogBuffer buffer;
    buffer.addSource("web");
    buffer.append(numbered(0, 3));
    const auto dir = std::filesystem::temp_directory_path() / ("ragdesk-logsave-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / "web.log";
    const auto saved = saveLogs(buffer, path);
    ASSERT_TRUE(saved) << saved.error().message;
    std::ifstream in(path);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(content.substr(0, 40), "2026-11-25T18:44:00.000000Z web | line 0");
    EXPECT_EQ(saved->lines, 3u);
    EXPECT_FALSE(std::filesystem::exists(dir / "web.log.part"));
    EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const auto failed = saveLogs(buffer, dir / "missing" / "x.log");
    EXPECT_FALSE(failed);
    std::ostringstream broken;
    broken.setstate(std::ios::badbit);
    EXPECT_FALSE(saveLogs(buffer, broken));
    std::filesystem::remove_all(dir);
}

TEST(LogBuffer, TimesFarFromABatchsFirstLineKeepTheirMicroseconds)
{
    // Times are kept as 32-bit µs after the batch's first line (±35 minutes); lines further away, before or after,
    // must come back exact all the same, through a split, a drop and a buffer.
    const ContainerTime first = at(0, 123456);
    const std::vector<ContainerTime> times{
        first, first + 34min, first - 2h, first + hours(24 * 3650) + 7us, first + 1us, first - 36min, first + 5s};
    // The extremes a hostile line could carry: the difference from the first would overflow.
    const LogBatch extremes = batchOf({record("max", ContainerTime::max()), record("min", ContainerTime::min())});
    EXPECT_EQ(extremes.time(0), ContainerTime::max());
    EXPECT_EQ(extremes.time(1), ContainerTime::min());
    std::vector<LogRecord> records;
    for (size_t k = 0; k < times.size(); ++k) {
        records.push_back(record("line " + std::to_string(k), times[k]));
    }
    LogBatch batch = batchOf(records);
    for (size_t k = 0; k < times.size(); ++k) {
        EXPECT_EQ(batch.time(k), times[k]) << k;
        EXPECT_EQ(batch.at(k).time, times[k]) << k;
    }
    LogBatch back = batch.splitAt(3);
    ASSERT_EQ(batch.size(), 3u);
    ASSERT_EQ(back.size(), 4u);
    for (size_t k = 0; k < 3; ++k) {
        EXPECT_EQ(batch.time(k), times[k]) << k;
    }
    for (size_t k = 0; k < 4; ++k) {
        EXPECT_EQ(back.time(k), times[3 + k]) << k;
    }
    LogBatch whole = batchOf(records);
    const LogBatch tail = whole.splitAt(5); // the larger part first: the far times of the cut lines go with them
    ASSERT_EQ(whole.size(), 5u);
    for (size_t k = 0; k < 5; ++k) {
        EXPECT_EQ(whole.time(k), times[k]) << k;
    }
    EXPECT_EQ(tail.time(0), times[5]);
    EXPECT_EQ(tail.time(1), times[6]);
    back.dropFront(1);
    EXPECT_EQ(back.time(0), times[4]);
    EXPECT_EQ(back.time(1), times[5]);
    LogBuffer buffer;
    buffer.prepend(std::move(back));
    buffer.append(records[3]);
    EXPECT_EQ(buffer.at(2).time, times[6]);
    EXPECT_EQ(buffer.at(3).time, times[3]);
}
