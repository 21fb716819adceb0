#pragma once

// A minimal HTTP/1.1 wire codec with no I/O, for the Docker Engine API spoken over an SSH channel to the engine's
// unix socket (libcurl cannot run over an SSH channel). Private to the client library.

#include "ragdesk/client/common/Error.h"
#include "ragdesk/client/common/Result.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ragdesk::client::ops::http {

/// Serialises one keep-alive HTTP/1.1 request (`Host: docker`, which the engine ignores). Content-Length is sent
/// with a body, and as 0 for POST/PUT/PATCH without one (RFC 9110 8.6). A method that is not a token, or a
/// target or content type holding CR, LF or other control bytes, is refused (Validation), so no header can be
/// injected.
Result<std::string> formatRequest(
    std::string_view method, std::string_view target, std::string_view body = {}, std::string_view contentType = {});

/// One received response. Trailer fields of a chunked body are appended to `headers`.
struct Response {
    int status = 0;
    std::string reason;
    std::vector<std::pair<std::string, std::string>> headers; ///< in received order, names as sent
    std::string body; ///< decoded (de-chunked); empty when the body went to ParserOptions::onBody

    /// The value of the first header named `name` (compared case-insensitively), if any.
    std::optional<std::string_view> header(std::string_view name) const;
};

/// How one response is read: what the request implies and the bounds that keep a hostile peer from growing memory.
struct ParserOptions {
    bool expectNoBody = false; ///< the request was HEAD: no body follows whatever the headers announce
    size_t maxHeaderBytes = 64 * 1024; ///< status line + header fields, and separately the trailer fields
    size_t maxBodyBytes = 256 * 1024 * 1024; ///< bound on the buffered body; not applied when onBody is set
    /// Streaming mode: when set, decoded body bytes are handed here as they arrive (views valid only during the
    /// call) and not kept in Response::body, so an endless stream like GET /events needs no buffer.
    std::function<void(std::string_view)> onBody;
};

/// Incremental parser of one HTTP/1.1 response from bytes cut anywhere: Content-Length, chunked (extensions and
/// trailers), bodiless (HEAD, 204, 304; interim 1xx are skipped, 101 ends at its headers) and close-delimited
/// bodies. It stops at the end of its response, so a pipelined next response is left for the next parser.
class ResponseParser {
public:
    explicit ResponseParser(ParserOptions options = {});

    /// Consumes bytes of this response and returns how many it took: fewer than given once the response is
    /// complete (the rest belongs to the next response), or up to the byte that made it fail when an error stops
    /// it (then drop the connection).
    size_t feed(std::string_view bytes);
    /// The peer closed the connection: ends a close-delimited body, or sets a Protocol error if the response
    /// was not complete.
    void finishEof();

    /// True once the whole response was received; take() may then be called.
    bool complete() const { return m_state == State::Done; }
    /// True once the status line and headers were received (useful in streaming mode before the body ends).
    bool headersComplete() const { return m_headersDone; }
    /// The response so far: status and headers once headersComplete(), and the body received so far.
    const Response& current() const { return m_response; }
    /// The Protocol error that stopped parsing, if any.
    std::optional<Error> error() const { return m_error; }
    /// Moves the complete response out; the parser is spent afterwards (one parser per response).
    Response take();

private:
    enum class State {
        StatusLine,
        Headers,
        Body, ///< Content-Length body: m_remaining bytes left
        ChunkSize,
        ChunkData, ///< m_remaining bytes of the current chunk left
        ChunkDataEnd, ///< the CRLF after a chunk's data
        Trailers,
        UntilEof,
        Done,
        Failed,
    };

    size_t feedLine(std::string_view bytes);
    void processLine(std::string_view line);
    void processStatusLine(std::string_view line);
    void processFieldLine(std::string_view line, bool trailer);
    void startBody();
    void processChunkSize(std::string_view line);
    size_t consumeBody(std::string_view bytes);
    void appendBody(std::string_view bytes);
    void fail(std::string message, std::string_view detail = {});

    ParserOptions m_options;
    Response m_response;
    std::optional<Error> m_error;
    std::string m_line; ///< the line being received (status, header, chunk size, chunk end, trailer)
    size_t m_sectionBytes = 0; ///< bytes of the current header/trailer section or chunk line, against its limit
    size_t m_remaining = 0;
    State m_state = State::StatusLine;
    bool m_headersDone = false;
};

} // namespace ragdesk::client::ops::http
