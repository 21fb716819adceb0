// historyCut: where an older range of a log file can be parsed from without the bytes before it.

#include "ops/logs/LogFormats.h"
#include "ops/logs/LogLevels.h"
#include "ops/logs/LogParsers.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace ragdesk::client::ops {

using namespace logformat;

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
