// Runs the built ragctl binary as a user would and checks its output and exit codes.
#include "DevstackEnv.h"

#include "ragdesk/client/common/Version.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace {

struct CommandRun {
    int exitCode = -1;
    std::string out; ///< stdout and stderr together, stderr last
};

// `prefix` holds environment assignments for `env`; arguments are single-quoted for the shell.
CommandRun ragctl(const std::string& prefix, const std::vector<std::string>& args)
{
    std::string command = "env " + prefix + " " + RAGCTL_PATH;
    for (const std::string& arg : args) {
        command += " '" + arg + "'";
    }
    command += " 2>&1";
    CommandRun run;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        run.out.append(buffer, n);
    }
    const int status = pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

// No stack from the environment or the user's stacks file.
const std::string kNoStack = "-u RAGDESK_API_URL XDG_CONFIG_HOME=/nonexistent";

} // namespace

TEST(Ragctl, VersionIsTheBuildsVersion)
{
    const CommandRun run = ragctl(kNoStack, {"--version"});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(run.out, "ragctl " + std::string(ragdesk::versionString()) + "\n");
}

TEST(Ragctl, HelpListsCommandsAndExitCodes)
{
    const CommandRun run = ragctl(kNoStack, {"--help"});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_NE(run.out.find("health"), std::string::npos);
    EXPECT_NE(run.out.find("Exit codes"), std::string::npos);
}

TEST(Ragctl, UsageErrorsExitWith2)
{
    EXPECT_EQ(ragctl(kNoStack, {}).exitCode, 2);
    EXPECT_EQ(ragctl(kNoStack, {"frobnicate"}).exitCode, 2);
    EXPECT_EQ(ragctl(kNoStack, {"--bogus", "health"}).exitCode, 2);
    const CommandRun noStack = ragctl(kNoStack, {"health"});
    EXPECT_EQ(noStack.exitCode, 2);
    EXPECT_NE(noStack.out.find("RAGDESK_API_URL"), std::string::npos) << noStack.out;
}

TEST(Ragctl, UnreachableStackExitsWithNetworkCode)
{
    const CommandRun run = ragctl("RAGDESK_API_URL=http://127.0.0.1:1", {"health"});
    EXPECT_EQ(run.exitCode, 8);
    EXPECT_NE(run.out.find("network"), std::string::npos) << run.out;
}

TEST(Devstack, HealthAsJsonReportsEveryComponent)
{
    const CommandRun run =
        ragctl("RAGDESK_API_URL=" + ragdesk::test::devstackEnv("RAGDESK_API_URL"), {"--json", "health"});
    ASSERT_EQ(run.exitCode, 0) << run.out;
    const auto report = nlohmann::json::parse(run.out);
    EXPECT_EQ(report["liveness"], "ok");
    EXPECT_EQ(report["status"], "ok");
    for (const char* component : {"postgres", "qdrant", "redis"}) {
        EXPECT_EQ(report[component]["status"], "ok") << component;
    }
}
