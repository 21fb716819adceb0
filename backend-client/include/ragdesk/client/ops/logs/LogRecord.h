#pragma once

#include "ragdesk/client/ops/engine/Containers.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

/// The container pipe a log line came from.
enum class LogStream : uint8_t { Stdout, Stderr };

/// How severe a line says it is; Unknown when it names no level (see detectLevel in src/ops/logs/LogLevels.h).
enum class LogLevel : uint8_t { Unknown, Trace, Debug, Info, Warning, Error, Fatal };

/// "stdout" or "stderr", as engines write them.
constexpr std::string_view name(LogStream stream)
{
    return stream == LogStream::Stderr ? "stderr" : "stdout";
}

/// Lower-case names: "unknown", "trace", "debug", "info", "warning", "error", "fatal".
constexpr std::string_view name(LogLevel level)
{
    switch (level) {
    case LogLevel::Trace:
        return "trace";
    case LogLevel::Debug:
        return "debug";
    case LogLevel::Info:
        return "info";
    case LogLevel::Warning:
        return "warning";
    case LogLevel::Error:
        return "error";
    case LogLevel::Fatal:
        return "fatal";
    case LogLevel::Unknown:
        break;
    }
    return "unknown";
}

/// The longest line text kept (4 MiB); the rest of a longer line is dropped and the text says so.
inline constexpr size_t kMaxLogLineBytes = size_t{4} << 20;

/// A run of cleaned text in one ECMA-48 SGR style. Only styled runs get a span; text outside every span has the
/// default style. 16 bytes.
///
/// Colours are xterm palette indices plus one, so 0 means "the default colour": 1..8 are ANSI black..white
/// (SGR 30-37 / 40-47), 9..16 the bright ones (90-97 / 100-107), 17..232 the 6x6x6 cube and 233..256 the grey
/// ramp (38;5;n / 48;5;n give n + 1). Truecolor (38;2;r;g;b) is mapped to the nearest cube or grey entry.
struct StyleSpan {
    uint32_t begin = 0; ///< byte offset in the cleaned text
    uint32_t length = 0; ///< bytes
    uint16_t fg = 0;
    uint16_t bg = 0;
    bool bold : 1 = false;
    bool faint : 1 = false;
    bool italic : 1 = false;
    bool underline : 1 = false;
    bool inverse : 1 = false;
    bool strike : 1 = false;

    friend bool operator==(const StyleSpan&, const StyleSpan&) = default;
};

/// What a log line is besides its text and spans: the part a parser's LogRecord and a stored LogLine share.
struct LogLineHead {
    ContainerTime time{}; ///< the engine's timestamp (of the first part of a rejoined line), µs
    LogStream stream = LogStream::Stdout;
    LogLevel level = LogLevel::Unknown;
    /// Which container/service: an index into the caller's table (LogBuffer::addSource). 2 bytes, not a string
    /// per line: millions of lines share a handful of names.
    uint16_t source = 0;
    bool rejoined = false; ///< the engine had split it into partial entries (json-file 16 KiB, conmon 8 KiB reads)
    bool repairedUtf8 = false; ///< invalid UTF-8 was replaced by U+FFFD
    bool truncated = false; ///< over kMaxLogLineBytes; the text ends with a note saying how much was dropped
    bool malformed = false; ///< the line did not have the source's format; text is the whole raw line, cleaned

    friend bool operator==(const LogLineHead&, const LogLineHead&) = default;
};

/// One logical log line of one container as the parsers produce it: a transient record, moved into a LogBuffer
/// (which stores it compactly) or through a LogQueue.
struct LogRecord : LogLineHead {
    /// Records a full LogQueue dropped right before this one (0 almost always): where a view shows a gap.
    uint32_t skippedBefore = 0;
    std::string text; ///< valid UTF-8, escape sequences and control characters removed, no line end
    std::vector<StyleSpan> spans; ///< in order, not overlapping, inside text

    friend bool operator==(const LogRecord&, const LogRecord&) = default;
};

} // namespace ragdesk::client::ops
