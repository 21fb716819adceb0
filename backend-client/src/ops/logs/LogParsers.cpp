#include "ops/logs/LogParsers.h"

#include "common/TimeText.h"
#include "ops/logs/LogFormats.h"
#include "ragdesk/client/ops/logs/TerminalText.h"

#include <algorithm>
#include <cstring>

namespace ragdesk::client::ops {
namespace logformat {

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

} // namespace logformat

namespace {

constexpr size_t kLineSlack = size_t{64} << 10;

void appendCapped(std::string& buffer, std::string_view bytes, size_t cap, size_t& dropped)
{
    const size_t room = buffer.size() < cap ? cap - buffer.size() : 0;
    const size_t take = std::min(room, bytes.size());
    buffer.append(bytes.substr(0, take));
    dropped += bytes.size() - take;
}

} // namespace

using namespace logformat;
using timetext::kDateTimeBytes;

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

} // namespace ragdesk::client::ops
