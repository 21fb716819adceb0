#include "ragdesk/client/sse/SseParser.h"

#include <algorithm>
#include <cstring>

namespace ragdesk::client::sse {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The first CR or LF in [begin, end), or end.
const char* findLineEnd(const char* begin, const char* end)
{
    const auto* lf = static_cast<const char*>(std::memchr(begin, '\n', static_cast<size_t>(end - begin)));
    const char* limit = lf ? lf : end;
    const auto* cr = static_cast<const char*>(std::memchr(begin, '\r', static_cast<size_t>(limit - begin)));
    return cr ? cr : limit;
}

bool allDigits(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

SseParser::SseParser(EventHandler onEvent) : m_onEvent(std::move(onEvent)) { }

void SseParser::feed(std::string_view bytes)
{
    if (m_atStreamStart) {
        // Collect up to three bytes to tell a leading BOM from data that merely begins like one.
        const size_t take = std::min(bytes.size(), kBom.size() - m_bomProbe.size());
        m_bomProbe.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        const bool stillPrefix = kBom.substr(0, m_bomProbe.size()) == m_bomProbe;
        if (stillPrefix && m_bomProbe.size() < kBom.size()) {
            return;
        }
        m_atStreamStart = false;
        if (!stillPrefix) {
            feedLines(m_bomProbe);
        }
        m_bomProbe.clear();
        m_bomProbe.shrink_to_fit();
    }
    feedLines(bytes);
}

void SseParser::feedLines(std::string_view bytes)
{
    const char* pos = bytes.data();
    const char* const end = pos + bytes.size();
    if (m_skipLf && pos != end) {
        m_skipLf = false;
        if (*pos == '\n') {
            ++pos;
        }
    }
    while (pos != end) {
        const char* lineEnd = findLineEnd(pos, end);
        if (lineEnd == end) {
            m_line.append(pos, end);
            return;
        }
        if (m_line.empty()) {
            processLine(std::string_view(pos, static_cast<size_t>(lineEnd - pos)));
        } else {
            m_line.append(pos, lineEnd);
            processLine(m_line);
            m_line.clear();
        }
        pos = lineEnd + 1;
        if (*lineEnd == '\r') {
            if (pos == end) {
                m_skipLf = true;
            } else if (*pos == '\n') {
                ++pos;
            }
        }
    }
}

void SseParser::processLine(std::string_view line)
{
    if (line.empty()) {
        dispatch();
        return;
    }
    if (line.front() == ':') {
        return; // comment (keep-alive)
    }
    const size_t colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    std::string_view value;
    if (colon != std::string_view::npos) {
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') {
            value.remove_prefix(1);
        }
    }
    if (field == "data") {
        m_data.append(value);
        m_data.push_back('\n');
    } else if (field == "event") {
        m_type.assign(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) {
            m_lastEventId.assign(value);
        }
    } else if (field == "retry") {
        if (allDigits(value) && value.size() <= 9) {
            m_retry = std::chrono::milliseconds(std::stol(std::string(value)));
        }
    }
}

void SseParser::dispatch()
{
    if (m_data.empty()) {
        m_type.clear();
        return;
    }
    m_data.pop_back(); // the '\n' after the last data line
    const std::string_view type = m_type.empty() ? std::string_view("message") : std::string_view(m_type);
    m_onEvent(SseEvent{type, m_data, m_lastEventId});
    m_data.clear();
    m_type.clear();
}

} // namespace ragdesk::client::sse
