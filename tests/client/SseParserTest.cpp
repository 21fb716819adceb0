#include "ragdesk/client/sse/SseParser.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

using ragdesk::client::sse::SseEvent;
using ragdesk::client::sse::SseParser;

namespace {

struct Event {
    std::string type;
    std::string data;
    std::string id;
    bool operator==(const Event&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Event& e)
{
    return out << "{" << e.type << " | " << e.data << " | id=" << e.id << "}";
}

std::string readTranscript(const std::string& name)
{
    std::ifstream in(std::string(RAGDESK_TEST_DATA) + "/sse/" + name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << name;
    return text.str();
}

// Feeds the stream in pieces cut at the given offsets (ascending) and returns what was dispatched.
std::vector<Event> parse(std::string_view stream, const std::vector<size_t>& cuts = {})
{
    std::vector<Event> events;
    SseParser parser([&](const SseEvent& e) {
        events.push_back({std::string(e.type), std::string(e.data), std::string(e.lastEventId)});
    });
    size_t from = 0;
    for (size_t cut : cuts) {
        parser.feed(stream.substr(from, cut - from));
        from = cut;
    }
    parser.feed(stream.substr(from));
    return events;
}

// Every way of cutting the transcript once, byte by byte, and many random three-way cuts give the same events.
void expectSplitInvariant(const std::string& stream)
{
    const std::vector<Event> whole = parse(stream);
    for (size_t cut = 0; cut <= stream.size(); ++cut) {
        ASSERT_EQ(parse(stream, {cut}), whole) << "cut at " << cut;
    }
    std::vector<size_t> everyByte(stream.size());
    for (size_t i = 0; i < stream.size(); ++i) {
        everyByte[i] = i;
    }
    ASSERT_EQ(parse(stream, everyByte), whole) << "byte by byte";
    std::mt19937 random(42);
    std::uniform_int_distribution<size_t> offset(0, stream.size());
    for (int i = 0; i < 2000; ++i) {
        std::vector<size_t> cuts{offset(random), offset(random)};
        std::sort(cuts.begin(), cuts.end());
        ASSERT_EQ(parse(stream, cuts), whole) << "cuts at " << cuts[0] << ", " << cuts[1];
    }
}

} // namespace

TEST(SseParser, ContractTranscriptGivesSourcesDeltasDone)
{
    const auto events = parse(readTranscript("minirag-chat.sse"));
    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(events[0].type, "sources");
    EXPECT_EQ(events[1], (Event{"delta", R"({"content": "The Pro"})", ""}));
    EXPECT_EQ(events[3].data, R"({"content": " per month. Gr\u00fc\u00dfe!"})");
    EXPECT_EQ(events[4].type, "done");
}

TEST(SseParser, ErrorTranscript)
{
    const auto events = parse(readTranscript("minirag-error.sse"));
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0], (Event{"sources", R"({"sources": []})", ""}));
    EXPECT_EQ(events[1].type, "error");
}

TEST(SseParser, EventStreamRules)
{
    std::vector<Event> events;
    SseParser parser([&](const SseEvent& e) {
        events.push_back({std::string(e.type), std::string(e.data), std::string(e.lastEventId)});
    });
    parser.feed(readTranscript("edge-cases.sse"));
    ASSERT_EQ(events.size(), 3u);
    // BOM and comment dropped, CRLF lines, raw UTF-8 (4-byte emoji) kept byte for byte, id remembered.
    EXPECT_EQ(events[0], (Event{"delta", "{\"content\": \"Gr\xc3\xbc\xc3\x9f \xf0\x9f\x9a\x80\"}", "7"}));
    // Lone CR line ends, "data:" without a space, a bare "data" field: three lines joined, type "message".
    EXPECT_EQ(events[1], (Event{"message", "first line\nsecond line\n", "7"}));
    // Unknown field ignored, unknown event type passed through, a bare "id" resets the id.
    EXPECT_EQ(events[2], (Event{"progress", R"({"step": 3})", ""}));
    // "event: empty" with no data dispatches nothing; "retry: soon" is not a number; the last event lacks its
    // blank line and stays pending.
    EXPECT_EQ(parser.retry(), std::chrono::milliseconds(2500));
    EXPECT_TRUE(parser.hasPendingEvent());
}

TEST(SseParser, EveryChunkBoundaryGivesTheSameEvents)
{
    for (const char* name : {"minirag-chat.sse", "minirag-error.sse", "edge-cases.sse"}) {
        SCOPED_TRACE(name);
        expectSplitInvariant(readTranscript(name));
    }
}

TEST(SseParser, OnlyALeadingBomIsDropped)
{
    EXPECT_EQ(parse("\xEF\xBB\xBF"
                    "data: a\n\n")
                  .at(0)
                  .data,
        "a");
    // Bytes that start like a BOM but are not one are data.
    EXPECT_EQ(parse("\xEF\xBB"
                    "data: a\n\n")
                  .size(),
        0u); // "\xEF\xBBdata" is an unknown field name
    const auto second = parse("data: a\n\n\xEF\xBB\xBF"
                              "data: b\n\n");
    ASSERT_EQ(second.size(), 1u); // a BOM later in the stream is part of a field name
}

TEST(SseParser, EmptyDataLineStillDispatches)
{
    const auto events = parse("data\n\ndata:\n\n");
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].data, "");
}
