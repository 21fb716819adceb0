#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ragdesk::client::sse {

/// One dispatched server-sent event. The views are valid only during the callback.
struct SseEvent {
    std::string_view type; ///< "message" when the stream named none
    std::string_view data; ///< data lines joined with '\n'
    std::string_view lastEventId;
};

/// Incremental parser for text/event-stream (the WHATWG rules): LF, CR and CRLF line ends, comments, multi-line
/// data, id and retry fields, one leading BOM, and bytes split at any point, including inside a UTF-8 sequence
/// (the parser works on bytes and never decodes). Unknown fields are ignored; unknown event types are dispatched.
class SseParser {
public:
    using EventHandler = std::function<void(const SseEvent&)>;

    explicit SseParser(EventHandler onEvent);

    /// Parses the next bytes of the stream; complete events are dispatched before it returns.
    void feed(std::string_view bytes);
    /// The last retry field the server sent, if any.
    std::optional<std::chrono::milliseconds> retry() const { return m_retry; }
    /// True while an event is partly received: data lines without the blank line that ends the event,
    /// or a partial line. At the end of a stream such an event is incomplete and is not dispatched.
    bool hasPendingEvent() const { return !m_data.empty() || !m_type.empty() || !m_line.empty(); }

private:
    void feedLines(std::string_view bytes);
    void processLine(std::string_view line);
    void dispatch();

    EventHandler m_onEvent;
    std::string m_line; ///< a line split across feeds
    std::string m_type;
    std::string m_data;
    std::string m_lastEventId;
    std::string m_bomProbe; ///< the first bytes of the stream while deciding whether they are a BOM
    std::optional<std::chrono::milliseconds> m_retry;
    bool m_atStreamStart = true;
    bool m_skipLf = false; ///< the previous feed ended on CR: an LF starting this one belongs to it
};

} // namespace ragdesk::client::sse
