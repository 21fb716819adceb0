#pragma once

// The pieces of the log formats (LogParsers.h) that the parser and historyCut share, each defined in its format's
// file: LogStamps.cpp, DockerJsonFileFormat.cpp, K8sFileFormat.cpp, DockerTimestampedFormat.cpp. Private to the
// client library.

#include "ragdesk/client/ops/logs/LogRecord.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ragdesk::client::ops::logformat {

/// 0 for stdout, 1 for stderr: the index of per-stream state.
inline size_t streamIndex(LogStream stream)
{
    return stream == LogStream::Stderr ? 1 : 0;
}

/// "stdout" or "stderr" as engines name the streams.
std::optional<LogStream> streamNamed(std::string_view name);

// --- Timestamps (LogStamps.cpp) ---

/// The shape of a timestamp as printed, to recognise the engine's own stamps inside a line.
struct Stamp {
    ContainerTime time;
    size_t length = 0;
    int fractionDigits = 0;
};

/// An RFC 3339 timestamp at the start of text whose first timetext::kDateTimeBytes say `clock`
/// (timetext::readDateTime), ending at `length` exactly when exact is set: the fraction (at most 9 digits) and the
/// zone read here.
std::optional<Stamp> readStampAfterClock(std::string_view text, int64_t clock, bool exact);
/// An RFC 3339 timestamp at the start of text, ending at `length` exactly when exact is set.
std::optional<Stamp> readStamp(std::string_view text, bool exact);

// --- json-file (DockerJsonFileFormat.cpp) ---

/// Decodes the JSON string starting after its opening quote at text[pos]. Returns the index after the closing
/// quote, or npos when the text ends first (what was decoded is in out). Lenient: an unknown escape keeps its
/// character, a lone surrogate becomes U+FFFD (repaired is set), raw bytes are copied as they are.
size_t decodeJsonString(std::string_view text, size_t pos, std::string& out, bool& repaired);

/// What a json-file line's head says, read without decoding the whole log value.
struct JsonFileHead {
    LogStream stream;
    bool partial;
    std::string start; ///< the first bytes of the log value, decoded, when asked for
};
std::optional<JsonFileHead> jsonFileHead(std::string_view line, bool withStart);

// --- k8s-file (K8sFileFormat.cpp) ---

/// A k8s-file line cut into its fields.
struct K8sHead {
    LogStream stream;
    bool partial;
    std::string_view content;
    std::string_view stamp;
};
std::optional<K8sHead> k8sHead(std::string_view line);

// --- docker logs -t (DockerTimestampedFormat.cpp) ---

/// Takes the engine's inner timestamps out of a DockerTimestamped line's text (`lead` is the line's own stamp,
/// leadText how it was printed). Returns the number of parts (1 when nothing was taken out; then out is untouched).
size_t removeInnerStamps(std::string_view text, const Stamp& lead, std::string_view leadText, std::string& out);

} // namespace ragdesk::client::ops::logformat
