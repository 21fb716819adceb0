#include "ops/deploy/DeployReaders.h"

#include <gtest/gtest.h>

using namespace ragdesk::client::ops;

namespace {

const std::string kRevisionA = "e962a8b6a02c0294ed21937612521aef1be74d9a";
const std::string kRevisionB = "78990bdad65f9933f698539db80498935452e8b7";

std::string line(std::initializer_list<std::string> fields)
{
    std::string text;
    for (const auto& field : fields) {
        text += (text.empty() ? "" : std::string(1, kRefFieldSeparator)) + field;
    }
    return text + "\n";
}

} // namespace

TEST(DeployReaders, RefsAreSortedIntoBranchesTagsAndCommits)
{
    const DeployRefs refs = readDeployRefs(line({"B", kRevisionB, "1796664738", "b", "HEAD", "second"}) +
        line({"B", kRevisionB, "1796664738", "b", "feature/x", "second"}) +
        line({"T", kRevisionA, "1796664000", "a", "v1.0", "first one"}) +
        line({"C", kRevisionB, "1796664738", "b", "", "second"}) +
        line({"C", kRevisionA, "1796664000", "a", "", "first one"}));
    ASSERT_EQ(refs.branches.size(), 1u) << "origin's HEAD is an alias, not a branch of its own";
    EXPECT_EQ(refs.branches[0].name, "feature/x");
    EXPECT_EQ(refs.branches[0].kind, DeployRef::Kind::Branch);
    EXPECT_EQ(refs.branches[0].revision, kRevisionB);
    EXPECT_EQ(refs.branches[0].author, "b");
    EXPECT_EQ(refs.branches[0].committed, ragdesk::client::api::Timestamp(std::chrono::seconds(1796664738)));
    ASSERT_EQ(refs.tags.size(), 1u);
    EXPECT_EQ(refs.tags[0].name, "v1.0");
    EXPECT_EQ(refs.tags[0].subject, "first one");
    ASSERT_EQ(refs.commits.size(), 2u);
    EXPECT_EQ(refs.commits[0].name, kRevisionB.substr(0, 12));
    EXPECT_EQ(refs.commits[1].subject, "first one");
    EXPECT_EQ(refs.fetchProblem, "");
}

TEST(DeployReaders, HostileOrBrokenLinesAreSkippedOrKeptWhole)
{
    const std::string separator(1, kRefFieldSeparator);
    const DeployRefs refs = readDeployRefs("F" + separator + "fatal: could not read from remote repository\n" +
        line({"C", kRevisionA, "1796664000", "a", "", "a subject" + separator + "with a separator"}) +
        line({"C", "not-a-revision", "1", "a", "", "x"}) + line({"B", kRevisionA, "1", "a"}) +
        line({"X", kRevisionA, "1", "a", "n", "unknown kind"}) + line({"C", kRevisionB, "later", "b", "", "no time"}) +
        "\n" + separator + "\n");
    EXPECT_EQ(refs.fetchProblem, "fatal: could not read from remote repository");
    EXPECT_TRUE(refs.branches.empty());
    EXPECT_TRUE(refs.tags.empty());
    ASSERT_EQ(refs.commits.size(), 2u);
    EXPECT_EQ(refs.commits[0].subject, "a subject" + separator + "with a separator");
    EXPECT_FALSE(refs.commits[1].committed.has_value());
}

TEST(DeployReaders, OutputIsSplitAtTheStepMarkers)
{
    const auto steps = readStepOutputs("tail of an earlier step\n"
                                       "### ragdesk step fetch: git fetch --quiet --prune origin\n"
                                       "### ragdesk step build: compose build\n"
                                       "Step 1/3 : FROM debian\n"
                                       "### not a marker: echo\n"
                                       "### ragdesk step up: compose up -d\n"
                                       "Creating web ... done");
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[0].step, "");
    EXPECT_EQ(steps[0].output, "tail of an earlier step\n");
    EXPECT_EQ(steps[1].step, "fetch");
    EXPECT_EQ(steps[1].command, "git fetch --quiet --prune origin");
    EXPECT_EQ(steps[1].output, "");
    EXPECT_EQ(steps[2].step, "build");
    EXPECT_EQ(steps[2].output, "Step 1/3 : FROM debian\n### not a marker: echo\n");
    EXPECT_EQ(steps[3].output, "Creating web ... done\n");
    EXPECT_TRUE(readStepOutputs("").empty());
}
