// libFuzzer target: any bytes read as a connection's responses, cut anywhere, parse without crashing and give the
// same responses as the uncut stream. Input: byte 0 picks the piece size, byte 1 the options (bit 0 HEAD, bit 1 a
// 64-byte body limit, bit 2 a 128-byte header limit, bit 3 streaming, bit 4 EOF at the end); the rest is the stream.
// The seeds in tests/data/http/ start with two printable bytes, e.g. "0@" (pieces of 15 bytes, no options).
#include "ops/engine/HttpWire.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using ragdesk::client::ops::http::ParserOptions;
using ragdesk::client::ops::http::Response;
using ragdesk::client::ops::http::ResponseParser;

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

// Every response of the stream, one parser each, flattened to a comparable string per response.
std::vector<std::string> parseAll(std::string_view stream, size_t piece, uint8_t flags)
{
    std::vector<std::string> outcomes;
    size_t readAt = 0;
    std::string pending;
    while (true) {
        std::string streamed;
        ParserOptions options;
        options.expectNoBody = (flags & 1) != 0;
        if ((flags & 2) != 0) {
            options.maxBodyBytes = 64;
        }
        if ((flags & 4) != 0) {
            options.maxHeaderBytes = 128;
        }
        if ((flags & 8) != 0) {
            options.onBody = [&streamed](std::string_view bytes) {
                check(!bytes.empty());
                streamed.append(bytes);
            };
        }
        ResponseParser parser(std::move(options));
        size_t consumed = 0;
        while (!parser.complete() && !parser.error()) {
            if (pending.empty()) {
                if (readAt >= stream.size()) {
                    break;
                }
                pending = stream.substr(readAt, piece);
                readAt += piece;
            }
            const size_t used = parser.feed(pending);
            check(used <= pending.size());
            check(used == pending.size() || parser.complete() || parser.error());
            consumed += used;
            pending.erase(0, used);
        }
        if (consumed == 0 && !parser.error()) {
            return outcomes;
        }
        if ((flags & 16) != 0) {
            parser.finishEof();
        }
        const Response& response = parser.current();
        std::string outcome = std::to_string(consumed) + '\0' + std::to_string(response.status) + '\0' +
            response.reason + '\0' + response.body + '\0' + streamed + '\0';
        for (const auto& [name, value] : response.headers) {
            outcome += name + ':' + value + '\0';
        }
        if (parser.error()) {
            check(parser.feed("HTTP/1.1 200 OK\r\n") == 0);
            outcomes.push_back(outcome + "error:" + parser.error()->message);
            return outcomes;
        }
        if (!parser.complete()) {
            outcomes.push_back(outcome + "incomplete");
            return outcomes;
        }
        check(parser.feed("HTTP/1.1 200 OK\r\n") == 0);
        const size_t bodySize = response.body.size();
        check(parser.take().body.size() == bodySize);
        outcomes.push_back(outcome + "complete");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    const size_t piece = 1 + data[0] % 17;
    const uint8_t flags = data[1];
    const std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);
    check(parseAll(stream, piece, flags) == parseAll(stream, stream.size() + 1, flags));
    return 0;
}
