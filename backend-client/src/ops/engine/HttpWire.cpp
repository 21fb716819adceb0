#include "ops/engine/HttpWire.h"

#include <algorithm>
#include <cassert>

namespace ragdesk::client::ops::http {
namespace {

// A chunk-size line is a hex number and ignored extensions; anything longer than this is not a real one.
constexpr size_t kMaxChunkSizeLine = 4096;
// Significant digits that fit the size types without overflow (and far above any real body).
constexpr size_t kMaxDecimalDigits = 18;
constexpr size_t kMaxHexDigits = 15;
// The bytes kept from an offending line in Error::detail.
constexpr size_t kDetailBytes = 200;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

char toLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
        std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return toLower(x) == toLower(y); });
}

// RFC 9110 tchar: the bytes of a method or a field name.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c)) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// Field values and reason phrases: visible bytes, SP, HTAB and obs-text; no CR, LF, NUL or other controls.
bool isFieldText(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte == '\t' || (byte >= 0x20 && byte != 0x7F);
    });
}

std::string_view trimWhitespace(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

Error validationError(std::string message)
{
    return Error{ErrorKind::Validation, 0, std::move(message), {}, {}};
}

// Parses a Content-Length field value (a list of equal numbers is allowed, RFC 9110 8.6). nullopt when invalid.
std::optional<size_t> parseContentLength(std::string_view value, std::optional<size_t> previous)
{
    std::optional<size_t> length = previous;
    while (true) {
        const size_t comma = value.find(',');
        std::string_view item = trimWhitespace(value.substr(0, comma));
        if (item.empty() || !std::all_of(item.begin(), item.end(), isDigit)) {
            return std::nullopt;
        }
        while (item.size() > 1 && item.front() == '0') {
            item.remove_prefix(1);
        }
        if (item.size() > kMaxDecimalDigits) {
            return std::nullopt;
        }
        size_t number = 0;
        for (const char c : item) {
            number = number * 10 + static_cast<size_t>(c - '0');
        }
        if (length && *length != number) {
            return std::nullopt;
        }
        length = number;
        if (comma == std::string_view::npos) {
            return length;
        }
        value.remove_prefix(comma + 1);
    }
}

// The last transfer coding named in a Transfer-Encoding value, e.g. "chunked" in "gzip, chunked".
std::string_view lastCoding(std::string_view value)
{
    const size_t comma = value.rfind(',');
    return trimWhitespace(comma == std::string_view::npos ? value : value.substr(comma + 1));
}

int hexValue(char c)
{
    if (isDigit(c)) {
        return c - '0';
    }
    const char lower = toLower(c);
    return (lower >= 'a' && lower <= 'f') ? lower - 'a' + 10 : -1;
}

} // namespace

Result<std::string> formatRequest(
    std::string_view method, std::string_view target, std::string_view body, std::string_view contentType)
{
    if (!isToken(method)) {
        return validationError("HTTP method must be a token (letters, digits, !#$%&'*+-.^_`|~)");
    }
    const bool targetOk =
        !target.empty() && target.front() == '/' && std::all_of(target.begin(), target.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return byte > 0x20 && byte < 0x7F;
        });
    if (!targetOk) {
        return validationError("HTTP request target must be a path starting with '/' without spaces, control or "
                               "non-ASCII bytes");
    }
    if (!isFieldText(contentType)) {
        return validationError("HTTP Content-Type must not contain CR, LF or other control bytes");
    }
    // RFC 9110 8.6: a request whose method defines a body sends Content-Length even when it is 0.
    const bool sendsLength = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";

    std::string request;
    request.reserve(method.size() + target.size() + contentType.size() + body.size() + 96);
    request.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: docker\r\n");
    if (!contentType.empty()) {
        request.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (sendsLength) {
        request.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    }
    request.append("\r\n").append(body);
    return request;
}

std::optional<std::string_view> Response::header(std::string_view name) const
{
    for (const auto& [key, value] : headers) {
        if (equalsIgnoreCase(key, name)) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

ResponseParser::ResponseParser(ParserOptions options) : m_options(std::move(options)) { }

size_t ResponseParser::feed(std::string_view bytes)
{
    size_t used = 0;
    while (used < bytes.size() && m_state != State::Done && m_state != State::Failed) {
        const std::string_view rest = bytes.substr(used);
        switch (m_state) {
        case State::Body:
        case State::ChunkData:
        case State::UntilEof:
            used += consumeBody(rest);
            break;
        default:
            used += feedLine(rest);
            break;
        }
    }
    return used;
}

void ResponseParser::finishEof()
{
    if (m_state == State::UntilEof) {
        m_state = State::Done;
    } else if (m_state != State::Done && m_state != State::Failed) {
        fail(m_state == State::StatusLine && m_line.empty() && m_response.status == 0
                ? "connection closed before a response arrived"
                : "connection closed before the response ended");
    }
}

Response ResponseParser::take()
{
    assert(complete());
    return std::move(m_response);
}

// Collects bytes up to and including LF into m_line, within the current line's limit, and processes the line.
size_t ResponseParser::feedLine(std::string_view bytes)
{
    size_t limit = m_options.maxHeaderBytes;
    const char* what = "header section";
    if (m_state == State::ChunkSize) {
        limit = kMaxChunkSizeLine;
        what = "chunk size line";
    } else if (m_state == State::ChunkDataEnd) {
        limit = 2; // CRLF
        what = "end of chunk data (CRLF expected)";
    } else if (m_state == State::Trailers) {
        what = "trailer section";
    }
    const size_t lf = bytes.find('\n');
    const size_t take = lf == std::string_view::npos ? bytes.size() : lf + 1;
    if (take > limit - m_sectionBytes) {
        // Consumed up to the first byte over the limit, wherever the pieces were cut.
        const size_t used = limit - m_sectionBytes + 1;
        fail(std::string(what) + " longer than " + std::to_string(limit) + " bytes");
        return used;
    }
    m_sectionBytes += take;
    if (lf == std::string_view::npos) {
        m_line.append(bytes);
        return take;
    }
    if (m_line.empty()) {
        processLine(bytes.substr(0, lf));
    } else {
        m_line.append(bytes.substr(0, lf));
        processLine(m_line);
        m_line.clear();
    }
    return take;
}

void ResponseParser::processLine(std::string_view line)
{
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    if (line.find('\r') != std::string_view::npos) {
        fail("bare CR inside a line", line);
        return;
    }
    switch (m_state) {
    case State::StatusLine:
        processStatusLine(line);
        break;
    case State::Headers:
        if (line.empty()) {
            m_headersDone = true;
            startBody();
        } else {
            processFieldLine(line, false);
        }
        break;
    case State::ChunkSize:
        m_sectionBytes = 0;
        processChunkSize(line);
        break;
    case State::ChunkDataEnd:
        m_sectionBytes = 0;
        if (line.empty()) {
            m_state = State::ChunkSize;
        } else {
            fail("chunk data longer than its size", line);
        }
        break;
    case State::Trailers:
        if (line.empty()) {
            m_state = State::Done;
        } else {
            processFieldLine(line, true);
        }
        break;
    default:
        assert(false && "no line expected in a body state");
        break;
    }
}

// status-line = HTTP-version SP 3DIGIT SP [reason-phrase]; a missing last SP is tolerated.
void ResponseParser::processStatusLine(std::string_view line)
{
    const bool shapeOk = line.size() >= 12 && line.substr(0, 7) == "HTTP/1." && isDigit(line[7]) && line[8] == ' ' &&
        line[9] >= '1' && line[9] <= '5' && isDigit(line[10]) && isDigit(line[11]) &&
        (line.size() == 12 || line[12] == ' ');
    if (!shapeOk) {
        fail("malformed status line", line);
        return;
    }
    const std::string_view reason = line.size() > 12 ? line.substr(13) : std::string_view();
    if (!isFieldText(reason)) {
        fail("control bytes in the reason phrase", line);
        return;
    }
    m_response.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    m_response.reason.assign(reason);
    m_state = State::Headers;
}

void ResponseParser::processFieldLine(std::string_view line, bool trailer)
{
    if (line.front() == ' ' || line.front() == '\t') {
        fail("obsolete line folding in a header", line);
        return;
    }
    const size_t colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    if (colon == std::string_view::npos || !isToken(name)) {
        fail(trailer ? "malformed trailer line" : "malformed header line", line);
        return;
    }
    const std::string_view value = trimWhitespace(line.substr(colon + 1));
    if (!isFieldText(value)) {
        fail("control bytes in a header value", line);
        return;
    }
    m_response.headers.emplace_back(std::string(name), std::string(value));
}

// RFC 9112 6.3: how the body after the headers is delimited.
void ResponseParser::startBody()
{
    const int status = m_response.status;
    if (status / 100 == 1 && status != 101) {
        // Interim response (100 Continue, 103 Early Hints): the final one follows.
        m_response = Response();
        m_sectionBytes = 0;
        m_headersDone = false;
        m_state = State::StatusLine;
        return;
    }
    // 101 ends at its headers: what follows is the switched protocol, left to the caller.
    if (m_options.expectNoBody || status == 101 || status == 204 || status == 304) {
        m_state = State::Done;
        return;
    }
    bool hasTransferEncoding = false;
    std::string_view coding;
    bool hasLength = false;
    std::optional<size_t> length;
    for (const auto& [name, value] : m_response.headers) {
        if (equalsIgnoreCase(name, "Transfer-Encoding")) {
            hasTransferEncoding = true;
            if (!lastCoding(value).empty()) {
                coding = lastCoding(value);
            }
        } else if (equalsIgnoreCase(name, "Content-Length")) {
            hasLength = true;
            length = parseContentLength(value, length);
            if (!length) {
                fail("invalid or conflicting Content-Length", value);
                return;
            }
        }
    }
    if (hasTransferEncoding) {
        // Transfer-Encoding overrides Content-Length; a final coding other than chunked runs until close.
        m_state = equalsIgnoreCase(coding, "chunked") ? State::ChunkSize : State::UntilEof;
        m_sectionBytes = 0;
        return;
    }
    if (!hasLength) {
        m_state = State::UntilEof;
        return;
    }
    if (!m_options.onBody && *length > m_options.maxBodyBytes) {
        fail("body of " + std::to_string(*length) + " bytes exceeds the limit of " +
            std::to_string(m_options.maxBodyBytes));
        return;
    }
    m_remaining = *length;
    m_state = m_remaining == 0 ? State::Done : State::Body;
}

// chunk-size [ BWS ";" extensions ]; the extensions are ignored.
void ResponseParser::processChunkSize(std::string_view line)
{
    size_t digits = 0;
    size_t significant = 0;
    size_t size = 0;
    for (; digits < line.size() && hexValue(line[digits]) >= 0; ++digits) {
        const int value = hexValue(line[digits]);
        if (significant > 0 || value != 0) {
            ++significant;
        }
        if (significant > kMaxHexDigits) {
            fail("chunk size too large", line);
            return;
        }
        size = size * 16 + static_cast<size_t>(value);
    }
    const std::string_view after = trimWhitespace(line.substr(digits));
    if (digits == 0 || !(after.empty() || after.front() == ';')) {
        fail("malformed chunk size line", line);
        return;
    }
    if (size == 0) {
        m_state = State::Trailers;
        return;
    }
    if (!m_options.onBody && size > m_options.maxBodyBytes - m_response.body.size()) {
        fail("chunked body exceeds the limit of " + std::to_string(m_options.maxBodyBytes) + " bytes");
        return;
    }
    m_remaining = size;
    m_state = State::ChunkData;
}

size_t ResponseParser::consumeBody(std::string_view bytes)
{
    if (m_state == State::UntilEof) {
        const size_t room = m_options.maxBodyBytes - m_response.body.size();
        if (!m_options.onBody && bytes.size() > room) {
            appendBody(bytes.substr(0, room)); // the same body up to the limit however the bytes were cut
            fail("body exceeds the limit of " + std::to_string(m_options.maxBodyBytes) + " bytes");
            return room + 1;
        }
        appendBody(bytes);
        return bytes.size();
    }
    const size_t take = std::min(bytes.size(), m_remaining);
    appendBody(bytes.substr(0, take));
    m_remaining -= take;
    if (m_remaining == 0) {
        m_state = m_state == State::Body ? State::Done : State::ChunkDataEnd;
    }
    return take;
}

void ResponseParser::appendBody(std::string_view bytes)
{
    if (bytes.empty()) {
        return;
    }
    if (m_options.onBody) {
        m_options.onBody(bytes);
    } else {
        m_response.body.append(bytes);
    }
}

void ResponseParser::fail(std::string message, std::string_view detail)
{
    m_error =
        Error{ErrorKind::Protocol, 0, "HTTP response: " + message, std::string(detail.substr(0, kDetailBytes)), {}};
    m_state = State::Failed;
}

} // namespace ragdesk::client::ops::http
