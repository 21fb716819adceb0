#include "ops/engine/HttpWire.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using ragdesk::client::ErrorKind;
using ragdesk::client::ops::http::formatRequest;
using ragdesk::client::ops::http::ParserOptions;
using ragdesk::client::ops::http::Response;
using ragdesk::client::ops::http::ResponseParser;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// What one parser made of its response, comparable across ways of cutting the bytes.
struct Outcome {
    bool complete = false;
    std::string error; ///< the Protocol error's message, empty when none
    int status = 0;
    std::string reason;
    Headers headers;
    std::string body; ///< Response::body, or what the streaming callback received
    size_t consumed = 0; ///< bytes of the stream this response took
    bool operator==(const Outcome&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Outcome& o)
{
    out << "{complete=" << o.complete << " error='" << o.error << "' " << o.status << " '" << o.reason << "' [";
    for (const auto& [name, value] : o.headers) {
        out << name << ": " << value << "; ";
    }
    return out << "] body(" << o.body.size() << ")='" << o.body.substr(0, 80) << "' consumed=" << o.consumed << "}";
}

std::string readRecording(const std::string& name)
{
    std::ifstream in(std::string(RAGDESK_TEST_DATA) + "/ops/http/" + name, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    EXPECT_FALSE(bytes.str().empty()) << name;
    return bytes.str();
}

// Parses every response in the stream, one parser each as a connection would, with the bytes arriving in pieces
// cut at the given offsets (ascending). Bytes a parser leaves go to the next one; at the end of the stream the
// last parser sees EOF when `eof`.
std::vector<Outcome> parseStream(
    std::string_view stream, const std::vector<size_t>& cuts = {}, const ParserOptions& options = {}, bool eof = false)
{
    std::vector<std::string_view> pieces;
    size_t from = 0;
    for (const size_t cut : cuts) {
        pieces.push_back(stream.substr(from, cut - from));
        from = cut;
    }
    pieces.push_back(stream.substr(from));

    std::vector<Outcome> outcomes;
    size_t piece = 0;
    std::string_view pending;
    while (true) {
        std::string streamed;
        ParserOptions withSink = options;
        if (options.onBody) {
            withSink.onBody = [&streamed](std::string_view bytes) { streamed.append(bytes); };
        }
        ResponseParser parser(withSink);
        Outcome outcome;
        while (!parser.complete() && !parser.error()) {
            while (pending.empty() && piece < pieces.size()) {
                pending = pieces[piece++];
            }
            if (pending.empty()) {
                break;
            }
            const size_t used = parser.feed(pending);
            EXPECT_LE(used, pending.size());
            if (!parser.complete() && !parser.error()) {
                EXPECT_EQ(used, pending.size()) << "an unfinished parser must take everything";
            }
            outcome.consumed += used;
            pending.remove_prefix(used);
        }
        if (outcome.consumed == 0 && !parser.error()) {
            return outcomes; // the stream ended between responses
        }
        if (eof && !parser.complete() && !parser.error()) {
            parser.finishEof();
        }
        outcome.complete = parser.complete();
        outcome.error = parser.error() ? parser.error()->message : std::string();
        const Response& current = parser.current();
        outcome.status = current.status;
        outcome.reason = current.reason;
        outcome.headers = current.headers;
        outcome.body = options.onBody ? streamed : current.body;
        outcomes.push_back(outcome);
        if (!parser.complete()) {
            return outcomes;
        }
        EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\n"), 0U) << "a complete parser takes no more bytes";
    }
}

// One cut at every offset and a cut between every two bytes give the same outcomes as the whole stream at once.
void expectSplitInvariant(const std::string& stream, const ParserOptions& options = {}, bool eof = false)
{
    const std::vector<Outcome> whole = parseStream(stream, {}, options, eof);
    ASSERT_FALSE(whole.empty());
    for (size_t cut = 0; cut <= stream.size(); ++cut) {
        ASSERT_EQ(parseStream(stream, {cut}, options, eof), whole) << "cut at " << cut;
    }
    std::vector<size_t> everyByte;
    for (size_t i = 1; i < stream.size(); ++i) {
        everyByte.push_back(i);
    }
    ASSERT_EQ(parseStream(stream, everyByte, options, eof), whole) << "byte by byte";
}

Outcome parseOne(std::string_view stream, const ParserOptions& options = {}, bool eof = false)
{
    const std::vector<Outcome> outcomes = parseStream(stream, {}, options, eof);
    EXPECT_EQ(outcomes.size(), 1U);
    return outcomes.empty() ? Outcome() : outcomes.front();
}

ParserOptions headRequest()
{
    ParserOptions options;
    options.expectNoBody = true;
    return options;
}

ParserOptions streaming()
{
    ParserOptions options;
    options.onBody = [](std::string_view) {};
    return options;
}

const std::string kContentLength = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
                                   "{\"Id\":\"abc\"}\n";
const std::string kChunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "5;name=value;q=\"x\"\r\nhello\r\n"
                             "1 \t; ext\r\n,\r\n"
                             "000B\r\n world 0123\r\n"
                             "0\r\nX-Trailer: done\r\nX-Other:  two \r\n\r\n";
const std::string kNoContent = "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n";
const std::string kNotModified = "HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\nETag: \"x\"\r\n\r\n";
const std::string kInterimThenFinal = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                                      "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
const std::string kCloseDelimited = "HTTP/1.0 200 OK\r\nServer: old\r\n\r\nuntil the end\r\n\nof the stream";
const std::string kBareLf = "HTTP/1.1 200 OK\nContent-Length: 3\nX-A: b\n\nabc";

} // namespace

// --- formatRequest ---------------------------------------------------------------------------------------------

TEST(HttpWireFormat, GetHasHostAndNoLengthAndKeepsTheConnection)
{
    const auto request = formatRequest("GET", "/v1.41/containers/json?all=1");
    ASSERT_TRUE(request.ok());
    EXPECT_EQ(*request, "GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: docker\r\n\r\n");
}

TEST(HttpWireFormat, BodyCarriesContentTypeAndLength)
{
    const auto request =
        formatRequest("POST", "/v1.41/containers/create?name=x", "{\"Image\":\"a\"}", "application/json");
    ASSERT_TRUE(request.ok());
    EXPECT_EQ(*request,
        "POST /v1.41/containers/create?name=x HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
        "Content-Length: 13\r\n\r\n{\"Image\":\"a\"}");
}

TEST(HttpWireFormat, PostWithoutBodySendsZeroLengthOthersSendNone)
{
    EXPECT_EQ(*formatRequest("POST", "/v1.41/containers/abc/restart?t=5"),
        "POST /v1.41/containers/abc/restart?t=5 HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(*formatRequest("DELETE", "/v1.41/containers/abc"),
        "DELETE /v1.41/containers/abc HTTP/1.1\r\nHost: docker\r\n\r\n");
    EXPECT_EQ(*formatRequest("HEAD", "/_ping"), "HEAD /_ping HTTP/1.1\r\nHost: docker\r\n\r\n");
}

TEST(HttpWireFormat, RefusesHeaderInjectionAndMalformedParts)
{
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"GET", "/x HTTP/1.1\r\nX-Evil: 1\r\n\r\nGET /y"},
        {"GET", "/x\nX-Evil: 1"},
        {"GET", "/x\rX-Evil: 1"},
        {"GET", "/with space"},
        {"GET", std::string("/nul\0byte", 9)},
        {"GET", "/tab\there"},
        {"GET", "/caf\xC3\xA9"},
        {"GET", "relative"},
        {"GET", ""},
        {"GET\r\nX-Evil: 1\r\n", "/x"},
        {"GE T", "/x"},
        {"GET\n", "/x"},
        {"", "/x"},
    };
    for (const auto& [method, target] : bad) {
        const auto request = formatRequest(method, target);
        ASSERT_FALSE(request.ok()) << method << " " << target;
        EXPECT_EQ(request.error().kind, ErrorKind::Validation);
        EXPECT_FALSE(request.error().message.empty());
    }
    const auto badType = formatRequest("POST", "/x", "{}", "application/json\r\nX-Evil: 1");
    ASSERT_FALSE(badType.ok());
    EXPECT_EQ(badType.error().kind, ErrorKind::Validation);
}

// --- ResponseParser: the forms --------------------------------------------------------------------------------

TEST(HttpResponseParser, ContentLengthBody)
{
    ResponseParser parser;
    EXPECT_FALSE(parser.headersComplete());
    EXPECT_EQ(parser.feed(kContentLength), kContentLength.size());
    ASSERT_TRUE(parser.complete());
    EXPECT_FALSE(parser.error());
    const Response response = parser.take();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.reason, "OK");
    EXPECT_EQ(response.body, "{\"Id\":\"abc\"}\n");
    EXPECT_EQ(response.headers, (Headers{{"Content-Type", "application/json"}, {"Content-Length", "13"}}));
    EXPECT_EQ(response.header("content-type"), "application/json");
    EXPECT_EQ(response.header("CONTENT-LENGTH"), "13");
    EXPECT_EQ(response.header("Content-Typ"), std::nullopt);
    expectSplitInvariant(kContentLength);
}

TEST(HttpResponseParser, ChunkedWithExtensionsAndTrailers)
{
    const Outcome outcome = parseOne(kChunked);
    EXPECT_TRUE(outcome.complete) << outcome;
    EXPECT_EQ(outcome.body, "hello, world 0123");
    EXPECT_EQ(outcome.headers, (Headers{{"Transfer-Encoding", "chunked"}, {"X-Trailer", "done"}, {"X-Other", "two"}}));
    EXPECT_EQ(outcome.consumed, kChunked.size());
    expectSplitInvariant(kChunked);
}

TEST(HttpResponseParser, ResponsesWithoutBody)
{
    for (const std::string& stream : {kNoContent, kNotModified}) {
        const Outcome outcome = parseOne(stream);
        EXPECT_TRUE(outcome.complete) << outcome;
        EXPECT_EQ(outcome.body, "");
        EXPECT_EQ(outcome.consumed, stream.size());
        expectSplitInvariant(stream);
    }
    // HEAD: the headers announce the GET body, none follows.
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";
    const std::string next = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
    const std::vector<Outcome> outcomes = parseStream(head + next, {}, headRequest());
    ASSERT_EQ(outcomes.size(), 2U);
    EXPECT_TRUE(outcomes[0].complete);
    EXPECT_EQ(outcomes[0].consumed, head.size());
    EXPECT_EQ(outcomes[1].status, 404);
    expectSplitInvariant(head + next, headRequest());
}

TEST(HttpResponseParser, InterimResponsesAreSkipped)
{
    const Outcome outcome = parseOne(kInterimThenFinal);
    EXPECT_TRUE(outcome.complete) << outcome;
    EXPECT_EQ(outcome.status, 201);
    EXPECT_EQ(outcome.reason, "Created");
    EXPECT_EQ(outcome.headers, (Headers{{"Content-Length", "2"}}));
    EXPECT_EQ(outcome.body, "ok");
    expectSplitInvariant(kInterimThenFinal);
}

TEST(HttpResponseParser, SwitchingProtocolsEndsAtItsHeaders)
{
    // Docker's attach and exec upgrade the connection; the raw stream after the headers is the caller's.
    const std::string upgrade = "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
    ResponseParser parser;
    EXPECT_EQ(parser.feed(upgrade + "\x01\0\0\0\0\0\0\x03out"), upgrade.size());
    ASSERT_TRUE(parser.complete());
    EXPECT_EQ(parser.take().status, 101);
}

TEST(HttpResponseParser, CloseDelimitedBodyEndsAtEof)
{
    ResponseParser parser;
    EXPECT_EQ(parser.feed(kCloseDelimited), kCloseDelimited.size());
    EXPECT_TRUE(parser.headersComplete());
    EXPECT_FALSE(parser.complete());
    parser.finishEof();
    ASSERT_TRUE(parser.complete());
    EXPECT_EQ(parser.take().body, "until the end\r\n\nof the stream");
    expectSplitInvariant(kCloseDelimited, {}, true);

    // A final coding other than chunked is delimited by the close too (RFC 9112 6.3).
    const Outcome gzip = parseOne("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzz", {}, true);
    EXPECT_TRUE(gzip.complete);
    EXPECT_EQ(gzip.body, "zzz");
}

TEST(HttpResponseParser, EofBeforeTheEndIsAnError)
{
    for (const std::string& truncated : {std::string(), kContentLength.substr(0, 20),
             kContentLength.substr(0, kContentLength.size() - 1), kChunked.substr(0, kChunked.size() - 2)}) {
        ResponseParser parser;
        parser.feed(truncated);
        parser.finishEof();
        EXPECT_FALSE(parser.complete());
        ASSERT_TRUE(parser.error()) << truncated;
        EXPECT_EQ(parser.error()->kind, ErrorKind::Protocol);
        EXPECT_NE(parser.error()->message.find("connection closed"), std::string::npos);
    }
}

TEST(HttpResponseParser, TransferEncodingOverridesContentLength)
{
    const Outcome outcome =
        parseOne("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n");
    EXPECT_TRUE(outcome.complete) << outcome;
    EXPECT_EQ(outcome.body, "ab");
}

TEST(HttpResponseParser, RepeatedEqualContentLengthsAreOneLength)
{
    const Outcome outcome = parseOne("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nContent-Length: 003\r\n\r\nabc");
    EXPECT_TRUE(outcome.complete) << outcome;
    EXPECT_EQ(outcome.body, "abc");
}

TEST(HttpResponseParser, BareLfLineEndsAreAccepted)
{
    const Outcome outcome = parseOne(kBareLf);
    EXPECT_TRUE(outcome.complete) << outcome;
    EXPECT_EQ(outcome.headers, (Headers{{"Content-Length", "3"}, {"X-A", "b"}}));
    EXPECT_EQ(outcome.body, "abc");
    expectSplitInvariant(kBareLf);
}

TEST(HttpResponseParser, StatusLineWithoutReason)
{
    const Outcome outcome = parseOne("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n");
    EXPECT_TRUE(outcome.complete) << outcome;
    EXPECT_EQ(outcome.status, 200);
    EXPECT_EQ(outcome.reason, "");
}

TEST(HttpResponseParser, TwoPipelinedResponsesInOneBuffer)
{
    const std::string both = kChunked + kContentLength;
    ResponseParser first;
    EXPECT_EQ(first.feed(both), kChunked.size());
    ASSERT_TRUE(first.complete());
    EXPECT_EQ(first.take().body, "hello, world 0123");
    ResponseParser second;
    EXPECT_EQ(second.feed(std::string_view(both).substr(kChunked.size())), kContentLength.size());
    ASSERT_TRUE(second.complete());
    EXPECT_EQ(second.take().body, "{\"Id\":\"abc\"}\n");

    expectSplitInvariant(both);
    expectSplitInvariant(kContentLength + kNoContent + kInterimThenFinal + kBareLf + kCloseDelimited, {}, true);
}

// --- ResponseParser: streaming mode ---------------------------------------------------------------------------

TEST(HttpResponseParser, StreamingHandsOutTheBodyAsItArrives)
{
    std::vector<std::string> pieces;
    ParserOptions options;
    options.onBody = [&pieces](std::string_view bytes) { pieces.emplace_back(bytes); };
    ResponseParser parser(std::move(options));
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    parser.feed(head);
    ASSERT_TRUE(parser.headersComplete());
    EXPECT_EQ(parser.current().status, 200);
    EXPECT_EQ(parser.current().header("content-type"), "application/json");

    parser.feed("1c\r\n{\"status\":\"start\",\"id\":");
    EXPECT_EQ(pieces, (std::vector<std::string>{"{\"status\":\"start\",\"id\":"}));
    parser.feed("\"a\"}\n\r\n");
    EXPECT_EQ(pieces.back(), "\"a\"}\n");
    EXPECT_FALSE(parser.complete());
    parser.feed("0\r\n\r\n");
    ASSERT_TRUE(parser.complete());
    EXPECT_EQ(parser.take().body, "") << "a streamed body is not buffered";

    expectSplitInvariant(kChunked, streaming());
    expectSplitInvariant(kContentLength + kCloseDelimited, streaming(), true);
}

TEST(HttpResponseParser, StreamingIsNotBoundByTheBodyLimit)
{
    ParserOptions options;
    options.maxBodyBytes = 4;
    size_t received = 0;
    options.onBody = [&received](std::string_view bytes) { received += bytes.size(); };
    ResponseParser parser(std::move(options));
    parser.feed("HTTP/1.1 200 OK\r\n\r\n");
    for (int i = 0; i < 100; ++i) {
        parser.feed("0123456789");
    }
    EXPECT_FALSE(parser.error());
    EXPECT_EQ(received, 1000U);
}

// --- ResponseParser: malformed input and limits ---------------------------------------------------------------

TEST(HttpResponseParser, MalformedStatusLinesAreProtocolErrors)
{
    for (const std::string line : {"", "HTTP/1.1", "HTTP/1.1 200OK", "HTTP/2 200 OK", "HTTP/1.1  200 OK",
             "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 abc OK", "HTTP/1.1 099 OK", "HTTP/1.1 600 Weird",
             "http/1.1 200 OK", "ICY 200 OK", "HTTP/1.x 200 OK", "HTTP/1.1 200 O\x01K", "<html>"}) {
        const std::string stream = line + "\r\nContent-Length: 0\r\n\r\n";
        const Outcome outcome = parseOne(stream);
        EXPECT_FALSE(outcome.complete) << line;
        EXPECT_NE(outcome.error, "") << line;
        expectSplitInvariant(stream);
    }
    ResponseParser parser;
    parser.feed("HTTP/1.1 2x0 OK\r\n");
    ASSERT_TRUE(parser.error());
    EXPECT_EQ(parser.error()->kind, ErrorKind::Protocol);
    EXPECT_EQ(parser.error()->message, "HTTP response: malformed status line");
    EXPECT_EQ(parser.error()->detail, "HTTP/1.1 2x0 OK");
    EXPECT_EQ(parser.feed("more"), 0U) << "a failed parser takes nothing";
}

TEST(HttpResponseParser, MalformedHeadersAreProtocolErrors)
{
    const std::vector<std::string> headers = {"No-Colon", ": empty-name", "Space Name: x", "Name : x", " folded: x",
        "\tfolded: x", "X-Ctl: a\x01", "X-Cr: a\rb", std::string("X-Nul: a\0b", 10), "Content-Length: -1",
        "Content-Length: 1x", "Content-Length: 5, 6", "Content-Length: ", "Content-Length: 99999999999999999999"};
    for (const std::string& header : headers) {
        const std::string stream = "HTTP/1.1 200 OK\r\n" + header + "\r\n\r\n";
        const Outcome outcome = parseOne(stream);
        EXPECT_FALSE(outcome.complete) << header;
        EXPECT_NE(outcome.error, "") << header;
        expectSplitInvariant(stream);
    }
    const Outcome conflicting = parseOne("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
    EXPECT_EQ(conflicting.error, "HTTP response: invalid or conflicting Content-Length");
}

TEST(HttpResponseParser, BadChunksAreProtocolErrors)
{
    const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (const std::string chunks :
        {"zz\r\n", "\r\n", ";ext\r\n", "-1\r\n", "0x10\r\n", "1 2\r\n", "10000000000000000\r\n", "3\r\nabcd\r\n",
            "3\r\nabc\r\r\n", "3\r\nabcXYZ", "0\r\nBad Trailer\r\n\r\n", "1\r\na\r\n0\r\n folded: x\r\n\r\n"}) {
        const std::string stream = head + chunks;
        const Outcome outcome = parseOne(stream);
        EXPECT_FALSE(outcome.complete) << chunks;
        EXPECT_NE(outcome.error, "") << chunks;
        expectSplitInvariant(stream);
    }
    const Outcome tooLarge = parseOne(head + "fffffffffffffffff\r\n");
    EXPECT_EQ(tooLarge.error, "HTTP response: chunk size too large");
    const Outcome longer = parseOne(head + "3\r\nabcd\r\n");
    EXPECT_EQ(longer.error, "HTTP response: end of chunk data (CRLF expected) longer than 2 bytes");
    // Leading zeros are not size: a zero-padded size is a valid chunk.
    EXPECT_TRUE(parseOne(head + "0000000000000000000000000003\r\nabc\r\n0\r\n\r\n").complete);
}

TEST(HttpResponseParser, OversizeHeadersStopEarly)
{
    const std::string head = "HTTP/1.1 200 OK\r\n";
    const std::string huge = head + "X-Big: " + std::string(70 * 1024, 'a') + "\r\n\r\n";
    ResponseParser parser;
    size_t used = 0;
    for (size_t at = 0; at < huge.size() && !parser.error(); at += 1000) {
        used += parser.feed(std::string_view(huge).substr(at, 1000));
    }
    ASSERT_TRUE(parser.error());
    EXPECT_EQ(parser.error()->message, "HTTP response: header section longer than 65536 bytes");
    EXPECT_LE(used, 66 * 1024U) << "the parser stops at the limit, not at the end of the line";

    // Many small headers count together.
    std::string many = head;
    for (int i = 0; i < 5000; ++i) {
        many += "X-Header-" + std::to_string(i) + ": value\r\n";
    }
    EXPECT_EQ(parseOne(many + "\r\n").error, "HTTP response: header section longer than 65536 bytes");

    // The limit is configurable, and trailers have their own budget of the same size.
    ParserOptions small;
    small.maxHeaderBytes = 64;
    const std::string fits = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n\r\n";
    EXPECT_TRUE(parseOne(fits, small).complete);
    EXPECT_EQ(
        parseOne(fits.substr(0, fits.size() - 2) + "X-Long-Trailer: " + std::string(50, 'b') + "\r\n\r\n", small).error,
        "HTTP response: trailer section longer than 64 bytes");
    const std::string longChunkLine =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + std::string(5000, 'e');
    EXPECT_EQ(parseOne(longChunkLine).error, "HTTP response: chunk size line longer than 4096 bytes");
}

TEST(HttpResponseParser, BodiesOverTheLimitAreRefused)
{
    ParserOptions options;
    options.maxBodyBytes = 10;
    EXPECT_TRUE(parseOne("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", options).complete);
    EXPECT_EQ(parseOne("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", options).error,
        "HTTP response: body of 11 bytes exceeds the limit of 10");
    EXPECT_EQ(parseOne("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n", options).error,
        "HTTP response: chunked body exceeds the limit of 10 bytes");
    EXPECT_EQ(parseOne("HTTP/1.1 200 OK\r\n\r\n0123456789x", options).error,
        "HTTP response: body exceeds the limit of 10 bytes");
    // The default is 256 MiB: a larger announced body is refused before a byte of it is read.
    EXPECT_EQ(parseOne("HTTP/1.1 200 OK\r\nContent-Length: 268435457\r\n\r\n").error,
        "HTTP response: body of 268435457 bytes exceeds the limit of 268435456");
}

// --- Recorded from podman 4.3.1's Docker API (GET/HEAD over the devstack's docker.sock) ---------------------------

TEST(HttpResponseParser, RecordedPodmanVersionHasContentLength)
{
    const std::string recorded = readRecording("podman-4.3-version.http");
    const Outcome outcome = parseOne(recorded);
    ASSERT_TRUE(outcome.complete) << outcome;
    EXPECT_EQ(outcome.consumed, recorded.size());
    EXPECT_EQ(outcome.status, 200);
    ResponseParser parser;
    parser.feed(recorded);
    const Response response = parser.take();
    EXPECT_EQ(response.header("Content-Length"), std::to_string(response.body.size()));
    EXPECT_EQ(response.header("Api-Version"), "1.41");
    EXPECT_EQ(response.header("Libpod-Api-Version"), "4.3.1");
    EXPECT_EQ(response.header("Transfer-Encoding"), std::nullopt);
    EXPECT_EQ(response.header("Connection"), std::nullopt) << "keep-alive is HTTP/1.1's default";
    EXPECT_EQ(response.body.substr(0, 12), "{\"Platform\":");
    EXPECT_EQ(response.body.back(), '\n');
    expectSplitInvariant(recorded);
}

TEST(HttpResponseParser, RecordedPodmanContainerListIsChunked)
{
    const std::string recorded = readRecording("podman-4.3-containers-json.http");
    ResponseParser parser;
    EXPECT_EQ(parser.feed(recorded), recorded.size());
    ASSERT_TRUE(parser.complete());
    const Response response = parser.take();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.header("transfer-encoding"), "chunked");
    EXPECT_EQ(response.header("Content-Length"), std::nullopt);
    EXPECT_EQ(response.body.front(), '[');
    EXPECT_EQ(response.body.substr(response.body.size() - 2), "]\n");
    EXPECT_EQ(response.body.find("\r\n800\r\n"), std::string::npos) << "chunk framing is removed";
    EXPECT_GT(response.body.size(), 0x800U) << "the recording spans several 0x800-byte chunks";
    expectSplitInvariant(recorded);
}

TEST(HttpResponseParser, RecordedPodmanHeadPingHasNoLengthAndNoBody)
{
    const std::string recorded = readRecording("podman-4.3-head-ping.http");
    const Outcome outcome = parseOne(recorded, headRequest());
    ASSERT_TRUE(outcome.complete) << outcome;
    EXPECT_EQ(outcome.consumed, recorded.size());
    EXPECT_EQ(outcome.status, 200);
    EXPECT_EQ(outcome.body, "");
    expectSplitInvariant(recorded, headRequest());
}

TEST(HttpResponseParser, RecordedPodmanNotFoundAndPipelinedPair)
{
    const Outcome notFound = parseOne(readRecording("podman-4.3-not-found.http"));
    ASSERT_TRUE(notFound.complete) << notFound;
    EXPECT_EQ(notFound.status, 404);
    EXPECT_EQ(notFound.reason, "Not Found");
    EXPECT_NE(notFound.body.find("no such container"), std::string::npos);

    // GET /_ping and GET /v1.41/containers/nonexistent/json sent back to back on one connection.
    const std::string pair = readRecording("podman-4.3-pipelined-ping-not-found.http");
    const std::vector<Outcome> outcomes = parseStream(pair);
    ASSERT_EQ(outcomes.size(), 2U);
    EXPECT_EQ(outcomes[0].status, 200);
    EXPECT_EQ(outcomes[0].body, "OK");
    EXPECT_EQ(outcomes[1].status, 404);
    EXPECT_EQ(outcomes[0].consumed + outcomes[1].consumed, pair.size());
    expectSplitInvariant(pair);
}

TEST(HttpResponseParser, RecordedPodmanEventsStreamEndsWithTheLastChunk)
{
    // GET /v1.41/events?since=..&until=.. with nothing to report: chunked, the last chunk right away.
    const std::string recorded = readRecording("podman-4.3-events-until.http");
    const Outcome outcome = parseOne(recorded, streaming());
    ASSERT_TRUE(outcome.complete) << outcome;
    EXPECT_EQ(outcome.body, "");
    EXPECT_EQ(outcome.consumed, recorded.size());
    expectSplitInvariant(recorded, streaming());
}
