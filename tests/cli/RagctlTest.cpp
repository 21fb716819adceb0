// Runs the built ragctl binary as a user would, without a stack: help, the argument parser, and the exit codes
// ragctl decides before or without a server (usage, auth, client-side validation, network).
#include "RagctlProcess.h"

#include "ragdesk/client/common/Version.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

using ragdesk::test::EnvChanges;
using ragdesk::test::linesOf;
using ragdesk::test::RagctlRun;
using ragdesk::test::runRagctl;

namespace {

// A stack nobody listens on, with a token: a command that reaches the network exits with 8.
const EnvChanges kDeadStack{{"RAGDESK_API_URL", "http://127.0.0.1:1"}, {"RAGDESK_TOKEN", "not-a-real-token"}};
const std::string kSomeId = "00000000-0000-4000-8000-000000000000";

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// Every command of the spec, verbs listed per noun (an empty verb: the noun is the command).
const std::vector<std::pair<std::string, std::vector<std::string>>> kCommands{{"login", {""}}, {"health", {""}},
    {"tenants", {"bootstrap", "show"}}, {"users", {"list", "add", "update", "remove"}},
    {"tokens", {"list", "create", "revoke"}}, {"bots", {"list", "show", "create", "update", "delete"}},
    {"sources", {"list", "add-url", "add-text", "upload", "add-batch", "ingest", "status", "delete"}}, {"chat", {""}},
    {"chats", {"list", "show", "export", "feedback"}}, {"webhooks", {"list", "create", "update", "delete", "test"}},
    {"stats", {"overview", "usage", "by-bot", "by-model", "cost", "pricing", "feedback", "trend"}}};

} // namespace

TEST(Ragctl, VersionIsTheBuildsVersion)
{
    const RagctlRun run = runRagctl({"--version"});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(run.out, "ragctl " + std::string(ragdesk::versionString()) + "\n");
}

TEST(Ragctl, HelpListsCommandsAndExitCodes)
{
    const RagctlRun run = runRagctl({"--help"});
    EXPECT_EQ(run.exitCode, 0);
    for (const auto& [noun, verbs] : kCommands) {
        EXPECT_TRUE(contains(run.out, "\n  " + noun + " ")) << noun;
    }
    EXPECT_TRUE(contains(run.out, "Exit codes"));
    for (const char* code : {"\n  2 ", "\n  3 ", "\n  4 ", "\n  5 ", "\n  6 ", "\n  7 ", "\n  8 ", "\n  130 "}) {
        EXPECT_TRUE(contains(run.out, code)) << code;
    }
}

TEST(Ragctl, EveryNounAndVerbHasHelp)
{
    for (const auto& [noun, verbs] : kCommands) {
        const RagctlRun nounHelp = runRagctl({noun, "--help"});
        EXPECT_EQ(nounHelp.exitCode, 0) << noun;
        EXPECT_TRUE(contains(nounHelp.out, "Usage: ragctl [GLOBAL OPTIONS] " + noun)) << nounHelp.out;
        for (const std::string& verb : verbs) {
            if (verb.empty()) {
                continue;
            }
            EXPECT_TRUE(contains(nounHelp.out, "\n  " + verb + " ")) << noun << " lists " << verb;
            const RagctlRun verbHelp = runRagctl({noun, verb, "--help"});
            EXPECT_EQ(verbHelp.exitCode, 0) << noun << " " << verb;
            EXPECT_TRUE(contains(verbHelp.out, "Usage: ragctl [GLOBAL OPTIONS] " + noun + " " + verb)) << verbHelp.out;
            EXPECT_TRUE(verbHelp.err.empty()) << verbHelp.err;
        }
    }
}

TEST(Ragctl, HelpWinsOverEverythingElseOnTheLine)
{
    EXPECT_EQ(runRagctl({"bots", "create", "--bogus", "-h"}).exitCode, 0);
    EXPECT_EQ(runRagctl({"--json", "bots", "--help"}).exitCode, 0);
    // After `--` it is an argument like any other.
    EXPECT_EQ(runRagctl({"chat", "--bot", kSomeId, "--", "--help"}, kDeadStack).exitCode, 8);
}

TEST(Ragctl, UsageErrorsExitWith2AndNameTheBadArgument)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{}, "Usage: ragctl"},
        {{"frobnicate"}, "unknown command 'frobnicate'"},
        {{"--bogus", "health"}, "unknown option '--bogus'"},
        {{"bots"}, "'bots' needs a verb"},
        {{"bots", "explode"}, "unknown verb 'explode'"},
        {{"bots", "list", "--frob"}, "unknown option '--frob'"},
        {{"bots", "show"}, "'bots show' needs ID"},
        {{"bots", "show", "a", "b"}, "'bots show' takes ID, got 2"},
        {{"chats", "list", "--limit"}, "option --limit needs a value (N)"},
        {{"chats", "list", "--limit", "many"}, "--limit wants a whole number from 1 to 100, not 'many'"},
        {{"stats", "usage", "--days=0"}, "--days wants a whole number"},
        {{"bots", "list", "--json=yes"}, "option --json takes no value"},
        {{"chats", "export", "--format", "xml"}, "--format wants csv or json, not 'xml'"},
        {{"sources", "add-url", "https://example.com"}, "missing option --bot"},
        {{"sources", "upload", "--bot", kSomeId, "/nonexistent/file.txt"}, "no such file: /nonexistent/file.txt"},
        {{"users", "add", "someone@example.com", "--role", "king"}, "--role wants owner, admin or member, not 'king'"},
    };
    for (const auto& [args, message] : cases) {
        const RagctlRun run = runRagctl(args, kDeadStack);
        EXPECT_EQ(run.exitCode, 2) << testing::PrintToString(args) << "\n" << run.err;
        EXPECT_TRUE(contains(run.err, message)) << testing::PrintToString(args) << "\n" << run.err;
    }
}

TEST(Ragctl, NoStackChosenIsAUsageError)
{
    const RagctlRun run = runRagctl({"health"});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_TRUE(contains(run.err, "RAGDESK_API_URL")) << run.err;
}

TEST(Ragctl, OptionsTakeBothValueFormsAndMayFollowTheCommand)
{
    // Parsed fine, so each reaches the (dead) network: exit code 8, not 2.
    EXPECT_EQ(runRagctl({"chat", "--bot=" + kSomeId, "hello"}, kDeadStack).exitCode, 8);
    EXPECT_EQ(runRagctl({"bots", "--json", "list"}, kDeadStack).exitCode, 8);
    EXPECT_EQ(runRagctl({"chats", "export", "-o", "/dev/null", "--format=csv"}, kDeadStack).exitCode, 8);
    EXPECT_EQ(
        runRagctl({"webhooks", "create", "http://x", "--event", "chat.message", "--event=source.failed"}, kDeadStack)
            .exitCode,
        8);
}

TEST(Ragctl, UnreachableStackExitsWithNetworkCode)
{
    const RagctlRun run = runRagctl({"health"}, {{"RAGDESK_API_URL", "http://127.0.0.1:1"}});
    EXPECT_EQ(run.exitCode, 8);
    EXPECT_TRUE(contains(run.err, "network")) << run.err;

    const RagctlRun json = runRagctl({"--json", "bots", "list"}, kDeadStack);
    EXPECT_EQ(json.exitCode, 8);
    const auto body = nlohmann::json::parse(json.out);
    EXPECT_EQ(body["error"]["kind"], "network");
}

TEST(Ragctl, MissingCredentialsExitWith3)
{
    const RagctlRun run = runRagctl({"bots", "list"}, {{"RAGDESK_API_URL", "http://127.0.0.1:1"}});
    EXPECT_EQ(run.exitCode, 3);
    EXPECT_TRUE(contains(run.err, "RAGDESK_TOKEN")) << run.err;

    // --email off a terminal has nobody to ask for the password.
    const RagctlRun email =
        runRagctl({"--email", "me@example.com", "bots", "list"}, {{"RAGDESK_API_URL", "http://127.0.0.1:1"}});
    EXPECT_EQ(email.exitCode, 3);
    EXPECT_TRUE(contains(email.err, "RAGDESK_PASSWORD")) << email.err;
}

TEST(Ragctl, ValidationErrorsPrintOneFieldPerLineAndExitWith4)
{
    // The client checks the address before sending, so this needs no server.
    const RagctlRun run = runRagctl(
        {"users", "add", "not-an-address", "--password-stdin"}, kDeadStack, {.stdinText = "long-enough-password\n"});
    EXPECT_EQ(run.exitCode, 4) << run.err;
    const std::vector<std::string> lines = linesOf(run.err);
    EXPECT_NE(std::find(lines.begin(), lines.end(), "ragctl: validation: not a valid e-mail address"), lines.end())
        << run.err;
    EXPECT_NE(std::find(lines.begin(), lines.end(), "email: not a valid e-mail address"), lines.end()) << run.err;

    const RagctlRun json = runRagctl({"--json", "users", "add", "not-an-address", "--password-stdin"}, kDeadStack,
        {.stdinText = "long-enough-password"});
    EXPECT_EQ(json.exitCode, 4);
    const auto body = nlohmann::json::parse(json.out);
    EXPECT_EQ(body["error"]["kind"], "validation");
    ASSERT_EQ(body["error"]["fields"].size(), 1u);
    EXPECT_EQ(body["error"]["fields"][0]["field"], "email");
}

TEST(Ragctl, DestructiveCommandsOffATerminalNeedYes)
{
    const std::vector<std::vector<std::string>> commands{{"users", "remove", kSomeId}, {"tokens", "revoke", kSomeId},
        {"bots", "delete", kSomeId}, {"sources", "delete", kSomeId}, {"webhooks", "delete", kSomeId}};
    for (const std::vector<std::string>& command : commands) {
        // stdin is /dev/null: nobody to ask. Refused before any request (the dead stack would give 8).
        const RagctlRun refused = runRagctl(command, kDeadStack);
        EXPECT_EQ(refused.exitCode, 2) << command[0] << "\n" << refused.err;
        EXPECT_TRUE(contains(refused.err, "--yes")) << refused.err;
        std::vector<std::string> confirmed = command;
        confirmed.push_back("--yes");
        EXPECT_EQ(runRagctl(confirmed, kDeadStack).exitCode, 8) << command[0];
    }
}

TEST(Ragctl, UsageErrorsAsJsonAreOneObject)
{
    const RagctlRun run = runRagctl({"--json", "bots", "show"}, kDeadStack);
    EXPECT_EQ(run.exitCode, 2);
    const auto body = nlohmann::json::parse(run.out);
    EXPECT_EQ(body["error"]["kind"], "usage");
}
