// ragctl against the devstack: sign-in, accounts, bots and webhooks round-trip, and each kind of failure
// gets its exit code. Every test runs in a tenant of its own (DevstackFixture.h).
#include "DevstackControl.h"
#include "DevstackFixture.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using nlohmann::json;
using ragdesk::test::contains;
using ragdesk::test::describe;
using ragdesk::test::EnvChanges;
using ragdesk::test::linesOf;
using ragdesk::test::RagctlProcess;
using ragdesk::test::RagctlRun;
using ragdesk::test::runRagctl;
using ragdesk::test::ScopedKnob;

TEST_F(Devstack, HealthAsJsonReportsEveryComponent)
{
    const json report = jsonOf(runRagctl({"--json", "health"}, stackOnly()), "health");
    EXPECT_EQ(report["liveness"], "ok");
    EXPECT_EQ(report["status"], "ok");
    for (const char* component : {"postgres", "qdrant", "redis"}) {
        EXPECT_EQ(report[component]["status"], "ok") << component;
    }
}

TEST_F(Devstack, LoginShowsWhoTheCredentialsBelongTo)
{
    const json withToken = ragctlJson({"login"});
    EXPECT_EQ(withToken["user"]["email"], m_email);
    EXPECT_EQ(withToken["user"]["role"], "owner");
    EXPECT_EQ(withToken["tenant"]["slug"], m_slug);
    EXPECT_EQ(withToken["signed_in_with"], "api-token");

    const RagctlRun withPassword = runRagctl({"--json", "login"},
        {{"RAGDESK_API_URL", m_url}, {"RAGDESK_EMAIL", m_email}, {"RAGDESK_PASSWORD", m_password}});
    const json identity = jsonOf(withPassword, "login with password");
    EXPECT_EQ(identity["signed_in_with"], "password");
    EXPECT_FALSE(identity["session_expires_at"].is_null());
    EXPECT_FALSE(contains(withPassword.out + withPassword.err, m_password)) << "the password was printed";
}

TEST_F(Devstack, EmailOptionAsksForThePasswordWithoutEcho)
{
    RagctlProcess login({"--json", "--email", m_email, "login"}, stackOnly(), {.interactive = true});
    ASSERT_TRUE(login.waitFor([](const RagctlRun& sofar) { return contains(sofar.err, "Password for "); }))
        << "no prompt";
    login.typeLine(m_password);
    const RagctlRun run = login.finish();
    ASSERT_EQ(run.exitCode, 0) << describe(run);
    EXPECT_EQ(json::parse(run.out)["signed_in_with"], "password");
    EXPECT_FALSE(contains(run.err, m_password)) << "the terminal echoed the password:\n" << run.err;
}

TEST_F(Devstack, DestructiveCommandsAskOnATerminal)
{
    const std::string bot = createBot();
    RagctlProcess declined({"bots", "delete", bot}, owner(), {.interactive = true});
    ASSERT_TRUE(declined.waitFor([](const RagctlRun& sofar) { return contains(sofar.err, "[y/N]"); }));
    declined.typeLine("n");
    EXPECT_EQ(declined.finish().exitCode, 1);
    EXPECT_EQ(ragctlJson({"bots", "show", bot})["is_active"], true);

    RagctlProcess confirmed({"bots", "delete", bot}, owner(), {.interactive = true});
    ASSERT_TRUE(confirmed.waitFor([](const RagctlRun& sofar) { return contains(sofar.err, "[y/N]"); }));
    confirmed.typeLine("y");
    EXPECT_EQ(confirmed.finish().exitCode, 0);
    EXPECT_EQ(ragctlJson({"bots", "show", bot})["is_active"], false);
}

TEST_F(Devstack, WrongCredentialsExitWith3)
{
    const RagctlRun run = runRagctl({"bots", "list"}, {{"RAGDESK_API_URL", m_url}, {"RAGDESK_TOKEN", "wrong"}});
    EXPECT_EQ(run.exitCode, 3) << describe(run);
    EXPECT_TRUE(contains(run.err, "ragctl: auth: ")) << run.err;
    const RagctlRun password = runRagctl(
        {"login"}, {{"RAGDESK_API_URL", m_url}, {"RAGDESK_EMAIL", m_email}, {"RAGDESK_PASSWORD", "not-the-password"}});
    EXPECT_EQ(password.exitCode, 3) << describe(password);
    EXPECT_FALSE(contains(password.err, "not-the-password"));
}

TEST_F(Devstack, ServerFieldErrorsArePrintedOnePerLineAndExitWith4)
{
    const RagctlRun run = ragctl({"bots", "create", "Hot", "--temperature", "5", "--max-tokens", "0"});
    EXPECT_EQ(run.exitCode, 4) << describe(run);
    const std::vector<std::string> lines = linesOf(run.err);
    const auto hasLineStarting = [&](const std::string& prefix) {
        return std::any_of(
            lines.begin(), lines.end(), [&](const std::string& line) { return line.rfind(prefix, 0) == 0; });
    };
    EXPECT_TRUE(hasLineStarting("temperature: ")) << run.err;
    EXPECT_TRUE(hasLineStarting("max_tokens: ")) << run.err;

    const RagctlRun asJson = ragctl({"--json", "bots", "create", "Hot", "--temperature", "5"});
    EXPECT_EQ(asJson.exitCode, 4);
    const auto body = json::parse(asJson.out);
    EXPECT_EQ(body["error"]["kind"], "validation");
    EXPECT_EQ(body["error"]["http_status"], 422);
    ASSERT_EQ(body["error"]["fields"].size(), 1u);
    EXPECT_EQ(body["error"]["fields"][0]["field"], "temperature");
}

TEST_F(Devstack, UnknownIdsExitWith5)
{
    const std::string unknown = "00000000-0000-4000-8000-000000000000";
    for (const std::vector<std::string>& command :
        std::vector<std::vector<std::string>>{{"bots", "show", unknown}, {"sources", "status", unknown},
            {"chats", "show", unknown}, {"webhooks", "test", unknown}, {"bots", "delete", unknown, "--yes"}}) {
        const RagctlRun run = ragctl(command);
        EXPECT_EQ(run.exitCode, 5) << describe(run);
        EXPECT_TRUE(contains(run.err, "not-found")) << run.err;
    }
}

TEST_F(Devstack, ConflictsExitWith6)
{
    const RagctlRun taken = runRagctl({"tenants", "bootstrap", "--name", "Again", "--slug", m_slug, "--owner-email",
                                          "other-" + m_email, "--password-stdin"},
        stackOnly(), {.stdinText = "another-password"});
    EXPECT_EQ(taken.exitCode, 6) << describe(taken);
    EXPECT_TRUE(contains(taken.err, "conflict")) << taken.err;
    EXPECT_FALSE(contains(taken.out + taken.err, "another-password"));

    const RagctlRun twice = ragctl({"users", "add", m_email, "--password-stdin"}, {.stdinText = "some-password"});
    EXPECT_EQ(twice.exitCode, 6) << describe(twice);
}

TEST_F(Devstack, PlainText500ExitsWith7)
{
    const ScopedKnob failing("fail_route", "GET /v1/bot-profiles");
    const RagctlRun run = ragctl({"bots", "list"});
    EXPECT_EQ(run.exitCode, 7) << describe(run);
    EXPECT_TRUE(contains(run.err, "ragctl: server: ")) << run.err;
}

TEST_F(Devstack, BotsRoundTrip)
{
    const std::string bot = createBot("Helper");
    const json listed = ragctlJson({"bots", "list"});
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["id"], bot);
    EXPECT_EQ(listed[0]["name"], "Helper");

    const json updated = ragctlJson({"bots", "update", bot, "--name", "Renamed", "--max-tokens", "300"});
    EXPECT_EQ(updated["name"], "Renamed");
    EXPECT_EQ(updated["max_tokens"], 300);
    EXPECT_EQ(updated["model"], "gpt-4o-mini");

    const RagctlRun table = ragctl({"bots", "list"});
    ASSERT_EQ(table.exitCode, 0);
    const std::vector<std::string> rows = linesOf(table.out);
    ASSERT_EQ(rows.size(), 2u) << table.out;
    EXPECT_EQ(rows[0].find("NAME"), rows[1].find("Renamed")) << "columns are aligned:\n" << table.out;

    EXPECT_EQ(ragctlJson({"bots", "delete", bot, "--yes"})["is_active"], false);
    EXPECT_EQ(ragctlJson({"bots", "show", bot})["is_active"], false);
    EXPECT_EQ(ragctlJson({"bots", "update", bot, "--activate"})["is_active"], true);
}

TEST_F(Devstack, UsersAndTokensRoundTrip)
{
    const std::string email = "member-" + m_email;
    const json user =
        ragctlJson({"users", "add", email, "--name", "Mia", "--password-stdin"}, {.stdinText = "pw-12345678"});
    EXPECT_EQ(user["role"], "member");
    const json promoted = ragctlJson(
        {"users", "update", user["id"], "--role", "admin", "--password-stdin"}, {.stdinText = "pw-87654321"});
    EXPECT_EQ(promoted["role"], "admin");
    EXPECT_EQ(promoted["display_name"], "Mia");
    EXPECT_EQ(promoted["email"], email);
    EXPECT_EQ(ragctlJson({"users", "list"}).size(), 2u);
    EXPECT_EQ(ragctlJson({"users", "remove", user["id"], "--yes"})["is_active"], false);

    const json token = ragctlJson({"tokens", "create", "ci"});
    const std::string raw = token.at("raw_token");
    EXPECT_EQ(raw.substr(0, 8), token["token_prefix"]);
    const EnvChanges asNewToken{{"RAGDESK_API_URL", m_url}, {"RAGDESK_TOKEN", raw}};
    EXPECT_EQ(runRagctl({"login"}, asNewToken).exitCode, 0);
    const RagctlRun listed = ragctl({"tokens", "list"});
    EXPECT_FALSE(contains(listed.out, raw)) << "a listed token shows only its prefix";
    EXPECT_EQ(ragctlJson({"tokens", "revoke", token["id"], "--yes"})["is_active"], false);
    EXPECT_EQ(runRagctl({"login"}, asNewToken).exitCode, 3);
}

TEST_F(Devstack, WebhooksCreateTestReplaceDelete)
{
    const std::string sink = "http://web:8001/sink/" + m_slug;
    const json created = ragctlJson({"webhooks", "create", sink, "--event", "source.ingested,chat.message"});
    EXPECT_EQ(created["events"], json({"source.ingested", "chat.message"}));
    EXPECT_EQ(created["secret"].get<std::string>().size(), 43u);
    const std::string id = created["id"];
    EXPECT_FALSE(contains(ragctl({"webhooks", "list"}).out, created["secret"].get<std::string>()));

    EXPECT_EQ(ragctlJson({"webhooks", "test", id})["success"], true);
    {
        const ScopedKnob refusing("sink_status", "500");
        const RagctlRun refused = ragctl({"webhooks", "test", id});
        EXPECT_EQ(refused.exitCode, 1) << describe(refused);
    }

    const RagctlRun replaced = ragctl({"--json", "webhooks", "update", id, "--description", "ops"});
    ASSERT_EQ(replaced.exitCode, 0) << describe(replaced);
    EXPECT_TRUE(contains(replaced.err, "new id")) << replaced.err;
    const json replacement = json::parse(replaced.out);
    EXPECT_NE(replacement["id"], id);
    EXPECT_NE(replacement["secret"], created["secret"]);
    EXPECT_EQ(replacement["events"], created["events"]);
    EXPECT_EQ(replacement["description"], "ops");
    const json listed = ragctlJson({"webhooks", "list"});
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["id"], replacement["id"]);

    const RagctlRun badEvent = ragctl({"webhooks", "create", sink, "--event", "bogus.event"});
    EXPECT_EQ(badEvent.exitCode, 4) << describe(badEvent);

    ragctlJson({"webhooks", "delete", replacement["id"], "--yes"});
    EXPECT_TRUE(ragctlJson({"webhooks", "list"}).empty());
}
