// The runner's words for steps, states and outcomes, read into enums and written back unchanged.
#include "ragdesk/client/ops/deploy/Deployer.h"

#include <gtest/gtest.h>

using namespace ragdesk::client::ops;

TEST(DeployVocabulary, EveryRunnerWordReadsBackToItself)
{
    for (const char* word : {"lock", "backup", "maintenance-on", "fetch", "checkout", "build", "stop", "restore", "up",
             "health", "rollback", "maintenance-off", "done"}) {
        const DeployStep step = deployStepNamed(word);
        EXPECT_NE(step, DeployStep::Other) << word;
        EXPECT_EQ(name(step), word);
    }
    for (const char* word : {"started", "ok", "failed", "skipped"}) {
        EXPECT_EQ(name(stepStateNamed(word)), word);
    }
    for (const char* word : {"deployed", "rolled-back", "rollback", "restored", "failed", "interrupted"}) {
        EXPECT_EQ(name(runOutcomeNamed(word)), word);
    }
}

TEST(DeployVocabulary, WordsOfANewerRunnerAreKeptApartNotGuessed)
{
    EXPECT_EQ(deployStepNamed("migrate"), DeployStep::Other);
    EXPECT_EQ(deployStepNamed("Build"), DeployStep::Other) << "the runner's words are lower case; nothing else is one";
    EXPECT_EQ(stepStateNamed("retrying"), StepState::Other);
    EXPECT_EQ(runOutcomeNamed("canary"), RunOutcome::Unknown);
    EXPECT_FALSE(succeeded(RunOutcome::Unknown));
}

TEST(DeployVocabulary, SucceededMeansTheIntendedReleaseRuns)
{
    EXPECT_TRUE(succeeded(RunOutcome::Deployed));
    EXPECT_TRUE(succeeded(RunOutcome::Rollback));
    EXPECT_TRUE(succeeded(RunOutcome::Restored));
    EXPECT_FALSE(succeeded(RunOutcome::RolledBack)) << "the new release failed, even though the old one runs again";
    EXPECT_FALSE(succeeded(RunOutcome::Failed));
    EXPECT_FALSE(succeeded(RunOutcome::Interrupted));
    EXPECT_TRUE(wentLive(Release{.outcome = RunOutcome::Rollback}));
    EXPECT_FALSE(wentLive(Release{.outcome = RunOutcome::RolledBack}));
}
