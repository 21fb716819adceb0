// ragctl against the devstack: sources from creation to ready (uploads with and without a terminal) and the
// stats figures. Every test runs in a tenant of its own (DevstackFixture.h).
#include "DevstackControl.h"
#include "DevstackFixture.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using nlohmann::json;
using ragdesk::test::contains;
using ragdesk::test::describe;
using ragdesk::test::linesOf;
using ragdesk::test::RagctlRun;
using ragdesk::test::ScopedKnob;

TEST_F(Devstack, UploadWaitsUntilReadyAndDrawsNoProgressWhenPiped)
{
    const std::string bot = createBot();
    const auto file = std::filesystem::temp_directory_path() / (m_slug + "-notes.md");
    std::ofstream(file) << "# Notes\n\nRefunds are possible within 30 days of purchase.\n";
    const RagctlRun run = ragctl({"sources", "upload", "--bot", bot, "--wait", file.string()});
    ASSERT_EQ(run.exitCode, 0) << describe(run);
    EXPECT_TRUE(contains(run.out, "ready")) << run.out;
    EXPECT_FALSE(contains(run.err, "%")) << run.err;
    EXPECT_FALSE(contains(run.err, "\r")) << run.err;

    const json uploaded = ragctlJson({"sources", "upload", "--bot", bot, "--wait", file.string()});
    ASSERT_EQ(uploaded.size(), 1u);
    EXPECT_EQ(uploaded[0]["file"], file.string());
    EXPECT_EQ(uploaded[0]["source"]["status"], "ready");
    EXPECT_EQ(uploaded[0]["source"]["source_type"], "upload");
    EXPECT_GE(uploaded[0]["source"]["chunk_count"].get<int>(), 1);
    std::filesystem::remove(file);
}

TEST_F(Devstack, UploadDrawsProgressWithRateOnATerminal)
{
    const std::string bot = createBot();
    const auto file = std::filesystem::temp_directory_path() / (m_slug + "-big.txt");
    {
        std::ofstream out(file);
        for (int i = 0; i < 40000; ++i) {
            out << "Line " << i << " of a long document about plans and refunds.\n";
        }
    }
    const RagctlRun run = ragctl({"sources", "upload", "--bot", bot, file.string()}, {.stderrOnTerminal = true});
    EXPECT_EQ(run.exitCode, 0) << describe(run);
    EXPECT_TRUE(contains(run.err, "100%")) << run.err;
    EXPECT_TRUE(contains(run.err, "/s")) << run.err;
    EXPECT_FALSE(contains(run.out, "%")) << "progress stays off stdout";
    std::filesystem::remove(file);
}

TEST_F(Devstack, SourcesLifeCycle)
{
    const std::string bot = createBot();
    const json text = ragctlJson({"sources", "add-text", "--bot", bot, "--name", "FAQ", "--wait", "-"},
        {.stdinText = "Support answers within four hours.\n"});
    EXPECT_EQ(text["status"], "ready");
    EXPECT_EQ(text["chunk_count"], 1);
    const std::string id = text["id"];

    // A re-ingest is waited for until this run settles, not satisfied by the previous run's "ready".
    const json again = ragctlJson({"sources", "ingest", id, "--wait"});
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0]["status"], "ready");
    EXPECT_GT(again[0]["updated_at"].get<std::string>(), text["updated_at"].get<std::string>());

    const json empty = ragctlJson({"sources", "add-text", "--bot", bot, "--name", "Empty", "--no-ingest", ""});
    EXPECT_EQ(empty["status"], "pending");
    const RagctlRun failed = ragctl({"sources", "ingest", empty["id"], "--wait"});
    EXPECT_EQ(failed.exitCode, 1) << describe(failed);
    EXPECT_TRUE(contains(failed.err, "failed")) << failed.err;

    const json batch = ragctlJson({"sources", "add-batch", "--bot", bot, "--name", "Docs", "--no-ingest",
        "https://example.com/a", "https://example.com/b"});
    EXPECT_EQ(batch["children"].size(), 2u);
    EXPECT_EQ(batch["parent"]["children_count"], 2);

    EXPECT_EQ(ragctlJson({"sources", "list", "--bot", bot}).size(), 3u);
    EXPECT_EQ(ragctlJson({"sources", "status", id})["id"], id);
    const RagctlRun deleted = ragctl({"sources", "delete", id, "--yes"});
    EXPECT_EQ(deleted.exitCode, 0) << describe(deleted);
    EXPECT_TRUE(contains(deleted.err, "vectors")) << "the delete warns that MiniRAG keeps the vectors";
    EXPECT_EQ(ragctlJson({"sources", "list", "--bot", bot}).size(), 2u);
}

TEST_F(Devstack, StatsUsageFillsTheDaysTheApiOmitsWithZero)
{
    const ScopedKnob uncached("stats_cache", "false");
    botWithKnowledge();
    ragctlJson({"chat", "--no-stream", "What does the Pro plan cost?"});
    const json usage = ragctlJson({"stats", "usage", "--days", "7"});
    ASSERT_EQ(usage.size(), 7u) << usage.dump();
    for (size_t i = 1; i < usage.size(); ++i) {
        EXPECT_LT(usage[i - 1]["date"].get<std::string>(), usage[i]["date"].get<std::string>()) << "oldest first";
    }
    for (size_t i = 0; i + 1 < usage.size(); ++i) {
        EXPECT_EQ(usage[i]["request_count"], 0) << usage[i].dump();
        EXPECT_EQ(usage[i]["total_tokens"], 0);
    }
    EXPECT_EQ(usage.back()["request_count"], 1);
    EXPECT_GT(usage.back()["total_tokens"].get<int>(), 0);
    EXPECT_EQ(usage.back()["by_model"][0]["model"], "gpt-4o-mini");

    const RagctlRun table = ragctl({"stats", "usage", "--days", "3"});
    ASSERT_EQ(table.exitCode, 0);
    EXPECT_EQ(linesOf(table.out).size(), 4u) << table.out; // header and three days
}

TEST_F(Devstack, StatsShapesParse)
{
    const ScopedKnob uncached("stats_cache", "false");
    botWithKnowledge();
    ragctlJson({"chat", "--no-stream", "What does the Pro plan cost?"});
    const json overview = ragctlJson({"stats", "overview"});
    EXPECT_EQ(overview["bot_profiles"], 1);
    EXPECT_EQ(overview["chats"], 1);
    const json byBot = ragctlJson({"stats", "by-bot", "--days", "30"});
    ASSERT_EQ(byBot.size(), 1u);
    EXPECT_EQ(byBot[0]["request_count"], 1);
    EXPECT_EQ(ragctlJson({"stats", "by-model"})[0]["model"], "gpt-4o-mini");
    const json cost = ragctlJson({"stats", "cost"});
    EXPECT_GT(cost["total_cost_usd"].get<double>(), 0);
    EXPECT_EQ(cost["active_days"], 1);
    const json pricing = ragctlJson({"stats", "pricing"});
    EXPECT_EQ(pricing["models"]["gpt-4o-mini"]["prompt_cost_per_1m"], 0.15);
    EXPECT_EQ(pricing["default"]["completion_cost_per_1m"], 3.0);
    const json feedback = ragctlJson({"stats", "feedback"});
    EXPECT_EQ(feedback["total_messages"], 1);
    EXPECT_EQ(ragctlJson({"stats", "trend", "--days", "5"}).size(), 5u);
}
