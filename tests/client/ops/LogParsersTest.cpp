#include "ops/logs/LogParsers.h"
#include "ragdesk/client/ops/logs/TerminalText.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>

using namespace ragdesk::client::ops;
using namespace std::chrono;

namespace ragdesk::client::ops {
// Readable failures.
void PrintTo(const LogRecord& record, std::ostream* out)
{
    *out << "{" << record.time.time_since_epoch().count() << " " << name(record.stream) << " " << name(record.level)
         << (record.rejoined ? " rejoined" : "") << (record.repairedUtf8 ? " repaired" : "")
         << (record.truncated ? " truncated" : "") << (record.malformed ? " malformed" : "") << " spans "
         << record.spans.size() << " \"" << record.text.substr(0, 120) << (record.text.size() > 120 ? "...\"" : "\"")
         << " (" << record.text.size() << " bytes)}";
}
} // namespace ragdesk::client::ops

namespace {

std::string fixture(const std::string& name)
{
    std::ifstream in(std::string(RAGDESK_TEST_DATA) + "/ops/logs/" + name, std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<LogRecord> parseAll(LogFormat format, std::string_view bytes, LogParserOptions options = {})
{
    LogParser parser(format, options);
    std::vector<LogRecord> out;
    parser.feed(bytes, out);
    parser.finish(out);
    return out;
}

std::vector<LogRecord> parseInChunks(
    LogFormat format, std::string_view bytes, size_t chunk, LogParserOptions options = {})
{
    LogParser parser(format, options);
    std::vector<LogRecord> out;
    for (size_t at = 0; at < bytes.size(); at += chunk) {
        parser.feed(bytes.substr(at, chunk), out);
    }
    parser.finish(out);
    return out;
}

ContainerTime utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int micros = 0)
{
    return sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s) + microseconds(micros);
}

// "seq=N" or "\"seq\": N" as the noise service writes it.
std::optional<int> seqOf(std::string_view text)
{
    for (const std::string_view key : {std::string_view("seq="), std::string_view("\"seq\": ")}) {
        const size_t at = text.find(key);
        if (at != std::string_view::npos) {
            int value = 0;
            size_t k = at + key.size();
            while (k < text.size() && text[k] >= '0' && text[k] <= '9') {
                value = value * 10 + (text[k++] - '0');
            }
            return value;
        }
    }
    return std::nullopt;
}

// The level devstack/stack/app/standin/noise.py gave record `seq` of the recorded burst (noise_long_every=220).
LogLevel noiseLevel(int seq)
{
    if (seq % 220 == 0) {
        return LogLevel::Debug;
    }
    if (seq % 197 == 0) {
        return LogLevel::Error;
    }
    if (seq % 499 == 0) {
        return LogLevel::Warning;
    }
    const int k = (seq * 7) % 20;
    return k < 12 ? LogLevel::Info : k < 16 ? LogLevel::Debug : k < 19 ? LogLevel::Warning : LogLevel::Error;
}

std::string noiseFiller(size_t size)
{
    std::string filler;
    while (filler.size() < size) {
        filler += "0123456789abcdefghijklmnopqrstuvwxyz";
    }
    filler.resize(size);
    return filler;
}

void expectSameRecords(const std::vector<LogRecord>& actual, const std::vector<LogRecord>& expected)
{
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t k = 0; k < actual.size(); ++k) {
        EXPECT_EQ(actual[k], expected[k]) << "record " << k;
        if (actual[k] != expected[k]) {
            return;
        }
    }
}

// A line of `length` bytes with ANSI colour, multi-byte characters and a tab in it, ending in a marker.
std::string longLine(size_t length)
{
    std::string line = "\x1b[1;31mERROR\x1b[0m big payload: ";
    const std::string unit = "Gr\xc3\xbc\xc3\x9f"
                             "e \xe2\x9c\x85 \x1b[32mgreen\x1b[0m\tabcdefghijklmnopqrstuvwxyz ";
    while (line.size() + unit.size() < length - 4) {
        line += unit;
    }
    line.append(length - 4 - line.size(), 'x');
    line += " END";
    return line;
}

} // namespace

// --- Timestamps ------------------------------------------------------------------------------------------------

TEST(LogParsers, ParseLogTime)
{
    EXPECT_EQ(parseLogTime("2026-11-25T18:44:44.867458770Z"), utc(2026, 11, 25, 18, 44, 44, 867458));
    EXPECT_EQ(parseLogTime("2026-11-25T18:44:44.867458770+00:00"), utc(2026, 11, 25, 18, 44, 44, 867458));
    EXPECT_EQ(parseLogTime("2026-11-25T19:44:44.5+01:00"), utc(2026, 11, 25, 18, 44, 44, 500000));
    EXPECT_EQ(parseLogTime("2026-11-25T18:44:44Z"), utc(2026, 11, 25, 18, 44, 44));
    EXPECT_EQ(parseLogTime("2024-02-29T00:00:00Z"), utc(2024, 2, 29, 0, 0, 0));
    EXPECT_EQ(parseLogTime("1969-12-31T23:59:59.999999Z"), utc(1969, 12, 31, 23, 59, 59, 999999));
    for (const char* bad : {"", "2026-11-25", "2026-11-25T18:44:44", "2026-13-25T18:44:44Z", "2026-02-30T18:44:44Z",
             "2025-02-29T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T18:44:44.Z", "2026-11-25T18:44:44.1234567890Z",
             "2026-11-25T18:44:44Zx", "2026-11-25 18:44:44Z", "2026-11-25T18:44:44+0100"}) {
        EXPECT_FALSE(parseLogTime(bad)) << bad;
    }
}

// --- k8s-file (podman) -----------------------------------------------------------------------------------------

TEST(LogParsers, K8sFileJoinsPartialsPerStream)
{
    const std::string file = "2026-11-25T18:44:44.100000000+00:00 stdout P first \n"
                             "2026-11-25T18:44:44.200000000+00:00 stderr F an error line\n"
                             "2026-11-25T18:44:44.300000000+00:00 stdout P second \n"
                             "2026-11-25T18:44:44.400000000+00:00 stdout F third\n"
                             "2026-11-25T18:44:44.500000000+00:00 stdout F \n"
                             "2026-11-25T18:44:44.600000000+00:00 stdout F\n";
    const auto records = parseAll(LogFormat::K8sFile, file);
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0].text, "an error line");
    EXPECT_EQ(records[0].stream, LogStream::Stderr);
    EXPECT_FALSE(records[0].rejoined);
    EXPECT_EQ(records[1].text, "first second third");
    EXPECT_EQ(records[1].stream, LogStream::Stdout);
    EXPECT_EQ(records[1].time, utc(2026, 11, 25, 18, 44, 44, 100000)); // the first part's
    EXPECT_TRUE(records[1].rejoined);
    EXPECT_EQ(records[2].text, "");
    EXPECT_EQ(records[3].text, "");
}

TEST(LogParsers, K8sFileFixtureHasEveryNoiseRecordOnce)
{
    const auto records = parseAll(LogFormat::K8sFile, fixture("podman4.3-k8s-file-noise.log"));
    ASSERT_EQ(records.size(), 516u); // seq 1001..1500 plus 8 traceback lines after 1182 and 1379
    std::map<int, const LogRecord*> bySeq;
    size_t continuation = 0;
    for (const LogRecord& record : records) {
        EXPECT_EQ(record.stream, LogStream::Stdout);
        EXPECT_FALSE(record.malformed) << record.text;
        EXPECT_TRUE(isValidUtf8(record.text));
        EXPECT_GE(record.time, utc(2026, 11, 25, 19, 16, 58));
        const auto seq = seqOf(record.text);
        if (!seq) {
            ++continuation;
            EXPECT_EQ(record.level, LogLevel::Error) << record.text; // inherited from the ERROR line before
            continue;
        }
        EXPECT_TRUE(bySeq.emplace(*seq, &record).second) << *seq;
        EXPECT_EQ(record.level, noiseLevel(*seq)) << record.text;
    }
    EXPECT_EQ(continuation, 16u);
    ASSERT_EQ(bySeq.size(), 500u);
    EXPECT_EQ(bySeq.begin()->first, 1001);
    EXPECT_EQ(bySeq.rbegin()->first, 1500);

    // The two long records come back whole, byte for byte.
    const LogRecord& long16k = *bySeq.at(1100);
    EXPECT_TRUE(long16k.rejoined);
    EXPECT_EQ(long16k.text, "2026-11-25T19:16:58.628Z DEBUG [payload.dump] seq=1100 bytes=16507 " + noiseFiller(16507));
    const LogRecord& long64k = *bySeq.at(1320);
    EXPECT_TRUE(long64k.rejoined);
    EXPECT_EQ(long64k.text, "2026-11-25T19:16:58.628Z DEBUG [payload.dump] seq=1320 bytes=65536 " + noiseFiller(65536));

    // Invalid UTF-8 replaced, not dropped.
    const LogRecord& invalid = *bySeq.at(1497);
    EXPECT_TRUE(invalid.repairedUtf8);
    EXPECT_NE(invalid.text.find("undecodable bytes: \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD "
                                "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD"),
        std::string::npos);

    // ANSI lines: escapes gone, spans kept.
    size_t withSpans = 0;
    for (const LogRecord& record : records) {
        EXPECT_EQ(record.text.find('\x1b'), std::string::npos);
        withSpans += record.spans.empty() ? 0 : 1;
    }
    EXPECT_GT(withSpans, 100u);
}

TEST(LogParsers, K8sFileStartHasStderr)
{
    const auto records = parseAll(LogFormat::K8sFile, fixture("podman4.3-k8s-file-start.log"));
    ASSERT_EQ(records.size(), 14u);
    for (size_t k = 0; k < 11; ++k) {
        EXPECT_EQ(records[k].stream, LogStream::Stderr);
        EXPECT_EQ(records[k].level, LogLevel::Info);
        EXPECT_NE(records[k].text.find("noise generator started"), std::string::npos);
    }
    EXPECT_EQ(records[0].time, utc(2026, 11, 25, 18, 44, 42, 192425));
    EXPECT_EQ(records[11].stream, LogStream::Stdout);
}

// --- docker logs -t --------------------------------------------------------------------------------------------

TEST(LogParsers, DockerLogsSinceEqualsTheEngineFile)
{
    // `docker logs -t --since` of the same burst the k8s-file fixture holds: podman prints every partial entry
    // behind its own whole-second timestamp, inside the line. Rejoined, both sources agree.
    const auto fromFile = parseAll(LogFormat::K8sFile, fixture("podman4.3-k8s-file-noise.log"));
    const std::string cli = fixture("docker28-podman4.3-logs-t-since.stdout");
    const auto fromCli = parseAll(LogFormat::DockerTimestamped, cli);
    ASSERT_EQ(fromCli.size(), fromFile.size());
    for (size_t k = 0; k < fromCli.size(); ++k) {
        EXPECT_EQ(fromCli[k].text, fromFile[k].text) << k;
        EXPECT_EQ(fromCli[k].spans, fromFile[k].spans) << k;
        EXPECT_EQ(fromCli[k].level, fromFile[k].level) << k;
        EXPECT_EQ(fromCli[k].rejoined, fromFile[k].rejoined) << k;
        EXPECT_EQ(fromCli[k].time, floor<seconds>(fromFile[k].time)) << k;
    }
    // Without rejoining, the timestamps stay inside the long lines.
    LogParserOptions raw;
    raw.rejoinTimestampedParts = false;
    const auto unjoined = parseAll(LogFormat::DockerTimestamped, cli, raw);
    ASSERT_EQ(unjoined.size(), fromCli.size());
    size_t inner = 0;
    size_t split = 0;
    for (size_t k = 0; k < unjoined.size(); ++k) {
        inner += unjoined[k].text != fromCli[k].text ? 1 : 0;
        split += fromFile[k].rejoined ? 1 : 0;
    }
    EXPECT_EQ(inner, split); // every record conmon wrote in more than one part
    EXPECT_EQ(split, 9u);
}

TEST(LogParsers, DockerLogsTailShowsPodmansTailBug)
{
    // podman 4.3 `--tail` reads the file backwards and mishandles partial entries: a record's P parts come out in
    // reverse order glued to the line before, the F part on its own line (fixed in podman 4.7, PR #19562). Nothing
    // can undo that here; read the engine's file instead. This pins what the recording shows.
    const auto records = parseAll(LogFormat::DockerTimestamped, fixture("docker28-podman4.3-logs-t-tail200.stdout"));
    ASSERT_EQ(records.size(), 200u);
    EXPECT_EQ(seqOf(records[0].text), 1309);
    EXPECT_EQ(seqOf(records[10].text), 1319);
    EXPECT_GT(records[10].text.size(), 59000u); // seq 1319's line + seq 1320's parts, reversed
    EXPECT_EQ(records[10].text.find("2026-11-25T19:16:58.628Z DEBUG [payload.dump] seq=1320"), 100u + 57344u);
    EXPECT_TRUE(fixture("docker28-podman4.3-logs-t-tail200.stderr").empty());
}

TEST(LogParsers, DockerLogsStderrPipe)
{
    LogParserOptions options;
    options.stream = LogStream::Stderr;
    const auto records =
        parseAll(LogFormat::DockerTimestamped, fixture("docker28-podman4.3-logs-t-all.stderr"), options);
    ASSERT_EQ(records.size(), 11u);
    EXPECT_EQ(records[0].time, utc(2026, 11, 25, 18, 44, 42));
    EXPECT_EQ(records[0].stream, LogStream::Stderr);
    EXPECT_EQ(records[0].level, LogLevel::Info);
    EXPECT_EQ(records[0].text,
        "2026-11-25 18:44:42,192 INFO standin.noise: noise generator started (knobs noise_rate, noise_mix, "
        "noise_long_every, noise_burst)");
}

TEST(LogParsers, DockerLogsInnerLookalikesStay)
{
    // An application's own timestamp at the start of its text is never the engine's (a part is never empty).
    auto one = [](const std::string& line) { return parseAll(LogFormat::DockerTimestamped, line + "\n").at(0); };
    EXPECT_EQ(one("2026-11-25T19:16:58Z 2026-11-25T19:16:58Z INFO started").text, "2026-11-25T19:16:58Z INFO started");
    // Docker's nano stamps only every 16384 bytes.
    const std::string stamp = "2026-11-25T18:44:44.867458770Z";
    EXPECT_EQ(one(stamp + " at " + stamp + " something").text, "at " + stamp + " something");
    // Podman's, with a time before the line's or past the window, or another shape: kept.
    EXPECT_EQ(one("2026-11-25T19:16:58Z x 2026-11-25T19:16:57Z y").text, "x 2026-11-25T19:16:57Z y");
    EXPECT_EQ(one("2026-11-25T19:16:58Z x 2026-11-25T19:36:58Z y").text, "x 2026-11-25T19:36:58Z y");
    EXPECT_EQ(one("2026-11-25T19:16:58Z x 2026-11-25T19:16:58.5Z y").text, "x 2026-11-25T19:16:58.5Z y");
    EXPECT_EQ(one("2026-11-25T19:16:58Z x 2026-11-25T19:16:58Z").text, "x 2026-11-25T19:16:58Z");
    // The documented risk: a same-second stamp of exactly podman's shape inside a short line goes.
    EXPECT_EQ(one("2026-11-25T19:16:58Z x 2026-11-25T19:16:58Z y").text, "x y");
    // A line without a timestamp is kept as it is.
    const LogRecord bad = one("no timestamp here");
    EXPECT_TRUE(bad.malformed);
    EXPECT_EQ(bad.text, "no timestamp here");
    EXPECT_EQ(one("2026-11-25T19:16:58Z").text, "");
}

// --- json-file (docker) ----------------------------------------------------------------------------------------

TEST(LogParsers, JsonFileFixture)
{
    const auto records = parseAll(LogFormat::DockerJsonFile, fixture("docker-json-file-handwritten.log"));
    ASSERT_EQ(records.size(), 17u);
    for (const LogRecord& record : records) {
        EXPECT_FALSE(record.malformed) << record.text;
    }
    EXPECT_EQ(records[0].stream, LogStream::Stderr);
    EXPECT_EQ(records[0].time, utc(2026, 11, 25, 18, 44, 44, 101234));
    EXPECT_EQ(records[0].level, LogLevel::Info);
    EXPECT_EQ(records[1].level, LogLevel::Info); // JSON "level"
    EXPECT_EQ(records[2].level, LogLevel::Debug); // logfmt
    EXPECT_EQ(records[3].text,
        "2026-11-25T18:44:44.101Z INFO  db.pool seq=3 retrying upstream call attempt=2 "
        "backoff_ms=400");
    EXPECT_EQ(records[3].spans.size(), 3u);
    EXPECT_EQ(records[4].text,
        "[2026-11-25T18:44:44.101Z] [WARN] seq=4 user logged in: dana@acme.example (M\xc3\xbcller) \xe2\x9c\x85 "
        "<script>&</script>");
    EXPECT_EQ(records[4].level, LogLevel::Warning);
    EXPECT_EQ(records[5].level, LogLevel::Error); // glog
    EXPECT_NE(records[6].text.find("caf\xEF\xBF\xBD"), std::string::npos); // docker wrote \ufffd already
    EXPECT_EQ(records[7].text, "2026-11-25T18:44:44.101Z DEBUG [payload.dump] seq=7 bytes=16507 " + noiseFiller(16507));
    EXPECT_TRUE(records[7].rejoined);
    EXPECT_EQ(records[7].time, utc(2026, 11, 25, 18, 44, 44, 109876)); // the first part's
    EXPECT_EQ(records[8].stream, LogStream::Stderr);
    EXPECT_EQ(records[8].level, LogLevel::Error);
    EXPECT_EQ(records[9].text, "Traceback (most recent call last):");
    EXPECT_EQ(records[9].level, LogLevel::Error);
    EXPECT_EQ(records[10].level, LogLevel::Error);
    EXPECT_EQ(records[11].level, LogLevel::Error);
    EXPECT_EQ(records[12].text, "seq=9 a tty container ends its lines with CR LF");
    EXPECT_EQ(records[13].text, "seq=10 with labels/env log-opts the entry carries attrs");
    EXPECT_EQ(records[14].text, "seq=11 tab\there, a NUL  and a bell  inside");
    EXPECT_EQ(records[15].text, "");
    // The last entry has no line end: held until finish().
    LogParser parser(LogFormat::DockerJsonFile);
    std::vector<LogRecord> out;
    parser.feed(fixture("docker-json-file-handwritten.log"), out);
    EXPECT_EQ(out.size(), 16u);
    parser.finish(out);
    ASSERT_EQ(out.size(), 17u);
    EXPECT_EQ(out[16].text, "seq=12 the last line, unfinished when the container stopped");
}

TEST(LogParsers, JsonFileOtherShapesAndMalformedLines)
{
    const std::string file =
        "{\"stream\":\"stderr\",\"time\":\"2026-11-25T18:44:44Z\",\"log\":\"reordered\\n\"}\n"
        "{ \"log\" : \"spaced\\n\" , \"stream\" : \"stdout\" , \"time\" : \"2026-11-25T18:44:45Z\" }\n"
        "{\"log\":\"pair \\ud83d\\ude00 lone \\ud800 end\\n\",\"stream\":\"stdout\",\"time\":"
        "\"2026-11-25T18:44:46Z\"}\n"
        "not json at all\n"
        "{\"log\":\"no time\\n\",\"stream\":\"stdout\"}\n";
    const auto records = parseAll(LogFormat::DockerJsonFile, file);
    ASSERT_EQ(records.size(), 5u);
    EXPECT_EQ(records[0].text, "reordered");
    EXPECT_EQ(records[0].stream, LogStream::Stderr);
    EXPECT_EQ(records[1].text, "spaced");
    EXPECT_EQ(records[2].text, "pair \xF0\x9F\x98\x80 lone \xEF\xBF\xBD end");
    EXPECT_TRUE(records[2].repairedUtf8);
    EXPECT_TRUE(records[3].malformed);
    EXPECT_EQ(records[3].text, "not json at all");
    EXPECT_EQ(records[3].time, utc(2026, 11, 25, 18, 44, 46)); // the previous record's
    EXPECT_TRUE(records[4].malformed);
}

// --- Any split, long lines, hostile lines ----------------------------------------------------------------------

TEST(LogParsers, EverySplitPointGivesTheSameRecords)
{
    const std::string k8s = "2026-11-25T18:44:44.1+00:00 stdout P \x1b[3\n"
                            "2026-11-25T18:44:44.2+00:00 stderr F caf\xc3\xa9 \x1b]0;t\x07ok\n"
                            "2026-11-25T18:44:44.3+00:00 stdout P 1mred \xe2\x9c\n"
                            "2026-11-25T18:44:44.3+00:00 stdout F \x85 still red\x1b[0m\n"
                            "garbage\n"
                            "2026-11-25T18:44:44.4+00:00 stdout F last";
    const std::string json =
        "{\"log\":\"\\u001b[1mbold \\u00e9\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T18:44:44Z\"}\n"
        "{\"log\":\"part \",\"stream\":\"stderr\",\"time\":\"2026-11-25T18:44:45Z\"}\n"
        "{\"log\":\"two\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-25T18:44:46Z\"}\n";
    const std::string timestamped = "2026-11-25T18:44:44.867458770Z WARN \xc3\xa9t\xc3\xa9\n"
                                    "2026-11-25T18:44:45Z 10%\r100%\n"
                                    "2026-11-25T18:44:46Z";
    for (const auto& [format, input] : {std::pair{LogFormat::K8sFile, k8s}, std::pair{LogFormat::DockerJsonFile, json},
             std::pair{LogFormat::DockerTimestamped, timestamped}}) {
        const auto whole = parseAll(format, input);
        ASSERT_FALSE(whole.empty());
        for (size_t cut = 0; cut <= input.size(); ++cut) {
            LogParser parser(format);
            std::vector<LogRecord> out;
            parser.feed(std::string_view(input).substr(0, cut), out);
            parser.feed(std::string_view(input).substr(cut), out);
            parser.finish(out);
            expectSameRecords(out, whole);
        }
        expectSameRecords(parseInChunks(format, input, 1), whole);
    }
    // The k8s record joined across a multi-byte character and an escape sequence cut between partial entries.
    const auto records = parseAll(LogFormat::K8sFile, k8s);
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[1].text, "red \xe2\x9c\x85 still red");
    EXPECT_FALSE(records[1].repairedUtf8);
    EXPECT_EQ(records[1].spans.size(), 1u);
}

TEST(LogParsers, FixturesByteByByteEqualAtOnce)
{
    for (const auto& [format, name] : {std::pair{LogFormat::K8sFile, "podman4.3-k8s-file-noise.log"},
             std::pair{LogFormat::DockerJsonFile, "docker-json-file-handwritten.log"},
             std::pair{LogFormat::DockerTimestamped, "docker28-podman4.3-logs-t-since.stdout"}}) {
        const std::string bytes = fixture(name);
        const auto whole = parseAll(format, bytes);
        expectSameRecords(parseInChunks(format, bytes, 1), whole);
        expectSameRecords(parseInChunks(format, bytes, 4093), whole);
    }
}

TEST(LogParsers, MegabyteLineComesBackWholeFromEverySource)
{
    const std::string line = longLine(1024 * 1024);
    const CleanText expected = cleanTerminalText(line);
    auto check = [&](LogFormat format, const std::string& bytes, const char* what) {
        SCOPED_TRACE(what);
        for (const size_t chunk : {size_t{1} << 30, size_t{65536}, size_t{777}}) {
            const auto records = parseInChunks(format, bytes, chunk);
            ASSERT_EQ(records.size(), 2u);
            EXPECT_TRUE(records[0].rejoined);
            EXPECT_FALSE(records[0].truncated);
            EXPECT_EQ(records[0].text.size(), expected.text.size());
            EXPECT_TRUE(records[0].text == expected.text);
            EXPECT_TRUE(records[0].spans == expected.spans);
            EXPECT_EQ(records[0].level, LogLevel::Error);
            EXPECT_EQ(records[1].text, "next");
        }
    };

    // podman k8s-file: the first part up to a read's end, then 8192-byte parts.
    std::string k8s;
    for (size_t at = 0, part = 4602; at < line.size(); at += part, part = 8192) {
        const bool last = at + part >= line.size();
        k8s += "2026-11-25T19:15:29.824" + std::to_string(100000 + at / 8192) + "+00:00 stdout " +
            (last ? "F " : "P ") + line.substr(at, part) + "\n";
    }
    k8s += "2026-11-25T19:15:30.000000000+00:00 stdout F next\n";
    check(LogFormat::K8sFile, k8s, "k8s-file");

    // docker json-file: 16384-byte entries.
    auto jsonEscape = [](std::string_view text) {
        std::string out;
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (byte < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", byte);
                out += buffer;
            } else {
                out += c;
            }
        }
        return out;
    };
    std::string json;
    for (size_t at = 0; at < line.size(); at += 16384) {
        const bool last = at + 16384 >= line.size();
        json += "{\"log\":\"" + jsonEscape(line.substr(at, 16384)) + (last ? "\\n" : "") +
            "\",\"stream\":\"stdout\",\"time\":\"2026-11-25T18:44:44.86745877Z\"}\n";
    }
    json += "{\"log\":\"next\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T18:44:45Z\"}\n";
    check(LogFormat::DockerJsonFile, json, "json-file");

    // docker logs -t from Docker Engine: a 9-digit stamp before every 16384-byte part, one line.
    std::string dockerCli;
    for (size_t at = 0; at < line.size(); at += 16384) {
        dockerCli += "2026-11-25T18:44:44.86745" + std::to_string(1000 + at / 16384) + "Z " + line.substr(at, 16384);
    }
    dockerCli += "\n2026-11-25T18:44:45.000000000Z next\n";
    check(LogFormat::DockerTimestamped, dockerCli, "docker logs -t, docker");

    // docker logs -t from podman 4.3: whole-second stamps before conmon's parts.
    std::string podmanCli;
    for (size_t at = 0, part = 4602; at < line.size(); at += part, part = 8192) {
        podmanCli += std::string(at == 0 ? "2026-11-25T19:15:29Z " : "2026-11-25T19:15:30Z ") + line.substr(at, part);
    }
    podmanCli += "\n2026-11-25T19:15:31Z next\n";
    check(LogFormat::DockerTimestamped, podmanCli, "docker logs -t, podman");
}

TEST(LogParsers, LinesOverTheCapAreCutAndSaySo)
{
    LogParserOptions options;
    options.maxLineBytes = 1000;
    std::string k8s;
    for (int part = 0; part < 10; ++part) {
        k8s +=
            "2026-11-25T19:15:29.1+00:00 stdout " + std::string(part == 9 ? "F " : "P ") + std::string(500, 'a') + "\n";
    }
    LogParser parser(LogFormat::K8sFile, options);
    std::vector<LogRecord> out;
    parser.feed(k8s, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].truncated);
    EXPECT_EQ(out[0].text, std::string(1000, 'a') + " [... truncated: the line had 5000 bytes]");
    // A physical line without an end never grows past its bound.
    LogParser endless(LogFormat::DockerTimestamped, options);
    const std::string chunk(4096, 'b');
    endless.feed("2026-11-25T19:15:29Z ", out);
    for (int k = 0; k < 1000; ++k) {
        endless.feed(chunk, out);
        EXPECT_LE(endless.pendingBytes(), 2 * options.maxLineBytes + 64 * 1024);
    }
    endless.feed("\n", out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_TRUE(out[1].truncated);
    EXPECT_EQ(out[1].text.substr(0, 1000), std::string(1000, 'b'));
    EXPECT_EQ(out[1].time, utc(2026, 11, 25, 19, 15, 29));
}

TEST(LogParsers, HostileInput)
{
    // NUL bytes, escape floods, partial entries that never end: bounded, valid, nothing thrown.
    std::string k8s = "2026-11-25T19:15:29.1+00:00 stdout F a";
    k8s += '\0';
    k8s += "b\n";
    std::string flood;
    for (int k = 0; k < 100000; ++k) {
        flood += "\x1b[\x1b]";
    }
    k8s += "2026-11-25T19:15:29.1+00:00 stdout F " + flood + "visible\n";
    for (int k = 0; k < 2000; ++k) {
        k8s += "2026-11-25T19:15:29.1+00:00 stderr P " + std::string(8192, '\xff') + "\n";
    }
    LogParser parser(LogFormat::K8sFile);
    std::vector<LogRecord> out;
    parser.feed(k8s, out);
    EXPECT_LE(parser.pendingBytes(), kMaxLogLineBytes);
    parser.finish(out);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].text, "ab");
    EXPECT_EQ(out[1].text.substr(out[1].text.size() - 7), "visible");
    EXPECT_TRUE(out[2].truncated);
    EXPECT_TRUE(out[2].repairedUtf8);
    for (const LogRecord& record : out) {
        EXPECT_TRUE(isValidUtf8(record.text));
        EXPECT_LE(record.text.size(), kMaxLogLineBytes + 100);
    }
    // Hostile json: a huge unterminated line and deep nesting.
    std::string json = "{\"log\":\"" + std::string(9 * 1024 * 1024, 'x') + "\n" + std::string(100000, '[') + "\n";
    const auto records = parseAll(LogFormat::DockerJsonFile, json);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_TRUE(records[0].truncated);
    EXPECT_TRUE(records[1].malformed);
}

// --- Levels ----------------------------------------------------------------------------------------------------

TEST(LogLevels, DetectsCommonForms)
{
    const std::pair<const char*, LogLevel> cases[] = {
        // JSON
        {R"({"ts": "2026-11-25T19:15:29.810Z", "level": "warn", "seq": 1})", LogLevel::Warning},
        {R"({"lvl":"ERR","msg":"x"})", LogLevel::Error},
        {R"({"severity":"CRITICAL"})", LogLevel::Fatal},
        {R"({"levelname": "DEBUG"})", LogLevel::Debug},
        {R"({"level":30,"msg":"pino"})", LogLevel::Info},
        {R"({"level":50})", LogLevel::Error},
        {R"({"level":10})", LogLevel::Trace},
        {R"({"level":60})", LogLevel::Fatal},
        {R"({"@l":"Warning","@m":"serilog"})", LogLevel::Warning},
        {R"({"msg":"the \"level\": error","x":1})", LogLevel::Unknown},
        {R"({"msg":"level"})", LogLevel::Unknown},
        // logfmt
        {R"(ts=2026-11-25T19:15:29.810Z level=info logger=x msg="y")", LogLevel::Info},
        {R"(time="2026-11-25T19:15:29Z" level=warning msg="logrus")", LogLevel::Warning},
        {R"(msg="set level=error" level=debug)", LogLevel::Debug},
        // glog / klog, redis
        {"E1125 12:00:00.123456 1 main.go:10] failed", LogLevel::Error},
        {"I1125 19:15:29.810 96 cache.py:88] seq=95", LogLevel::Info},
        {"W1125 12:00:00 x", LogLevel::Warning},
        {"F1125 12:00:00 x", LogLevel::Fatal},
        {"1:M 25 Nov 2026 19:15:29.810 * Ready to accept connections tcp", LogLevel::Info},
        {"1:C 25 Nov 2026 19:15:29.810 # WARNING Memory overcommit must be enabled!", LogLevel::Warning},
        {"1:C 02 Nov 20:05:05.140 # Warning: no config file specified", LogLevel::Warning},
        {"1:M 25 Nov 2026 19:15:29.810 . debug detail", LogLevel::Debug},
        // Prefixed and bracketed
        {"2026-11-25 19:15:29,810 INFO auth: seq=92", LogLevel::Info},
        {"2026-11-25T19:15:29.810Z WARN  worker.ingest seq=90", LogLevel::Warning},
        {"[2026-11-25T19:15:29.810Z] [ERROR] seq=89", LogLevel::Error},
        {"[2026-11-25 19:15:29 +0000] [1] [INFO] Starting gunicorn 21.2.0", LogLevel::Info},
        {"[2026-11-25 19:15:29,810: WARNING/MainProcess] celery", LogLevel::Warning},
        {"WARNING:root:python logging", LogLevel::Warning},
        {"INFO:     127.0.0.1:58840 - \"GET /health HTTP/1.1\" 200 OK", LogLevel::Info},
        {"ERROR: relation \"x\" does not exist", LogLevel::Error},
        {"error: failed to connect", LogLevel::Error},
        {"Error: boom", LogLevel::Error},
        {"2026-11-25 19:15:29.810 UTC [1] LOG:  database system is ready to accept connections", LogLevel::Info},
        {"2026-11-25 19:15:29.810 UTC [57] FATAL:  password authentication failed", LogLevel::Fatal},
        {"2026-11-25 19:15:29.810 UTC [57] ERROR:  duplicate key value", LogLevel::Error},
        {"2026-11-25 19:15:29.810 UTC [57] WARNING:  there is no transaction in progress", LogLevel::Warning},
        {"2026-11-25 19:15:29.810 UTC [57] DEBUG1:  x", LogLevel::Debug},
        {"2026/11/25 19:15:29 [error] 29#29: *1 open() failed", LogLevel::Error},
        {"2026/11/25 19:15:29 [warn] 1#1: conflicting server name", LogLevel::Warning},
        {"2026/11/25 19:15:29 [notice] 1#1: start worker processes", LogLevel::Info},
        {"2026/11/25 19:15:29 [crit] 1#1: x", LogLevel::Fatal},
        {"WARN[0000] logrus tty form", LogLevel::Warning},
        {"ERRO[0001] logrus tty form", LogLevel::Error},
        {"2026-11-25T19:15:29Z INF zerolog console", LogLevel::Info},
        {"2026-11-25T19:15:29.810Z\tinfo\tzap\tmsg", LogLevel::Info},
        {"TRACE entering", LogLevel::Trace},
        {"PANIC: runtime error", LogLevel::Fatal},
        {"[ warn ] padded", LogLevel::Warning},
    };
    for (const auto& [text, level] : cases) {
        EXPECT_EQ(detectLevel(text), level) << text;
    }
}

TEST(LogLevels, WordsInsideTheTextAreNotLevels)
{
    for (const char* text : {"no errors found", "errors: 0", "Error handling finished", "0 errors, 2 warnings",
             "user error rate is 0.1%", "Information about the job", "info about the job", "log rotated", "LOG rotated",
             "Debugger attached", "the fatal flaw", "GET /error HTTP/1.1 200",
             "172.18.0.1 - - [25/Nov/2026:19:15:29 +0000] \"GET /api/error HTTP/1.1\" 500 12", "[api.chat] seq=3 ok",
             "Nov 25 19:15:29 host sshd[1]: error: x", "", "   ", "ts=1 msg=\"level=error\"", "{\"lvl\": \"loud\"}",
             "WARNINGS ahead", "2026-11-25 19:15:29 UTC user warn"}) {
        EXPECT_EQ(detectLevel(text), LogLevel::Unknown) << text;
    }
}

TEST(LogLevels, ContinuationLinesTakeThePreviousLevel)
{
    EXPECT_TRUE(isContinuationLine("  File \"/app/x.py\", line 1, in f"));
    EXPECT_TRUE(isContinuationLine("\tat com.example.Main.run(Main.java:10)"));
    EXPECT_TRUE(isContinuationLine("Traceback (most recent call last):"));
    EXPECT_TRUE(isContinuationLine("app.services.retriever.RetrievalError: vector search failed"));
    EXPECT_TRUE(isContinuationLine("KeyError"));
    EXPECT_TRUE(isContinuationLine("Caused by: java.io.IOException: x"));
    EXPECT_TRUE(isContinuationLine("DETAIL:  Key (id)=(1) already exists."));
    EXPECT_FALSE(isContinuationLine("ErrorHandler: ok"));
    EXPECT_FALSE(isContinuationLine("INFO ok"));
    EXPECT_FALSE(isContinuationLine(""));

    const std::string file = "2026-11-25T18:44:44.1+00:00 stderr F WARNING:root:careful\n"
                             "2026-11-25T18:44:44.1+00:00 stderr F   detail of the warning\n"
                             "2026-11-25T18:44:44.1+00:00 stdout F plain line\n"
                             "2026-11-25T18:44:44.1+00:00 stdout F   indented after nothing\n"
                             "2026-11-25T18:44:44.1+00:00 stdout F Traceback (most recent call last):\n"
                             "2026-11-25T18:44:44.1+00:00 stdout F   File \"x.py\", line 1\n"
                             "2026-11-25T18:44:44.2+00:00 stdout F ValueError: bad\n"
                             "2026-11-25T18:44:44.3+00:00 stdout F ERROR:  duplicate key\n"
                             "2026-11-25T18:44:44.3+00:00 stdout F DETAIL:  Key (id)=(1) already exists.\n";
    const auto records = parseAll(LogFormat::K8sFile, file);
    std::vector<LogLevel> levels;
    for (const LogRecord& record : records) {
        levels.push_back(record.level);
    }
    EXPECT_EQ(levels,
        (std::vector<LogLevel>{LogLevel::Warning, LogLevel::Warning, LogLevel::Unknown, LogLevel::Unknown,
            LogLevel::Error, LogLevel::Error, LogLevel::Error, LogLevel::Error, LogLevel::Error}));
}

// --- Newest range first ----------------------------------------------------------------------------------------

namespace {

// What the SSH side does: read [a, b) ranges going back from the file's end, carry the bytes before each cut to
// the next older range, and parse each from its cut. The batches, oldest first, must equal the whole file's.
std::vector<LogRecord> parseNewestFirst(LogFormat format, std::string_view file, size_t rangeBytes)
{
    std::vector<std::vector<LogRecord>> newestFirst;
    std::string carry;
    size_t b = file.size();
    while (true) {
        const size_t a = b > rangeBytes ? b - rangeBytes : 0;
        const std::string range = std::string(file.substr(a, b - a)) + carry;
        if (a == 0) {
            newestFirst.push_back(parseAll(format, range));
            break;
        }
        const size_t cut = historyCut(format, range);
        if (cut == std::string_view::npos) {
            carry = range;
        } else {
            newestFirst.push_back(parseAll(format, std::string_view(range).substr(cut)));
            carry = range.substr(0, cut);
        }
        b = a;
    }
    std::vector<LogRecord> all;
    for (auto it = newestFirst.rbegin(); it != newestFirst.rend(); ++it) {
        all.insert(all.end(), it->begin(), it->end());
    }
    return all;
}

} // namespace

TEST(LogParsers, HistoryNewestFirstEqualsTheWholeFile)
{
    const std::string k8s = fixture("podman4.3-k8s-file-start.log") + fixture("podman4.3-k8s-file-noise.log");
    const auto whole = parseAll(LogFormat::K8sFile, k8s);
    for (const size_t range : {size_t{1000}, size_t{4096}, size_t{8300}, size_t{30000}, size_t{100000}}) {
        SCOPED_TRACE(range);
        expectSameRecords(parseNewestFirst(LogFormat::K8sFile, k8s, range), whole);
    }
    const std::string json = fixture("docker-json-file-handwritten.log");
    const auto wholeJson = parseAll(LogFormat::DockerJsonFile, json);
    for (const size_t range : {size_t{300}, size_t{1000}, size_t{5000}}) {
        SCOPED_TRACE(range);
        expectSameRecords(parseNewestFirst(LogFormat::DockerJsonFile, json, range), wholeJson);
    }
}

TEST(LogParsers, HistoryCutWaitsForEachStreamsFullLine)
{
    const std::string range = "cut line\n"
                              "2026-11-25T18:44:44.1+00:00 stdout P may continue an older part\n"
                              "2026-11-25T18:44:44.2+00:00 stderr F err\n"
                              "2026-11-25T18:44:44.3+00:00 stdout F end of it\n"
                              "2026-11-25T18:44:44.4+00:00 stdout F   a continuation line\n"
                              "2026-11-25T18:44:44.5+00:00 stdout F first certain\n"
                              "2026-11-25T18:44:44.6+00:00 stderr F err\n";
    EXPECT_EQ(historyCut(LogFormat::K8sFile, range), range.find("2026-11-25T18:44:44.5"));
    EXPECT_EQ(historyCut(LogFormat::K8sFile, "no line end"), std::string_view::npos);
    EXPECT_EQ(historyCut(LogFormat::DockerTimestamped, "cut\n2026-11-25T18:44:45Z x\n"), 4u);
    // A stream first seen far into the range is taken to start a line there, so it cannot hold everything back.
    const std::string late = "cut\n2026-11-25T18:44:44.1+00:00 stdout F a\n"
                             "2026-11-25T18:44:44.1+00:00 stdout F b\n"
                             "2026-11-25T18:44:44.2+00:00 stderr F rare\n";
    EXPECT_EQ(historyCut(LogFormat::K8sFile, late, 1000), late.size()); // all of it goes with the older range
    EXPECT_EQ(historyCut(LogFormat::K8sFile, late, 10), late.find("2026-11-25T18:44:44.1+00:00 stdout F b"));
}

TEST(LogParsers, HistoryCutKnowsAStreamByLineHeadsNotByText)
{
    // Text naming the other stream is no line of it...
    const std::string k8s = "cut\n"
                            "2026-11-25T18:44:44.1+00:00 stdout F one\n"
                            "2026-11-25T18:44:44.2+00:00 stdout F wrote to stderr: x stderr y\n";
    EXPECT_EQ(historyCut(LogFormat::K8sFile, k8s), k8s.find("2026-11-25T18:44:44.2"));
    const std::string json =
        "cut\n"
        "{\"log\":\"said \\\"stderr\\\" x stderr y\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T18:44:44.1Z\"}\n"
        "{\"log\":\"again\\n\",\"stream\":\"stdout\",\"attrs\":{\"tag\":\"stderr\"},\"time\":\"2026-11-25T18:44:44."
        "2Z\"}\n";
    EXPECT_EQ(historyCut(LogFormat::DockerJsonFile, json), json.find("{\"log\":\"again"));
    // ... and a real one after such text still holds the cut back until its line is whole.
    const std::string later = "cut\n"
                              "2026-11-25T18:44:44.1+00:00 stdout F wrote to stderr: x stderr y\n"
                              "2026-11-25T18:44:44.2+00:00 stdout F ok\n"
                              "2026-11-25T18:44:44.3+00:00 stderr P part\n"
                              "2026-11-25T18:44:44.4+00:00 stderr F rest\n"
                              "2026-11-25T18:44:44.5+00:00 stdout F certain\n";
    EXPECT_EQ(historyCut(LogFormat::K8sFile, later), later.find("2026-11-25T18:44:44.5"));
}
