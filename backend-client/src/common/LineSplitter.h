#pragma once

// Whole lines out of a byte stream that arrives in pieces (a command's output, a followed log). Private to the
// client library.

#include <optional>
#include <string>
#include <string_view>

namespace ragdesk::client {

/// Collects bytes and hands out the complete lines among them, without their '\n' (a '\r' before it is kept: the
/// caller knows whether it means anything). What follows the last '\n' waits for more bytes, or for rest().
class LineSplitter {
public:
    void append(std::string_view bytes) { m_pending.append(bytes); }

    /// The next complete line, or nullopt until more bytes arrive.
    std::optional<std::string> next()
    {
        const size_t end = m_pending.find('\n', m_start);
        if (end == std::string::npos) {
            // Drop what was handed out: the pending text stays as long as one unfinished line.
            m_pending.erase(0, m_start);
            m_start = 0;
            return std::nullopt;
        }
        std::string line = m_pending.substr(m_start, end - m_start);
        m_start = end + 1;
        return line;
    }

    /// What is left after the lines next() handed out: the unfinished last line of a stream that ended without a
    /// '\n', or nullopt when there is none. Empties the splitter.
    std::optional<std::string> rest()
    {
        std::string left = m_pending.substr(m_start);
        clear();
        return left.empty() ? std::nullopt : std::optional<std::string>(std::move(left));
    }

    void clear()
    {
        m_pending.clear();
        m_start = 0;
    }

private:
    std::string m_pending;
    size_t m_start = 0; ///< where the lines not yet handed out begin
};

} // namespace ragdesk::client
