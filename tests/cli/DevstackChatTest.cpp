// ragctl chat against the devstack: a streamed answer prints sources, text and metrics in order (or NDJSON
// events), Ctrl-C stops it, a cut or failed stream keeps what arrived; chat history and export. Every test runs in a
// tenant of its own (DevstackFixture.h).
#include "DevstackControl.h"
#include "DevstackFixture.h"

#include "ragdesk/client/api/ApiClient.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>

using nlohmann::json;
using ragdesk::test::contains;
using ragdesk::test::describe;
using ragdesk::test::eventsOf;
using ragdesk::test::linesOf;
using ragdesk::test::RagctlProcess;
using ragdesk::test::RagctlRun;
using ragdesk::test::ScopedKnob;

TEST_F(Devstack, StreamedChatPrintsSourcesThenTheAnswerThenMetrics)
{
    const ScopedKnob fast("token_rate", "2000");
    const std::string bot = botWithKnowledge();
    const RagctlRun run = ragctl({"chat", "--bot", bot, "What", "does", "the", "Pro", "plan", "cost?"});
    ASSERT_EQ(run.exitCode, 0) << describe(run);
    const std::vector<std::string> lines = linesOf(run.out);
    ASSERT_GE(lines.size(), 4u) << run.out;
    EXPECT_EQ(lines[0], "Sources:");
    EXPECT_TRUE(contains(lines[1], "  [1] ")) << lines[1];
    EXPECT_TRUE(contains(lines[1], "Pro plan")) << lines[1];
    const std::string& metrics = lines.back();
    EXPECT_EQ(metrics.rfind("metrics: sources ", 0), 0u) << metrics;
    for (const char* part : {"first token", "tok/s", "total", "tokens ", "(gpt-4o-mini)", "cost $", "chat "}) {
        EXPECT_TRUE(contains(metrics, part)) << part << " in " << metrics;
    }
    // The answer between the sources and the metrics is what the server saved.
    const std::string chat = metrics.substr(metrics.rfind(' ') + 1);
    const json saved = ragctlJson({"chats", "show", chat});
    ASSERT_EQ(saved["messages"].size(), 2u);
    const std::string answer = saved["messages"][1]["content"];
    const size_t answerAt = run.out.find(answer);
    ASSERT_NE(answerAt, std::string::npos) << run.out;
    EXPECT_GT(answerAt, run.out.find("Sources:"));
    EXPECT_LT(answerAt, run.out.find("\nmetrics: "));
}

TEST_F(Devstack, StreamedChatAsJsonIsNdjsonInEventOrder)
{
    const ScopedKnob fast("token_rate", "2000");
    const std::string bot = botWithKnowledge();
    const RagctlRun run = ragctl({"--json", "chat", "--bot", bot, "What does the Pro plan cost?"});
    ASSERT_EQ(run.exitCode, 0) << describe(run);
    const std::vector<json> events = eventsOf(run.out);
    ASSERT_GE(events.size(), 3u);
    EXPECT_EQ(events.front()["event"], "sources");
    EXPECT_FALSE(events.front()["sources"].empty());
    std::string answer;
    for (size_t i = 1; i + 1 < events.size(); ++i) {
        ASSERT_EQ(events[i]["event"], "delta") << events[i].dump();
        answer += events[i]["text"].get<std::string>();
    }
    const json& done = events.back();
    EXPECT_EQ(done["event"], "done");
    EXPECT_EQ(done["saved"], true);
    EXPECT_EQ(done["deltas"], events.size() - 2);
    EXPECT_LE(done["time_to_sources_ms"].get<double>(), done["time_to_first_token_ms"].get<double>());
    EXPECT_GT(done["tokens_per_second"].get<double>(), 0);
    EXPECT_EQ(done["usage"]["model"], "gpt-4o-mini");
    EXPECT_GT(done["cost_usd"].get<double>(), 0);
    const json saved = ragctlJson({"chats", "show", done["chat_id"]});
    EXPECT_EQ(saved["messages"][1]["content"], answer);
    EXPECT_EQ(saved["messages"][1]["id"], done["message_id"]);
}

TEST_F(Devstack, NonStreamingChatAndChatHistory)
{
    const std::string bot = botWithKnowledge();
    const json answer = ragctlJson({"chat", "--no-stream", "What does the Pro plan cost?"}); // the only bot
    EXPECT_EQ(answer["message"]["role"], "assistant");
    EXPECT_FALSE(answer["sources"].empty());
    EXPECT_GT(answer["usage"]["total_tokens"].get<int>(), 0);
    const std::string chat = answer["chat_id"];

    const json followUp = ragctlJson({"chat", "--chat", chat, "--no-stream", "And per year?"});
    EXPECT_EQ(followUp["chat_id"], chat);
    const json chats = ragctlJson({"chats", "list"});
    ASSERT_EQ(chats.size(), 1u);
    EXPECT_EQ(chats[0]["message_count"], 4);

    const std::string message = answer["message"]["id"];
    EXPECT_EQ(ragctlJson({"chats", "feedback", chat, message, "positive"})["feedback"], "positive");
    EXPECT_TRUE(ragctlJson({"chats", "feedback", chat, message, "none"})["feedback"].is_null());

    // The export on disk is byte for byte what the API returns.
    const auto file = std::filesystem::temp_directory_path() / (m_slug + "-chat.csv");
    const RagctlRun exported = ragctl({"chats", "export", chat, "--format", "csv", "-o", file.string()});
    ASSERT_EQ(exported.exitCode, 0) << describe(exported);
    std::ifstream in(file, std::ios::binary);
    const std::string written((std::istreambuf_iterator<char>(in)), {});
    ragdesk::client::api::ApiClient api(m_url, {.apiToken = ragdesk::client::Secret(m_token)});
    const auto expected =
        api.chats().exportChat(ragdesk::client::api::ChatId(chat), ragdesk::client::api::ExportFormat::Csv);
    ASSERT_TRUE(expected) << expected.error().message;
    EXPECT_EQ(written, *expected);
    EXPECT_TRUE(contains(written, "message_id,role,content")) << written;
    std::filesystem::remove(file);

    const json all = ragctlJson({"chats", "export"});
    EXPECT_EQ(all["chats"].size(), 1u);
}

TEST_F(Devstack, CtrlCStopsTheStreamAndNothingIsSaved)
{
    const ScopedKnob slow("token_rate", "20");
    const ScopedKnob longAnswer("answer_tokens", "2000");
    const std::string bot = botWithKnowledge();
    RagctlProcess chat({"--json", "chat", "--bot", bot, "Tell me everything"}, owner());
    ASSERT_TRUE(chat.waitFor([](const RagctlRun& sofar) { return contains(sofar.out, R"("event":"delta")"); }))
        << "no delta arrived";
    chat.sendSignal(SIGINT);
    const RagctlRun run = chat.finish();
    EXPECT_EQ(run.exitCode, 130) << describe(run);
    const std::vector<json> events = eventsOf(run.out);
    ASSERT_GE(events.size(), 3u);
    EXPECT_EQ(events.front()["event"], "sources");
    EXPECT_EQ(events.back()["event"], "stopped");
    EXPECT_EQ(events.back()["saved"], false);
    EXPECT_LT(events.back()["deltas"].get<int>(), 2000);
    EXPECT_TRUE(contains(run.err, "not saved")) << run.err;
    EXPECT_TRUE(ragctlJson({"chats", "list"}).empty()) << "a stopped streamed turn is not saved";
}

TEST_F(Devstack, DroppedStreamKeepsWhatArrivedAndExitsWith8)
{
    const ScopedKnob fast("token_rate", "2000");
    const std::string bot = botWithKnowledge();
    const ScopedKnob drop("stream_drop_after", "5");
    const RagctlRun run = ragctl({"chat", "--bot", bot, "What does the Pro plan cost?"});
    EXPECT_EQ(run.exitCode, 8) << describe(run);
    const std::vector<std::string> lines = linesOf(run.out);
    ASSERT_GE(lines.size(), 3u);
    EXPECT_EQ(lines.front(), "Sources:");
    EXPECT_EQ(lines.back().rfind("metrics: ", 0), 0u) << lines.back();
    EXPECT_TRUE(contains(lines.back(), "not saved")) << lines.back();
    EXPECT_TRUE(contains(run.err, "ragctl: network: the answer was cut off")) << run.err;
}

TEST_F(Devstack, ErrorEventEndsTheStreamWithExitCode7)
{
    const ScopedKnob fast("token_rate", "2000");
    const std::string bot = botWithKnowledge();
    const ScopedKnob failing("stream_error_after", "3");
    const RagctlRun run = ragctl({"--json", "chat", "--bot", bot, "What does the Pro plan cost?"});
    EXPECT_EQ(run.exitCode, 7) << describe(run);
    const std::vector<json> events = eventsOf(run.out);
    ASSERT_EQ(events.size(), 5u) << run.out; // sources, three deltas, error
    EXPECT_EQ(events.back()["event"], "error");
    EXPECT_EQ(events.back()["outcome"], "server-error");
    EXPECT_FALSE(events.back()["detail"].get<std::string>().empty());
    EXPECT_TRUE(contains(run.err, "ragctl: server: ")) << run.err;
}
