// The SSE chat stream against the devstack: order of events, stop, a dropped connection, an in-band error.
#include "DevstackControl.h"
#include "DevstackEnv.h"

#include "ragdesk/client/api/ApiClient.h"
#include "ragdesk/client/api/ChatStream.h"

#include <gtest/gtest.h>

using namespace ragdesk::client;
using namespace ragdesk::client::api;

namespace {

class ChatStreamTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_url = ragdesk::test::devstackEnv("RAGDESK_API_URL");
        const std::string name = ragdesk::test::uniqueName("cs");
        ApiClient anonymous(m_url);
        auto tenant = anonymous.accounts().bootstrapTenant({.tenantName = name,
            .tenantSlug = name,
            .ownerEmail = name + "@example.com",
            .ownerPassword = Secret("stream-password")});
        ASSERT_TRUE(tenant) << tenant.error().message;
        m_credentials = Credentials{.apiToken = tenant->apiToken};
        m_api = std::make_unique<ApiClient>(m_url, m_credentials);
        auto bot = m_api->bots().create({.name = "Streamer"});
        ASSERT_TRUE(bot) << bot.error().message;
        m_bot = bot->id;
        auto source = m_api->sources().create({.botProfileId = m_bot,
            .name = "Plans",
            .type = SourceType::Text,
            .content = "The Pro plan costs 49 euros per month. Grüße! 🚀"});
        ASSERT_TRUE(source && m_api->sources().ingest(source->id));
    }

    Result<ChatStreamResult> ask(
        MiniRagChatStream& stream, const ChatStreamHandlers& handlers = {}, const CancelToken& cancel = {})
    {
        return stream.stream({.botProfileId = m_bot, .message = "What does the Pro plan cost?"}, handlers, cancel);
    }

    std::string m_url;
    Credentials m_credentials;
    std::unique_ptr<ApiClient> m_api;
    BotId m_bot;
};

} // namespace

TEST_F(ChatStreamTest, DevstackSourcesComeFirstThenDeltasThenDone)
{
    ragdesk::test::ScopedKnob fast("token_rate", "2000");
    MiniRagChatStream stream(m_url, m_credentials);
    std::vector<std::string> order;
    std::string streamed;
    const auto result = ask(stream,
        {.onSources = [&](const auto&) { order.push_back("sources"); },
            .onDelta =
                [&](std::string_view text) {
                    if (order.back() != "delta") {
                        order.push_back("delta");
                    }
                    streamed += text;
                }});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->outcome, ChatStreamOutcome::Completed);
    EXPECT_EQ(order, (std::vector<std::string>{"sources", "delta"}));
    EXPECT_EQ(result->answer, streamed);
    EXPECT_TRUE(result->savedOnServer);
    ASSERT_TRUE(result->chatId.has_value());
    ASSERT_TRUE(result->usage.has_value());
    EXPECT_EQ(result->usage->completionTokens, result->metrics.deltaCount);
    ASSERT_TRUE(result->metrics.timeToSources && result->metrics.timeToFirstToken);
    EXPECT_LE(*result->metrics.timeToSources, *result->metrics.timeToFirstToken);
    EXPECT_GT(result->metrics.tokensPerSecond, 0);

    const auto messages = m_api->chats().messages(*result->chatId);
    ASSERT_TRUE(messages);
    ASSERT_EQ(messages->size(), 2u);
    EXPECT_EQ(messages->back().content, result->answer) << "what streamed is what was saved";
    EXPECT_EQ(messages->back().id, *result->messageId);
}

TEST_F(ChatStreamTest, DevstackStopKeepsThePartialAnswerAndSavesNothing)
{
    ragdesk::test::ScopedKnob slow("token_rate", "100");
    ragdesk::test::ScopedKnob longAnswer("answer_tokens", "2000");
    MiniRagChatStream stream(m_url, m_credentials);
    CancelSource stop;
    int deltas = 0;
    const auto result = ask(stream,
        {.onDelta =
                [&](std::string_view) {
                    if (++deltas == 5) {
                        stop.request_stop();
                    }
                }},
        stop.get_token());
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->outcome, ChatStreamOutcome::Stopped);
    EXPECT_FALSE(result->answer.empty());
    EXPECT_FALSE(result->savedOnServer);
    EXPECT_LT(result->metrics.deltaCount, 100) << "it stopped long before the end";
    const auto chats = m_api->chats().list();
    ASSERT_TRUE(chats);
    EXPECT_TRUE(chats->empty()) << "a stopped turn is not saved";
}

TEST_F(ChatStreamTest, DevstackStopBeforeTheStreamStartsIsNotLost)
{
    ragdesk::test::ScopedKnob fast("token_rate", "2000"); // whole answers: no need to wait for them
    MiniRagChatStream stream(m_url, m_credentials);
    CancelSource stop;
    stop.request_stop(); // e.g. Ctrl-C while the question was still being prepared
    int deltas = 0;
    const auto result = ask(stream, {.onDelta = [&](std::string_view) { ++deltas; }}, stop.get_token());
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->outcome, ChatStreamOutcome::Stopped);
    EXPECT_EQ(deltas, 0);
    const auto chats = m_api->chats().list();
    ASSERT_TRUE(chats);
    EXPECT_TRUE(chats->empty()) << "a question stopped before it started is never sent";
    const auto next = ask(stream, {}, CancelSource().get_token());
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->outcome, ChatStreamOutcome::Completed) << "one stop ends one stream";
}

TEST_F(ChatStreamTest, DevstackStopPressedAsTheAnswerEndsDoesNotEndTheNextQuestion)
{
    ragdesk::test::ScopedKnob fast("token_rate", "2000"); // whole answers: no need to wait for them
    MiniRagChatStream stream(m_url, m_credentials);
    CancelSource first;
    const auto answered = ask(stream, {}, first.get_token());
    ASSERT_TRUE(answered) << answered.error().message;
    ASSERT_EQ(answered->outcome, ChatStreamOutcome::Completed);
    first.request_stop(); // Stop pressed just as `done` arrived: the first answer has already ended
    EXPECT_EQ(answered->outcome, ChatStreamOutcome::Completed);

    CancelSource second;
    const auto next = ask(stream, {}, second.get_token());
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->outcome, ChatStreamOutcome::Completed) << "a late Stop belongs to the answer it was pressed for";
    EXPECT_TRUE(next->savedOnServer);
}

TEST_F(ChatStreamTest, DevstackDroppedConnectionIsReportedWithThePartialAnswer)
{
    ragdesk::test::ScopedKnob fast("token_rate", "2000");
    ragdesk::test::ScopedKnob drop("stream_drop_after", "5");
    MiniRagChatStream stream(m_url, m_credentials);
    const auto result = ask(stream);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->outcome, ChatStreamOutcome::Dropped);
    EXPECT_EQ(result->metrics.deltaCount, 5);
    EXPECT_FALSE(result->answer.empty());
    EXPECT_FALSE(result->savedOnServer);
}

TEST_F(ChatStreamTest, DevstackErrorEventEndsTheAnswerWithItsText)
{
    ragdesk::test::ScopedKnob fast("token_rate", "2000");
    ragdesk::test::ScopedKnob fail("stream_error_after", "3");
    MiniRagChatStream stream(m_url, m_credentials);
    const auto result = ask(stream);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->outcome, ChatStreamOutcome::ServerError);
    EXPECT_EQ(result->metrics.deltaCount, 3);
    EXPECT_NE(result->errorDetail.find("LLM request timed out"), std::string::npos) << result->errorDetail;
    EXPECT_FALSE(result->savedOnServer);
}

TEST_F(ChatStreamTest, DevstackUnknownBotIsRefusedBeforeTheStream)
{
    MiniRagChatStream stream(m_url, m_credentials);
    const auto result =
        stream.stream({.botProfileId = BotId("00000000-0000-4000-8000-000000000000"), .message = "hi"}, {}, {});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::NotFound);
    EXPECT_EQ(result.error().message, "Bot profile not found or inactive");
}
