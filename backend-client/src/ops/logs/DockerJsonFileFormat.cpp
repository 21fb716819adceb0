// Docker's json-file driver format: one JSON object per line, a log value without "\n" a partial entry.

#include "ops/logs/LogFormats.h"
#include "ops/logs/LogParsers.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ragdesk::client::ops {
namespace logformat {
namespace {

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

} // namespace

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

namespace {

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

} // namespace

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

} // namespace logformat

using namespace logformat;

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

} // namespace ragdesk::client::ops
