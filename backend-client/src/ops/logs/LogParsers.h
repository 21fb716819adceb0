#pragma once

// Incremental parsers of container log sources into LogRecords or LogBatches (levels: LogLevels.h). Pure, no
// I/O, never throw; private to the client library. What each source really looks like, with recordings from docker 28 +
// podman 4.3, is written down in tests/data/ops/logs/README.md.

#include "ops/logs/LogLevels.h"
#include "ragdesk/client/ops/logs/LogBuffer.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

/// The byte formats the parsers read.
enum class LogFormat : uint8_t {
    /// Docker's json-file driver file (`docker inspect` LogPath): `{"log":"text\n","stream":"stdout",
    /// "time":"2026-11-25T18:44:44.86745877Z"}` per line. A `log` value without the final "\n" is a partial (docker
    /// splits lines every 16 KiB): joined with the next entries of the same stream.
    DockerJsonFile,
    /// The CRI / k8s-file format podman and CRI-O write: `2026-11-25T18:44:44.867458770+00:00 stdout F text`. Tag P
    /// is a partial (conmon writes one per 8 KiB read and wherever a read ends inside a line), F ends the line.
    K8sFile,
    /// What `docker logs -t` prints on one of its two pipes: `2026-11-25T18:44:44.867458770Z text` per line. The
    /// engine prints every partial entry behind its own timestamp with no line end in between, so a long line
    /// arrives as one line with timestamps inside it; see LogParserOptions::rejoinTimestampedParts.
    DockerTimestamped,
};

/// How a LogParser labels and bounds what it reads.
struct LogParserOptions {
    uint16_t source = 0; ///< copied into every record (LogBuffer::addSource)
    LogStream stream = LogStream::Stdout; ///< DockerTimestamped only: the pipe the bytes came from
    size_t maxLineBytes = kMaxLogLineBytes; ///< longer lines are cut (LogRecord::truncated)
    bool detectLevels = true;
    /// DockerTimestamped only: take out the engine timestamps printed inside a long line, where they can be told
    /// from text with certainty or near it. Docker (9 fraction digits): one after every 16384 bytes of text, none
    /// elsewhere. Podman 4.3 (whole seconds): the first within 8192 bytes, then one every 8192 bytes, at most 8192
    /// bytes after the last; a text that holds a timestamp of exactly that shape (e.g. "x 2026-11-25T18:44:44Z y"
    /// of the same second) in a line under 16 KiB can lose it. Parts must carry non-decreasing times at most 10
    /// minutes after the line's. A line written slowly in small pieces keeps its inner timestamps.
    bool rejoinTimestampedParts = true;
};

/// Turns the bytes of one log source into records. Feed chunks cut anywhere (inside a line, a UTF-8 character,
/// an escape sequence): the parser keeps the unfinished line and unfinished partial entries (per stream) until the
/// rest arrives; splitting the input differently never changes the output. Lines that do not have the format are
/// kept as malformed records (whole line as text, time of the previous record). Memory stays bounded by
/// maxLineBytes per stream plus one unfinished line of at most 2 * maxLineBytes + 64 KiB.
///
/// Reading a log file newest range first: parse each older range with its own parser (from historyCut on) and call
/// finish(); keep the parser of the newest range (the file's end) and go on feeding it what the file grows by, so
/// a line the engine has only partly written is completed, not cut.
class LogParser {
public:
    explicit LogParser(LogFormat format, LogParserOptions options = {});

    /// Appends the records completed by these bytes to out.
    void feed(std::string_view bytes, std::vector<LogRecord>& out);
    /// The same lines written straight into a batch (history: no allocation per line).
    void feed(std::string_view bytes, LogBatch& out);
    /// End of input: an unfinished line and unfinished partial entries become records.
    void finish(std::vector<LogRecord>& out);
    void finish(LogBatch& out);

    /// Bytes held for unfinished lines and partial entries.
    size_t pendingBytes() const;
    LogFormat format() const { return m_format; }
    const LogParserOptions& options() const { return m_options; }

private:
    struct Pending {
        std::string raw;
        ContainerTime time{};
        size_t parts = 0;
        size_t droppedBytes = 0; ///< beyond maxLineBytes
        bool repaired = false; ///< a part held a lone surrogate escape
    };

    void read(std::string_view bytes);
    void end();
    void line(std::string_view text, size_t droppedBytes);
    /// parseLogTime, remembering the date and time of day of the last stamp: most lines share them.
    std::optional<ContainerTime> stampTime(std::string_view text);
    void k8sLine(std::string_view text);
    void jsonLine(std::string_view text, size_t droppedBytes);
    void timestampedLine(std::string_view text, size_t droppedBytes);
    void part(LogStream stream, ContainerTime time, std::string_view raw, bool last);
    void emit(
        LogStream stream, ContainerTime time, std::string_view raw, size_t parts, size_t droppedBytes, bool malformed);
    /// Cleans raw into text and spans (appending) and works out the rest of the line.
    LogLineHead writeLine(LogStream stream, ContainerTime time, std::string_view raw, size_t parts, size_t droppedBytes,
        bool malformed, std::string& text, std::vector<StyleSpan>& spans);
    void malformedLine(std::string_view text, size_t droppedBytes);

    LogFormat m_format;
    LogParserOptions m_options;
    std::string m_line; ///< the unfinished line
    size_t m_lineDropped = 0; ///< bytes of it beyond the cap
    std::array<Pending, 2> m_pending; ///< per stream
    std::array<LogLevel, 2> m_lastLevel{}; ///< per stream, for continuation lines
    std::string m_scratch;
    bool m_scratchRepaired = false; ///< the json-file entry being handed on had a lone surrogate escape
    ContainerTime m_lastTime{};
    std::array<char, 19> m_clockText{}; ///< the first 19 bytes of the last stamp read ("2026-11-25T18:44:44")
    int64_t m_clockSeconds = 0; ///< what they say, since the epoch
    bool m_clockKnown = false;
    std::vector<LogRecord>* m_records = nullptr; ///< where feed/finish put lines: here
    LogBatch* m_batch = nullptr; ///< or here
};

/// Reading a log file newest range first: `range` holds file bytes [a, b), where b is the file's end or the cut of
/// the newer range read before. Returns the offset in range from which its records can be parsed without the bytes
/// before a: past the line a cuts through, and past every line that may continue a partial entry begun before a (a
/// stream's lines until it has shown a full line). The bytes before the cut belong at the end of the next older
/// range. A stream that first shows up more than strictBytes into the range is taken to start a new line there
/// (else one rare stderr line would hold back everything before it, up to the file's start): if it did continue an
/// older partial entry, that line comes out as two records. npos when range holds no line end (read further back
/// and try again with the longer range). For DockerTimestamped, just past the first line end. Not for the range at
/// the file's start: parse that one whole.
size_t historyCut(LogFormat format, std::string_view range, size_t strictBytes = 2 * kMaxLogLineBytes + 65536);

/// An RFC 3339 timestamp as engines print them (0 to 9 fraction digits, "Z" or ±hh:mm), cut to µs. Faster than
/// parse::parseTime and stricter (no other forms).
std::optional<ContainerTime> parseLogTime(std::string_view text);

} // namespace ragdesk::client::ops
