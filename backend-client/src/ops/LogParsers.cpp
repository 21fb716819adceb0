#include "LogParsers.h"

#include "TerminalText.h"
#include "common/Ascii.h"
#include "common/TimeText.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

namespace ragdesk::client::ops {
namespace {

using namespace std::chrono;
using ascii::isDigit;

constexpr size_t kLineSlack = size_t{64} << 10;

size_t streamIndex(LogStream stream)
{
    return stream == LogStream::Stderr ? 1 : 0;
}

// --- Timestamps ------------------------------------------------------------------------------------------------

// The shape of a timestamp as printed, to recognise the engine's own stamps inside a line.
struct Stamp {
    ContainerTime time;
    size_t length = 0;
    int fractionDigits = 0;
};

using timetext::kDateTimeBytes;

// An RFC 3339 timestamp at the start of text whose first kDateTimeBytes say `clock` (readDateTime), ending at
// `length` exactly when exact is set: the fraction (at most 9 digits) and the zone read here.
std::optional<Stamp> readStampAfterClock(std::string_view text, int64_t clock, bool exact)
{
    const auto fraction = timetext::readFraction(text, kDateTimeBytes);
    if (!fraction || fraction->digits > 9) {
        return std::nullopt;
    }
    size_t i = fraction->end;
    int offsetMinutes = 0;
    if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
        ++i;
    } else if (i + 6 <= text.size() && (text[i] == '+' || text[i] == '-') && text[i + 3] == ':') {
        const int offsetHours = timetext::readDigits(text, i + 1, 2);
        const int offsetMins = timetext::readDigits(text, i + 4, 2);
        if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) {
            return std::nullopt;
        }
        offsetMinutes = (offsetHours * 60 + offsetMins) * (text[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (exact && i != text.size()) {
        return std::nullopt;
    }
    Stamp stamp;
    stamp.time = ContainerTime(microseconds((clock - int64_t{offsetMinutes} * 60) * 1000000 + fraction->micros));
    stamp.length = i;
    stamp.fractionDigits = static_cast<int>(fraction->digits);
    return stamp;
}

// An RFC 3339 timestamp at the start of text, ending at `length` exactly when exact is set.
std::optional<Stamp> readStamp(std::string_view text, bool exact)
{
    const auto clock = timetext::readDateTime(text, false);
    return clock ? readStampAfterClock(text, *clock, exact) : std::nullopt;
}

// --- DockerTimestamped: engine timestamps inside a long line ---------------------------------------------------

// Where the engine's partial entries may end: docker splits every 16384 bytes exactly; podman's conmon reads
// 8192 bytes at a time, so the first part is at most that, the middle ones exactly that, the last at most that.
struct PartRule {
    size_t firstMin;
    size_t firstMax;
    size_t step;
    size_t lastMax;
};

constexpr auto kRejoinWindow = minutes(10);

// A timestamp of the same shape as the line's own at text[at], followed by a space, not before `notBefore` and
// not later than the window.
std::optional<ContainerTime> innerStamp(
    std::string_view text, size_t at, const Stamp& lead, std::string_view leadText, ContainerTime notBefore)
{
    if (at + lead.length + 1 > text.size() || text[at + lead.length] != ' ') {
        return std::nullopt;
    }
    const std::string_view candidate = text.substr(at, lead.length);
    // Same shape: digits where the line's stamp has digits, the same other characters elsewhere (a zone offset may
    // differ only in its digits).
    for (size_t k = 0; k < lead.length; ++k) {
        if (isDigit(leadText[k]) != isDigit(candidate[k]) || (!isDigit(leadText[k]) && leadText[k] != candidate[k])) {
            return std::nullopt;
        }
    }
    const auto stamp = readStamp(candidate, true);
    if (!stamp || stamp->time < notBefore || stamp->time > lead.time + kRejoinWindow) {
        return std::nullopt;
    }
    return stamp->time;
}

// Takes the engine's inner timestamps out of a DockerTimestamped line's text. Returns the number of parts (1 when
// nothing was taken out; then out is untouched).
size_t removeInnerStamps(std::string_view text, const Stamp& lead, std::string_view leadText, std::string& out)
{
    PartRule rule{};
    if (lead.fractionDigits == 9) {
        rule = {16384, 16384, 16384, 16384};
    } else if (lead.fractionDigits == 0) {
        rule = {1, 8192, 8192, 8192};
    } else {
        return 1;
    }
    if (text.size() < rule.firstMin + lead.length + 1) {
        return 1;
    }
    // Candidate starts: the first part is at most firstMax long, so the first inner stamp starts there or before.
    const std::string_view yearPrefix = leadText.substr(0, 4);
    std::vector<size_t> firstCandidates;
    for (size_t at = text.find(yearPrefix, rule.firstMin); at != std::string_view::npos && at <= rule.firstMax;
         at = text.find(yearPrefix, at + 1)) {
        if (innerStamp(text, at, lead, leadText, lead.time)) {
            firstCandidates.push_back(at);
            if (firstCandidates.size() == 4) { // a text full of look-alikes: do not search forever
                break;
            }
        }
    }
    const size_t stampBytes = lead.length + 1;
    for (const size_t first : firstCandidates) {
        std::vector<size_t> cuts{first};
        ContainerTime previous = *innerStamp(text, first, lead, leadText, lead.time);
        size_t next = first + stampBytes + rule.step;
        while (next < text.size()) {
            const auto time = innerStamp(text, next, lead, leadText, previous);
            if (!time) {
                break;
            }
            cuts.push_back(next);
            previous = *time;
            next += stampBytes + rule.step;
        }
        const size_t lastPart = text.size() - (cuts.back() + stampBytes);
        if (lastPart > rule.lastMax) {
            continue;
        }
        out.clear();
        out.reserve(text.size());
        size_t from = 0;
        for (const size_t cut : cuts) {
            out.append(text.substr(from, cut - from));
            from = cut + stampBytes;
        }
        out.append(text.substr(from));
        return cuts.size() + 1;
    }
    return 1;
}

// --- json-file -------------------------------------------------------------------------------------------------

int hexValue(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

int hex4(std::string_view text, size_t at)
{
    if (at + 4 > text.size()) {
        return -1;
    }
    int value = 0;
    for (size_t k = at; k < at + 4; ++k) {
        const int digit = hexValue(text[k]);
        if (digit < 0) {
            return -1;
        }
        value = value * 16 + digit;
    }
    return value;
}

void appendUtf8(std::string& out, uint32_t codePoint)
{
    if (codePoint < 0x80) {
        out.push_back(static_cast<char>(codePoint));
    } else if (codePoint < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (codePoint >> 6)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else if (codePoint < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (codePoint >> 12)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (codePoint >> 18)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    }
}

// Decodes the JSON string starting after its opening quote at text[pos]. Returns the index after the closing
// quote, or npos when the text ends first (what was decoded is in out). Lenient: an unknown escape keeps its
// character, a lone surrogate becomes U+FFFD (repaired is set), raw bytes are copied as they are.
size_t decodeJsonString(std::string_view text, size_t pos, std::string& out, bool& repaired)
{
    size_t start = pos;
    const size_t size = text.size();
    while (pos < size) {
        const char c = text[pos];
        if (c != '"' && c != '\\') {
            ++pos;
            continue;
        }
        out.append(text.substr(start, pos - start));
        if (c == '"') {
            return pos + 1;
        }
        if (pos + 1 >= size) {
            return std::string_view::npos;
        }
        const char escaped = text[pos + 1];
        pos += 2;
        switch (escaped) {
        case 'n':
            out.push_back('\n');
            break;
        case 't':
            out.push_back('\t');
            break;
        case 'r':
            out.push_back('\r');
            break;
        case 'b':
            out.push_back('\b');
            break;
        case 'f':
            out.push_back('\f');
            break;
        case 'u': {
            const int unit = hex4(text, pos);
            if (unit < 0) {
                out.push_back('u');
                break;
            }
            pos += 4;
            auto codePoint = static_cast<uint32_t>(unit);
            if (codePoint >= 0xD800 && codePoint <= 0xDBFF) {
                const int low =
                    (pos + 1 < size && text[pos] == '\\' && text[pos + 1] == 'u') ? hex4(text, pos + 2) : -1;
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
                    pos += 6;
                } else {
                    codePoint = 0xFFFD;
                    repaired = true;
                }
            } else if (codePoint >= 0xDC00 && codePoint <= 0xDFFF) {
                codePoint = 0xFFFD;
                repaired = true;
            }
            appendUtf8(out, codePoint);
            break;
        }
        default: // \" \\ \/ and anything else: the character itself
            out.push_back(escaped);
            break;
        }
        start = pos;
    }
    out.append(text.substr(start));
    return std::string_view::npos;
}

// Skips one JSON value (for "attrs"); returns the index after it or npos. Strings may hold braces.
size_t skipJsonValue(std::string_view text, size_t pos)
{
    int depth = 0;
    bool inString = false;
    for (size_t i = pos; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
                if (depth == 0) {
                    return i + 1;
                }
            }
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) {
                return i + 1;
            }
            if (depth < 0) {
                return std::string_view::npos;
            }
        } else if (depth == 0 && (c == ',' || c == '}')) {
            return i;
        }
    }
    return std::string_view::npos;
}

bool consume(std::string_view text, size_t& pos, std::string_view expected)
{
    if (text.substr(pos, expected.size()) != expected) {
        return false;
    }
    pos += expected.size();
    return true;
}

std::optional<LogStream> streamNamed(std::string_view name)
{
    if (name == "stdout") {
        return LogStream::Stdout;
    }
    if (name == "stderr") {
        return LogStream::Stderr;
    }
    return std::nullopt;
}

// Where docker's `{"log":"...` value ends: `","stream":"` cannot occur inside it (its quotes are escaped).
struct JsonFileHead {
    LogStream stream;
    bool partial;
    std::string start; ///< the first bytes of the log value, decoded, when asked for
};

std::optional<JsonFileHead> jsonFileHead(std::string_view line, bool withStart)
{
    static constexpr std::string_view head = "{\"log\":\"";
    static constexpr std::string_view streamKey = "\",\"stream\":\"";
    if (line.substr(0, head.size()) == head) {
        const size_t end = line.find(streamKey, head.size());
        if (end != std::string_view::npos) {
            const auto stream = streamNamed(line.substr(end + streamKey.size(), 6));
            if (stream) {
                // Ends with the escape \n: an 'n' after an odd number of backslashes.
                size_t backslashes = 0;
                if (end >= head.size() + 2 && line[end - 1] == 'n') {
                    for (size_t k = end - 1; k > head.size() && line[k - 1] == '\\'; --k) {
                        ++backslashes;
                    }
                }
                JsonFileHead result{*stream, backslashes % 2 == 0, {}};
                if (withStart) {
                    bool repaired = false;
                    decodeJsonString(
                        line.substr(0, std::min(end, head.size() + 64)), head.size(), result.start, repaired);
                }
                return result;
            }
        }
    }
    const auto object = nlohmann::json::parse(line, nullptr, false);
    if (!object.is_object()) {
        return std::nullopt;
    }
    const auto log = object.find("log");
    const auto stream = object.find("stream");
    if (log == object.end() || !log->is_string() || stream == object.end() || !stream->is_string()) {
        return std::nullopt;
    }
    const auto named = streamNamed(stream->get<std::string>());
    if (!named) {
        return std::nullopt;
    }
    const auto& text = log->get_ref<const std::string&>();
    return JsonFileHead{*named, text.empty() || text.back() != '\n', text.substr(0, 64)};
}

struct K8sHead {
    LogStream stream;
    bool partial;
    std::string_view content;
    std::string_view stamp;
};

std::optional<K8sHead> k8sHead(std::string_view line)
{
    const size_t space = line.find(' ');
    if (space == std::string_view::npos || line.size() < space + 9) {
        return std::nullopt;
    }
    const auto stream = streamNamed(line.substr(space + 1, 6));
    if (!stream || line[space + 7] != ' ') {
        return std::nullopt;
    }
    const size_t tagStart = space + 8;
    const size_t tagEnd = std::min(line.find(' ', tagStart), line.size());
    if (tagEnd == tagStart) {
        return std::nullopt;
    }
    K8sHead head{*stream, line[tagStart] == 'P', {}, line.substr(0, space)};
    if (tagEnd < line.size()) {
        head.content = line.substr(tagEnd + 1);
    }
    return head;
}

void appendCapped(std::string& buffer, std::string_view bytes, size_t cap, size_t& dropped)
{
    const size_t room = buffer.size() < cap ? cap - buffer.size() : 0;
    const size_t take = std::min(room, bytes.size());
    buffer.append(bytes.substr(0, take));
    dropped += bytes.size() - take;
}

} // namespace

// --- Public helpers --------------------------------------------------------------------------------------------

std::optional<ContainerTime> parseLogTime(std::string_view text)
{
    const auto stamp = readStamp(text, true);
    if (!stamp) {
        return std::nullopt;
    }
    return stamp->time;
}

// --- LogParser -------------------------------------------------------------------------------------------------

LogParser::LogParser(LogFormat format, LogParserOptions options) : m_format(format), m_options(options) { }

void LogParser::feed(std::string_view bytes, std::vector<LogRecord>& out)
{
    m_records = &out;
    read(bytes);
    m_records = nullptr;
}

void LogParser::feed(std::string_view bytes, LogBatch& out)
{
    m_batch = &out;
    read(bytes);
    m_batch = nullptr;
}

void LogParser::finish(std::vector<LogRecord>& out)
{
    m_records = &out;
    end();
    m_records = nullptr;
}

void LogParser::finish(LogBatch& out)
{
    m_batch = &out;
    end();
    m_batch = nullptr;
}

void LogParser::read(std::string_view bytes)
{
    const size_t lineCap = 2 * m_options.maxLineBytes + kLineSlack;
    while (!bytes.empty()) {
        const void* newline = std::memchr(bytes.data(), '\n', bytes.size());
        if (!newline) {
            appendCapped(m_line, bytes, lineCap, m_lineDropped);
            break;
        }
        const auto length = static_cast<size_t>(static_cast<const char*>(newline) - bytes.data());
        if (m_line.empty() && m_lineDropped == 0) {
            line(bytes.substr(0, length), 0);
        } else {
            appendCapped(m_line, bytes.substr(0, length), lineCap, m_lineDropped);
            line(m_line, m_lineDropped);
            m_line.clear();
            m_lineDropped = 0;
            if (m_line.capacity() > kLineSlack) {
                m_line.shrink_to_fit();
            }
        }
        bytes.remove_prefix(length + 1);
    }
}

void LogParser::end()
{
    if (!m_line.empty() || m_lineDropped > 0) {
        line(m_line, m_lineDropped);
        m_line.clear();
        m_lineDropped = 0;
    }
    for (size_t s = 0; s < m_pending.size(); ++s) {
        Pending& pending = m_pending[s];
        if (pending.parts > 0) {
            emit(s == 1 ? LogStream::Stderr : LogStream::Stdout, pending.time, pending.raw, pending.parts,
                pending.droppedBytes, false);
            pending = Pending{};
        }
    }
}

size_t LogParser::pendingBytes() const
{
    return m_line.size() + m_pending[0].raw.size() + m_pending[1].raw.size();
}

void LogParser::line(std::string_view text, size_t droppedBytes)
{
    switch (m_format) {
    case LogFormat::K8sFile:
        if (droppedBytes > 0) {
            malformedLine(text, droppedBytes);
        } else {
            k8sLine(text);
        }
        break;
    case LogFormat::DockerJsonFile:
        jsonLine(text, droppedBytes);
        break;
    case LogFormat::DockerTimestamped:
        timestampedLine(text, droppedBytes);
        break;
    }
}

std::optional<ContainerTime> LogParser::stampTime(std::string_view text)
{
    if (text.size() <= kDateTimeBytes ||
        !(m_clockKnown && std::memcmp(text.data(), m_clockText.data(), kDateTimeBytes) == 0)) {
        const auto clock = timetext::readDateTime(text, false);
        if (!clock) {
            return std::nullopt;
        }
        std::memcpy(m_clockText.data(), text.data(), kDateTimeBytes);
        m_clockSeconds = *clock;
        m_clockKnown = true;
    }
    const auto stamp = readStampAfterClock(text, m_clockSeconds, true);
    return stamp ? std::optional<ContainerTime>(stamp->time) : std::nullopt;
}

void LogParser::k8sLine(std::string_view text)
{
    const auto head = k8sHead(text);
    if (!head) {
        malformedLine(text, 0);
        return;
    }
    const auto time = stampTime(head->stamp);
    if (!time) {
        malformedLine(text, 0);
        return;
    }
    part(head->stream, *time, head->content, !head->partial);
}

void LogParser::jsonLine(std::string_view text, size_t droppedBytes)
{
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) {
        text.remove_suffix(1);
    }
    static constexpr std::string_view head = "{\"log\":\"";
    bool repaired = false;
    if (text.substr(0, head.size()) == head) {
        m_scratch.clear();
        size_t pos = decodeJsonString(text, head.size(), m_scratch, repaired);
        if (pos == std::string_view::npos) {
            if (droppedBytes > 0) { // a hostile line longer than any docker writes: keep what was read
                emit(LogStream::Stdout, m_lastTime, m_scratch, 1, droppedBytes, true);
                return;
            }
        } else {
            std::optional<LogStream> stream;
            if (consume(text, pos, ",\"stream\":\"")) {
                stream = streamNamed(text.substr(pos, 6));
                pos += 6;
            }
            bool ok = stream && consume(text, pos, "\"");
            if (ok && consume(text, pos, ",\"attrs\":")) {
                pos = skipJsonValue(text, pos);
                ok = pos != std::string_view::npos;
            }
            std::optional<ContainerTime> time;
            if (ok && consume(text, pos, ",\"time\":\"")) {
                const size_t end = text.find('"', pos);
                if (end != std::string_view::npos) {
                    time = stampTime(text.substr(pos, end - pos));
                    pos = end + 1;
                }
            }
            if (ok && time && pos + 1 == text.size() && text[pos] == '}' && droppedBytes == 0) {
                const bool last = !m_scratch.empty() && m_scratch.back() == '\n';
                if (last) {
                    m_scratch.pop_back();
                }
                m_scratchRepaired = repaired;
                part(*stream, *time, m_scratch, last);
                m_scratchRepaired = false;
                return;
            }
        }
    }
    // Another member order or spacing: a full JSON parse.
    if (droppedBytes == 0) {
        const auto object = nlohmann::json::parse(text, nullptr, false);
        if (object.is_object()) {
            const auto log = object.find("log");
            const auto stream = object.find("stream");
            const auto time = object.find("time");
            if (log != object.end() && log->is_string() && stream != object.end() && stream->is_string() &&
                time != object.end() && time->is_string()) {
                const auto named = streamNamed(stream->get_ref<const std::string&>());
                const auto parsedTime = parseLogTime(time->get_ref<const std::string&>());
                if (named && parsedTime) {
                    std::string value = log->get<std::string>();
                    const bool last = !value.empty() && value.back() == '\n';
                    if (last) {
                        value.pop_back();
                    }
                    part(*named, *parsedTime, value, last);
                    return;
                }
            }
        }
    }
    malformedLine(text, droppedBytes);
}

void LogParser::timestampedLine(std::string_view text, size_t droppedBytes)
{
    const size_t space = text.find(' ');
    const std::string_view stampText = text.substr(0, space);
    const auto stamp = readStamp(stampText, true);
    if (!stamp) {
        malformedLine(text, droppedBytes);
        return;
    }
    std::string_view content = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    size_t parts = 1;
    if (m_options.rejoinTimestampedParts && droppedBytes == 0) {
        parts = removeInnerStamps(content, *stamp, stampText, m_scratch);
        if (parts > 1) {
            content = m_scratch;
        }
    }
    emit(m_options.stream, stamp->time, content, parts, droppedBytes, false);
}

void LogParser::part(LogStream stream, ContainerTime time, std::string_view raw, bool last)
{
    Pending& pending = m_pending[streamIndex(stream)];
    if (pending.parts == 0 && last) {
        emit(stream, time, raw, 1, 0, false);
        return;
    }
    if (pending.parts == 0) {
        pending.time = time;
    }
    pending.repaired = pending.repaired || m_scratchRepaired;
    appendCapped(pending.raw, raw, m_options.maxLineBytes, pending.droppedBytes);
    ++pending.parts;
    if (last) {
        m_scratchRepaired = pending.repaired;
        emit(stream, pending.time, pending.raw, pending.parts, pending.droppedBytes, false);
        m_scratchRepaired = false;
        pending.raw.clear();
        if (pending.raw.capacity() > kLineSlack) {
            pending.raw.shrink_to_fit();
        }
        pending.parts = 0;
        pending.droppedBytes = 0;
        pending.repaired = false;
    }
}

void LogParser::malformedLine(std::string_view text, size_t droppedBytes)
{
    const LogStream stream = m_format == LogFormat::DockerTimestamped ? m_options.stream : LogStream::Stdout;
    emit(stream, m_lastTime, text, 1, droppedBytes, true);
}

void LogParser::emit(
    LogStream stream, ContainerTime time, std::string_view raw, size_t parts, size_t droppedBytes, bool malformed)
{
    auto write = [&](std::string& text, std::vector<StyleSpan>& spans) {
        return writeLine(stream, time, raw, parts, droppedBytes, malformed, text, spans);
    };
    if (m_batch) {
        m_batch->addWritten(write);
    } else {
        LogRecord record;
        static_cast<LogLineHead&>(record) = write(record.text, record.spans);
        m_records->push_back(std::move(record));
    }
    m_lastTime = time;
}

LogLineHead LogParser::writeLine(LogStream stream, ContainerTime time, std::string_view raw, size_t parts,
    size_t droppedBytes, bool malformed, std::string& text, std::vector<StyleSpan>& spans)
{
    const size_t begin = text.size();
    LogLineHead head{
        .time = time, .stream = stream, .source = m_options.source, .rejoined = parts > 1, .malformed = malformed};
    const TerminalTextFlags flags = appendCleanTerminalText(raw, text, spans, m_options.maxLineBytes);
    head.repairedUtf8 = flags.repairedUtf8 || m_scratchRepaired;
    if (flags.truncated || droppedBytes > 0) {
        head.truncated = true;
        text += " [... truncated: the line had " + std::to_string(raw.size() + droppedBytes) + " bytes]";
    }
    if (m_options.detectLevels) {
        const std::string_view line = std::string_view(text).substr(begin);
        LogLevel level = detectLevel(line);
        if (level == LogLevel::Unknown && isContinuationLine(line)) {
            const LogLevel previous = m_lastLevel[streamIndex(stream)];
            if (previous != LogLevel::Unknown) {
                level = previous;
            } else if (startsTraceback(line)) {
                level = LogLevel::Error;
            }
        }
        head.level = level;
        m_lastLevel[streamIndex(stream)] = level;
    }
    return head;
}

// --- historyCut ------------------------------------------------------------------------------------------------

namespace {

/// The lines of a history range from a given offset, read one at a time as historyCut asks about them: in the
/// usual case it decides after the first strictBytes, not the whole range.
class CutLines {
public:
    struct Line {
        size_t offset;
        size_t end;
        int stream; // -1: not a log line of the format
        bool partial;
    };

    CutLines(LogFormat format, std::string_view range, size_t start) : m_format(format), m_range(range), m_next(start)
    {
    }

    /// Line index (a copy: reading further lines moves them), or nullopt past the range's end.
    std::optional<Line> at(size_t index)
    {
        while (m_lines.size() <= index && m_next < m_range.size()) {
            readOne();
        }
        return index < m_lines.size() ? std::optional<Line>(m_lines[index]) : std::nullopt;
    }

    /// Whether a line of this stream (0 or 1) begins at or after line `from` and before byte `limit`. Lines are not
    /// read one by one for it: the stream's name as a line head writes it is searched for (memmem), and only the
    /// lines it occurs in are looked at, so a rare stream (stderr) is ruled out across a whole range quickly. What
    /// was found, or not, is remembered: asked again from a later line, the search does not start over.
    bool hasStream(int stream, size_t from, size_t limit)
    {
        if (!at(from)) {
            return false;
        }
        const size_t offset = m_lines[from].offset;
        const auto index = static_cast<size_t>(stream);
        size_t& found = m_found[index];
        if (found == SIZE_MAX || found < offset) {
            found = m_noneFrom[index] <= offset ? std::string_view::npos : nextLineOf(stream, offset);
            if (found == std::string_view::npos) {
                m_noneFrom[index] = std::min(m_noneFrom[index], offset);
            }
        }
        return found < limit;
    }

    /// Whether a line is a full one that continues the record before it (its level comes from there). Asked of
    /// few lines, so not worked out while reading them all.
    bool continues(const Line& line) const
    {
        const std::string_view text = m_range.substr(line.offset, line.end - line.offset);
        if (line.stream < 0 || line.partial) {
            return false;
        }
        if (m_format == LogFormat::K8sFile) {
            const auto head = k8sHead(text);
            return head && isContinuationLine(head->content);
        }
        const auto head = jsonFileHead(text, true);
        return head && isContinuationLine(head->start);
    }

private:
    /// The line that begins at offset.
    Line lineAt(size_t offset) const
    {
        const size_t end = std::min(m_range.find('\n', offset), m_range.size());
        const std::string_view text = m_range.substr(offset, end - offset);
        Line info{offset, end, -1, false};
        if (m_format == LogFormat::K8sFile) {
            if (const auto head = k8sHead(text)) {
                info.stream = static_cast<int>(streamIndex(head->stream));
                info.partial = head->partial;
            }
        } else if (const auto head = jsonFileHead(text, false)) {
            info.stream = static_cast<int>(streamIndex(head->stream));
            info.partial = head->partial;
        }
        return info;
    }

    void readOne()
    {
        m_lines.push_back(lineAt(m_next));
        m_next = m_lines.back().end + 1;
    }

    /// Where the first line of the stream at or after byte offset begins, or npos. A k8s-file head has the stream
    /// between spaces; a json-file entry has it as a JSON string, which the log text cannot hold unescaped (an
    /// entry spelling it with \u escapes is not found: engines do not write those).
    size_t nextLineOf(int stream, size_t offset) const
    {
        const std::string_view marker = m_format == LogFormat::K8sFile ? (stream == 1 ? " stderr " : " stdout ")
                                                                       : (stream == 1 ? "\"stderr\"" : "\"stdout\"");
        size_t from = offset;
        while (from < m_range.size()) {
            const void* hit = memmem(m_range.data() + from, m_range.size() - from, marker.data(), marker.size());
            if (!hit) {
                return std::string_view::npos;
            }
            const auto at = static_cast<size_t>(static_cast<const char*>(hit) - m_range.data());
            const size_t lineEnd = m_range.rfind('\n', at);
            const size_t lineStart = lineEnd == std::string_view::npos ? 0 : lineEnd + 1;
            if (lineStart >= offset) {
                const Line line = lineAt(lineStart);
                if (line.stream == stream) {
                    return lineStart;
                }
                from = line.end + 1;
            } else {
                from = std::min(m_range.find('\n', at), m_range.size()) + 1; // a line before offset
            }
        }
        return std::string_view::npos;
    }

    LogFormat m_format;
    std::string_view m_range;
    size_t m_next;
    std::vector<Line> m_lines;
    std::array<size_t, 2> m_found{SIZE_MAX, SIZE_MAX}; ///< per stream: the offset of the line found last
    std::array<size_t, 2> m_noneFrom{SIZE_MAX, SIZE_MAX}; ///< per stream: no line of it from this offset on
};

} // namespace

size_t historyCut(LogFormat format, std::string_view range, size_t strictBytes)
{
    const size_t firstEnd = range.find('\n');
    if (firstEnd == std::string_view::npos) {
        return std::string_view::npos;
    }
    const size_t start = firstEnd + 1;
    if (format == LogFormat::DockerTimestamped) {
        return start;
    }
    // The cut is the first line m (or the range's end) where no stream that still shows up from m on may be in the
    // middle of an entry: one seen before m must have ended its last line there; one not seen yet must not show up
    // within strictBytes (a stream first seen later is taken to start afresh). A continuation line is no cut either.
    CutLines lines(format, range, start);
    const size_t strictEnd = strictBytes > SIZE_MAX - start ? SIZE_MAX : start + strictBytes;
    std::array<bool, 2> seen{};
    std::array<bool, 2> lastPartial{};
    for (size_t m = 0;; ++m) {
        const auto line = lines.at(m);
        bool ok = !line || !lines.continues(*line);
        for (int s = 0; ok && s < 2; ++s) {
            const auto index = static_cast<size_t>(s);
            if (seen[index] ? lastPartial[index] : true) {
                ok = !lines.hasStream(s, m, seen[index] ? SIZE_MAX : strictEnd);
            }
        }
        if (ok) {
            return line ? line->offset : range.size();
        }
        if (line->stream >= 0) {
            const auto index = static_cast<size_t>(line->stream);
            seen[index] = true;
            lastPartial[index] = line->partial;
        }
    }
}

} // namespace ragdesk::client::ops
