// libFuzzer target: any bytes, cut anywhere, parse without crashing and give the same events as the uncut stream.
#include "ragdesk/client/sse/SseParser.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

std::vector<std::string> parse(std::string_view stream, size_t chunk)
{
    std::vector<std::string> events;
    ragdesk::client::sse::SseParser parser([&](const ragdesk::client::sse::SseEvent& e) {
        events.push_back(std::string(e.type) + '\0' + std::string(e.data) + '\0' + std::string(e.lastEventId));
    });
    for (size_t at = 0; at < stream.size(); at += chunk) {
        parser.feed(stream.substr(at, chunk));
    }
    return events;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    // The first byte picks the chunk size, so the fuzzer explores boundaries too.
    const size_t chunk = 1 + data[0] % 17;
    const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (parse(stream, chunk) != parse(stream, stream.size() + 1)) {
        std::abort();
    }
    return 0;
}
