// Deploys, rollbacks and the deploy lock on the devstack: commits pushed to the VPS's origin over SSH are
// deployed by the runner RagDesk installs on the server (ctest entry client_deploy: slow, a few minutes).
#include "DevstackControl.h"
#include "DevstackSsh.h"
#include "LocalShell.h"
#include "WaitUntil.h"

#include "ragdesk/client/api/ApiClient.h"
#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/ops/deploy/Backups.h"
#include "ragdesk/client/ops/deploy/Deployer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;
using ragdesk::client::ErrorKind;
using ragdesk::client::ops::AuditLog;
using ragdesk::client::ops::ContainerStatus;
using ragdesk::client::ops::Deployer;
using ragdesk::client::ops::DeployEvent;
using ragdesk::client::ops::DeploySettings;
using ragdesk::client::ops::DeployStep;
using ragdesk::client::ops::FollowOptions;
using ragdesk::client::ops::RunOutcome;
using ragdesk::client::ops::StackLocation;
using ragdesk::client::ops::StackOps;
using ragdesk::client::ops::StepState;
using ragdesk::client::ssh::SshConnection;
using ragdesk::test::devstackEnv;
using ragdesk::test::devstackSshTarget;
using ragdesk::test::runLocal;
using ragdesk::test::TempDir;

namespace {

class DevstackDeploy : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(ragdesk::test::waitUntil([&] { return stackHealthy(); }, 180s)) << "the stack is not healthy";
    }

    std::string pushCommit(const std::string& branch, const std::string& what,
        const std::function<void(const std::string& checkout)>& change)
    {
        return ragdesk::test::pushDevstackCommit(m_dir.path().string(), branch, what, change);
    }

    std::string pushMarker(const std::string& branch)
    {
        const std::string marker = ragdesk::test::uniqueName("deploy");
        return pushCommit(branch, "test deploy " + marker,
            [&](const std::string& checkout) { std::ofstream(checkout + "/app/DEPLOY_MARK") << marker << "\n"; });
    }

    std::string webRevision()
    {
        const auto status = m_ops.status();
        if (!status) {
            return "error: " + status.error().message;
        }
        for (const auto& container : *status) {
            if (container.service == "web") {
                return container.imageRevision;
            }
        }
        return "no web";
    }

    bool stackHealthy()
    {
        const auto status = m_ops.status();
        return status && std::all_of(status->begin(), status->end(), [](const ContainerStatus& container) {
            return container.state == ragdesk::client::ops::ContainerState::Running &&
                container.health != ragdesk::client::ops::Health::Unhealthy &&
                container.health != ragdesk::client::ops::Health::Starting;
        });
    }

    long publicPageStatus()
    {
        ragdesk::client::api::HttpClient http(devstackEnv("RAGDESK_API_URL"));
        const auto page = http.send({.method = "GET", .path = "/"});
        return page ? page->status : 0;
    }

    /// Follows a run to its end, collecting its events.
    ragdesk::client::ops::DeployOutcome follow(const std::string& id, std::vector<DeployEvent>& events,
        std::function<void(const DeployEvent&)> also = {}, std::atomic<int>* reconnects = nullptr)
    {
        auto outcome = m_deployer.follow(id,
            FollowOptions{.onEvent =
                              [&](const DeployEvent& event) {
                                  events.push_back(event);
                                  if (also) {
                                      also(event);
                                  }
                              },
                .onReconnect =
                    [&](const std::string&) {
                        if (reconnects != nullptr) {
                            ++*reconnects;
                        }
                    },
                .timeout = 15min});
        EXPECT_TRUE(outcome) << outcome.error().message;
        return outcome ? outcome.value() : ragdesk::client::ops::DeployOutcome{};
    }

    static bool hasStep(const std::vector<DeployEvent>& events, DeployStep step, StepState state)
    {
        return std::any_of(events.begin(), events.end(),
            [&](const DeployEvent& event) { return event.step == step && event.state == state; });
    }

    TempDir m_dir;
    SshConnection m_ssh{devstackSshTarget()};
    StackOps m_ops{m_ssh,
        StackLocation{.name = "devstack",
            .stackDir = devstackEnv("RAGDESK_STACK_DIR"),
            .composeProject = devstackEnv("RAGDESK_COMPOSE_PROJECT"),
            .publicUrl = devstackEnv("RAGDESK_API_URL")},
        AuditLog(m_dir.path() / "audit.jsonl", devstackEnv("RAGDESK_STACK_DIR"))};
    Deployer m_deployer{m_ops, DeploySettings{.healthTimeout = 240s}};
};

} // namespace

TEST_F(DevstackDeploy, NewCommitBecomesTheReleaseWithMaintenanceOnlyDuringTheWindow)
{
    const std::string branch = ragdesk::test::uniqueName("deploy");
    const std::string revision = pushMarker(branch);
    ASSERT_NE(webRevision(), revision);
    // The picker offers the new branch and commit, with the commit's message.
    const auto refs = m_deployer.refs();
    ASSERT_TRUE(refs) << refs.error().message;
    EXPECT_EQ(refs->fetchProblem, "");
    const auto offered = std::find_if(refs->branches.begin(), refs->branches.end(),
        [&](const ragdesk::client::ops::DeployRef& ref) { return ref.name == branch; });
    ASSERT_NE(offered, refs->branches.end());
    EXPECT_EQ(offered->revision, revision);
    EXPECT_TRUE(offered->subject.starts_with("test deploy ")) << offered->subject;
    EXPECT_EQ(offered->author, "ragdesk-test");
    ASSERT_FALSE(refs->commits.empty());
    EXPECT_EQ(refs->commits.front().revision, revision);

    const auto id = m_deployer.start(branch);
    ASSERT_TRUE(id) << id.error().message;
    std::vector<DeployEvent> events;
    std::vector<long> pageDuringBuild;
    std::string maintenanceBy;
    const auto outcome = follow(*id, events, [&](const DeployEvent& event) {
        if (event.step == DeployStep::Build && event.state == StepState::Started) {
            pageDuringBuild.push_back(publicPageStatus());
            const auto state = m_ops.maintenance();
            maintenanceBy = state ? state->by : state.error().message;
        }
    });
    EXPECT_EQ(outcome.outcome, RunOutcome::Deployed);
    EXPECT_EQ(outcome.revision, revision);
    EXPECT_EQ(outcome.release, revision.substr(0, 12));
    for (const DeployStep step : {DeployStep::Lock, DeployStep::Backup, DeployStep::MaintenanceOn, DeployStep::Fetch,
             DeployStep::Checkout, DeployStep::Build, DeployStep::Up, DeployStep::Health}) {
        EXPECT_TRUE(hasStep(events, step, StepState::Ok)) << name(step);
    }
    EXPECT_TRUE(hasStep(events, DeployStep::MaintenanceOff, StepState::Ok));
    EXPECT_EQ(pageDuringBuild, std::vector<long>{503}) << "the maintenance page was not up while building";
    EXPECT_EQ(maintenanceBy, "deploy " + *id + " by " + AuditLog::localActor());
    // Each step's output, in the order of the steps: the build's is docker's.
    const auto output = m_deployer.output(*id);
    ASSERT_TRUE(output) << output.error().message;
    std::vector<std::string> steps;
    for (const auto& step : *output) {
        steps.push_back(step.step);
    }
    const auto build = std::find(steps.begin(), steps.end(), "build");
    ASSERT_NE(build, steps.end()) << testing::PrintToString(steps);
    EXPECT_LT(std::find(steps.begin(), steps.end(), "fetch"), build);
    EXPECT_NE((*output)[build - steps.begin()].command.find("build"), std::string::npos);
    EXPECT_FALSE((*output)[build - steps.begin()].output.empty());
    // The runner's own audit record, in the server's log, says what ran in the word people use.
    const auto serverAudit = m_ops.audit().readRemote(m_ssh, 20);
    ASSERT_TRUE(serverAudit) << serverAudit.error().message;
    EXPECT_TRUE(std::any_of(serverAudit->begin(), serverAudit->end(), [&](const auto& record) {
        return record.action == "deploy" && record.outcome == "deployed" &&
            record.detail.find(*id) != std::string::npos;
    }));
    // The newest run says who started what, and how it ended.
    const auto latest = m_deployer.latest();
    ASSERT_TRUE(latest) << latest.error().message;
    ASSERT_TRUE(latest->has_value());
    EXPECT_EQ((*latest)->id, *id);
    EXPECT_FALSE((*latest)->running);
    EXPECT_EQ(ragdesk::client::ops::runWord((*latest)->started.mode), "deploy");
    EXPECT_EQ((*latest)->started.ref, branch);
    EXPECT_EQ((*latest)->started.actor, AuditLog::localActor());
    EXPECT_TRUE((*latest)->started.since.has_value());
    EXPECT_EQ((*latest)->outcome, RunOutcome::Deployed);
    ASSERT_TRUE((*latest)->ended.has_value());
    EXPECT_GE(*(*latest)->ended, *(*latest)->started.since);
    EXPECT_EQ(m_deployer.output("../../etc").error().kind, ErrorKind::Validation);
    EXPECT_EQ(m_deployer.output("20200101T000000Z-000000").error().kind, ErrorKind::NotFound);
    EXPECT_EQ(webRevision(), revision);
    EXPECT_NE(publicPageStatus(), 503) << "maintenance still on after the deploy";
    const auto lock = m_deployer.lockStatus();
    ASSERT_TRUE(lock) << lock.error().message;
    EXPECT_FALSE(lock->locked);
    const auto releases = m_deployer.releases();
    ASSERT_TRUE(releases) << releases.error().message;
    ASSERT_FALSE(releases->empty());
    EXPECT_EQ(releases->front().release, revision.substr(0, 12));
    EXPECT_EQ(releases->front().outcome, RunOutcome::Deployed);
    EXPECT_EQ(releases->front().by, AuditLog::localActor());
    EXPECT_TRUE(releases->front().retained);
}

TEST_F(DevstackDeploy, ReleaseThatFailsItsHealthWaitIsRolledBackAutomatically)
{
    const std::string before = webRevision();
    const std::string branch = ragdesk::test::uniqueName("broken");
    // A release whose web healthcheck always fails, at once (no start period).
    const std::string broken = pushCommit(branch, "a release that never gets healthy", [](const std::string& checkout) {
        std::ifstream in(checkout + "/docker-compose.yml");
        std::string compose((std::istreambuf_iterator<char>(in)), {});
        const auto web = compose.find("\n  web:");
        const auto worker = compose.find("\n  worker:");
        auto section = compose.substr(web, worker - web);
        section.replace(section.find("test: ["), section.find('\n', section.find("test: [")) - section.find("test: ["),
            R"(test: ["CMD", "false"])");
        section.replace(section.find("start_period: 90s"), 17, "start_period: 0s");
        section.replace(section.find("retries: 3"), 10, "retries: 1");
        compose.replace(web, worker - web, section);
        std::ofstream(checkout + "/docker-compose.yml") << compose;
    });

    const auto id = m_deployer.start(branch);
    ASSERT_TRUE(id) << id.error().message;
    std::vector<DeployEvent> events;
    const auto outcome = follow(*id, events);
    EXPECT_EQ(outcome.outcome, RunOutcome::RolledBack);
    EXPECT_EQ(outcome.revision, before);
    EXPECT_TRUE(hasStep(events, DeployStep::Rollback, StepState::Ok));
    EXPECT_TRUE(hasStep(events, DeployStep::MaintenanceOff, StepState::Ok));
    // Maintenance went off only after the rollback was healthy.
    const auto rollbackOk = std::find_if(events.begin(), events.end(),
        [](const DeployEvent& event) { return event.step == DeployStep::Rollback && event.state == StepState::Ok; });
    const auto maintenanceOff = std::find_if(events.begin(), events.end(),
        [](const DeployEvent& event) { return event.step == DeployStep::MaintenanceOff; });
    EXPECT_LT(rollbackOk - events.begin(), maintenanceOff - events.begin());
    EXPECT_EQ(webRevision(), before);
    EXPECT_TRUE(stackHealthy());
    EXPECT_NE(publicPageStatus(), 503);
    const auto releases = m_deployer.releases();
    ASSERT_TRUE(releases) << releases.error().message;
    ASSERT_FALSE(releases->empty());
    EXPECT_EQ(releases->front().release, broken.substr(0, 12));
    EXPECT_EQ(releases->front().outcome, RunOutcome::Failed);
}

TEST_F(DevstackDeploy, SecondDeployIsRefusedAndACutLinkDoesNotStopTheFirst)
{
    const std::string branch = ragdesk::test::uniqueName("cut");
    const std::string revision = pushMarker(branch);
    // The sshd process of this connection: killing it cuts the link the client follows the deploy on.
    const auto sessionPid = m_ssh.run({.argv = {"sh", "-c", "echo $PPID"}});
    ASSERT_TRUE(sessionPid) << sessionPid.error().message;

    const auto id = m_deployer.start(branch);
    ASSERT_TRUE(id) << id.error().message;
    SshConnection other(devstackSshTarget());
    StackOps otherOps(other, StackLocation{.name = "devstack", .stackDir = devstackEnv("RAGDESK_STACK_DIR")},
        AuditLog(m_dir.path() / "other.jsonl", devstackEnv("RAGDESK_STACK_DIR")));
    Deployer second(otherOps);
    const auto refused = second.start("main");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Conflict);
    EXPECT_NE(refused.error().message.find(AuditLog::localActor()), std::string::npos) << refused.error().message;
    EXPECT_NE(refused.error().message.find(branch), std::string::npos) << refused.error().message;

    std::vector<DeployEvent> events;
    std::atomic<int> reconnects{0};
    bool cut = false;
    const auto outcome = follow(
        *id, events,
        [&](const DeployEvent& event) {
            if (!cut && event.step == DeployStep::Build && event.state == StepState::Started) {
                cut = true;
                runLocal("kill -9 " + sessionPid->out);
            }
        },
        &reconnects);
    EXPECT_TRUE(cut);
    EXPECT_GE(reconnects.load(), 1);
    EXPECT_GE(m_ssh.loginCount(), 2);
    EXPECT_EQ(outcome.outcome, RunOutcome::Deployed);
    EXPECT_EQ(outcome.revision, revision);
    EXPECT_EQ(webRevision(), revision);
    // Every event seen once, in order, across the cut.
    for (size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].seq, static_cast<int>(i) + 1);
    }
}

TEST_F(DevstackDeploy, StaleLockIsReleasedOnlyOnRequest)
{
    const std::string lockDir = devstackEnv("RAGDESK_STACK_DIR") + "/.ragdesk/lock";
    // A holder that is gone: a pid that does not exist.
    const auto planted = m_ssh.run(
        {.argv = {"sh", "-c",
             "mkdir -p \"$1\" && printf '%s\\n' '{\"id\":\"ghost-run\",\"actor\":\"ghost@laptop\",\"from\":\"laptop\","
             "\"since\":\"2026-01-01T00:00:00Z\",\"ref\":\"main\",\"mode\":\"start\",\"pid\":4000000}' > "
             "\"$1/info.json\"",
             "sh", lockDir}});
    ASSERT_TRUE(planted && planted->succeeded());

    const auto status = m_deployer.lockStatus();
    ASSERT_TRUE(status) << status.error().message;
    ASSERT_TRUE(status->locked);
    ASSERT_TRUE(status->holder.has_value());
    EXPECT_EQ(status->holder->actor, "ghost@laptop");
    EXPECT_FALSE(status->holder->alive);

    const auto refused = m_deployer.start("main");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Conflict);
    EXPECT_NE(refused.error().message.find("stale"), std::string::npos) << refused.error().message;
    EXPECT_TRUE(m_deployer.lockStatus()->locked) << "a refused deploy must not touch the stale lock";

    const auto released = m_deployer.releaseStaleLock();
    ASSERT_TRUE(released) << released.error().message;
    ASSERT_TRUE(released->holder.has_value());
    EXPECT_EQ(released->holder->id, "ghost-run");
    EXPECT_FALSE(m_deployer.lockStatus()->locked);
}

TEST_F(DevstackDeploy, RollbackTwoReleasesBackSwitchesImagesWithoutBuilding)
{
    const std::string original = webRevision();
    std::vector<DeployEvent> events;
    for (int i = 0; i < 2; ++i) {
        const std::string branch = ragdesk::test::uniqueName("step");
        const std::string revision = pushMarker(branch);
        const auto id = m_deployer.start(branch);
        ASSERT_TRUE(id) << id.error().message;
        ASSERT_EQ(follow(*id, events).outcome, RunOutcome::Deployed);
        ASSERT_EQ(webRevision(), revision);
    }
    events.clear();
    const auto id = m_deployer.startRollback(original);
    ASSERT_TRUE(id) << id.error().message;
    const auto outcome = follow(*id, events);
    EXPECT_EQ(outcome.outcome, RunOutcome::Rollback);
    EXPECT_EQ(outcome.revision, original);
    EXPECT_FALSE(hasStep(events, DeployStep::Build, StepState::Started))
        << "a rollback switches image tags; it never builds";
    EXPECT_EQ(webRevision(), original);
    EXPECT_NE(publicPageStatus(), 503);
    const auto releases = m_deployer.releases();
    ASSERT_TRUE(releases) << releases.error().message;
    EXPECT_EQ(releases->front().release, original.substr(0, 12));
    EXPECT_EQ(releases->front().outcome, RunOutcome::Rollback);
}

TEST_F(DevstackDeploy, BackupIsDownloadedAcrossACutVerifiedAndRestored)
{
    ragdesk::client::ops::Backups backups(m_ops);
    std::vector<std::string> printed;
    const auto created = backups.create({}, [&](const std::string& line) { printed.push_back(line); });
    ASSERT_TRUE(created) << created.error().message;
    const auto dump = std::find_if(created->begin(), created->end(),
        [](const auto& file) { return file.kind == ragdesk::client::ops::BackupFile::Kind::Postgres; });
    ASSERT_NE(dump, created->end());
    // The script's lines, as its progress: the first says it starts, one names the dump.
    ASSERT_FALSE(printed.empty());
    EXPECT_NE(printed.front().find("Starting backup"), std::string::npos) << printed.front();
    EXPECT_TRUE(std::any_of(printed.begin(), printed.end(),
        [&](const std::string& line) { return line.find(dump->name) != std::string::npos; }));
    const auto listed = backups.list();
    ASSERT_TRUE(listed) << listed.error().message;
    EXPECT_TRUE(std::is_sorted(listed->begin(), listed->end(), [](const auto& a, const auto& b) {
        return a.modified > b.modified;
    })) << "newest first";
    EXPECT_TRUE(std::any_of(listed->begin(), listed->end(), [&](const auto& file) { return file.name == dump->name; }));

    // A row written after the backup: the restore must take it away.
    ragdesk::client::api::ApiClient api(devstackEnv("RAGDESK_API_URL"),
        ragdesk::client::api::Credentials{.apiToken = ragdesk::client::Secret(devstackEnv("RAGDESK_TOKEN"))});
    const auto bot = api.bots().create({.name = ragdesk::test::uniqueName("after-backup")});
    ASSERT_TRUE(bot) << bot.error().message;

    // Download, cancelled after two reads, then resumed.
    const auto local = m_dir.path() / dump->name;
    ragdesk::client::CancelSource stop;
    const auto cut = backups.download(dump->name,
        {.localPath = local,
            .chunkBytes = 4096,
            .inFlight = 1,
            .onProgress =
                [&stop](std::uint64_t done, std::uint64_t) {
                    if (done >= 2 * 4096) {
                        stop.request_stop();
                    }
                },
            .progressInterval = std::chrono::milliseconds(0),
            .cancel = stop.get_token()});
    ASSERT_FALSE(cut);
    EXPECT_EQ(cut.error().kind, ErrorKind::Cancelled);
    ASSERT_TRUE(std::filesystem::exists(local.string() + ".part"));
    EXPECT_FALSE(std::filesystem::exists(local));
    const auto resumed = backups.download(dump->name, {.localPath = local});
    ASSERT_TRUE(resumed) << resumed.error().message;
    EXPECT_GT(resumed->resumedFrom, 0u);
    EXPECT_TRUE(resumed->verified);
    EXPECT_EQ(resumed->bytes, dump->bytes);
    const auto remoteHash = ragdesk::client::ssh::remoteSha256(m_ssh, *backups.pathOf(dump->name));
    ASSERT_TRUE(remoteHash) << remoteHash.error().message;
    EXPECT_EQ(resumed->sha256Hex, *remoteHash);
    EXPECT_NE(runLocal("gzip -dc " + local.string() + " | tail -c 200").find("PostgreSQL database dump complete"),
        std::string::npos);

    const auto check = backups.verify(dump->name);
    ASSERT_TRUE(check) << check.error().message;
    EXPECT_TRUE(check->ok) << check->problem;
    EXPECT_GT(check->contentBytes, dump->bytes);

    // A truncated copy is caught.
    const std::string broken = "postgres_00000000_000000_truncated.sql.gz";
    ASSERT_TRUE(m_ssh.run({.argv = {"sh", "-c", "head -c 300 \"$1\" > \"$2\"", "sh", *backups.pathOf(dump->name),
                               *backups.pathOf(broken)}}));
    const auto brokenCheck = backups.verify(broken);
    ASSERT_TRUE(m_ssh.run({.argv = {"rm", "-f", *backups.pathOf(broken)}}));
    ASSERT_TRUE(brokenCheck) << brokenCheck.error().message;
    EXPECT_FALSE(brokenCheck->ok);
    EXPECT_FALSE(brokenCheck->problem.empty());

    const auto before = backups.list();
    ASSERT_TRUE(before) << before.error().message;
    const auto id = m_deployer.startRestore(dump->name);
    ASSERT_TRUE(id) << id.error().message;
    std::vector<DeployEvent> events;
    const auto outcome = follow(*id, events);
    EXPECT_EQ(outcome.outcome, RunOutcome::Restored);
    for (const DeployStep step : {DeployStep::Backup, DeployStep::MaintenanceOn, DeployStep::Stop, DeployStep::Restore,
             DeployStep::Up, DeployStep::Health, DeployStep::MaintenanceOff}) {
        EXPECT_TRUE(hasStep(events, step, StepState::Ok)) << name(step);
    }
    const auto after = backups.list();
    ASSERT_TRUE(after) << after.error().message;
    EXPECT_GT(after->size(), before->size()) << "no pre-restore backup was taken";
    // The backup step names the files the pre-restore backup wrote: the way back.
    const auto backupDone = std::find_if(events.begin(), events.end(),
        [](const DeployEvent& event) { return event.step == DeployStep::Backup && event.state == StepState::Ok; });
    ASSERT_NE(backupDone, events.end());
    for (const auto& file : *after) {
        const bool taken =
            std::none_of(before->begin(), before->end(), [&](const auto& old) { return old.name == file.name; });
        EXPECT_EQ(backupDone->message.find(file.name) != std::string::npos, taken)
            << file.name << " in " << backupDone->message;
    }
    EXPECT_NE(publicPageStatus(), 503);
    ASSERT_TRUE(ragdesk::test::waitUntil([&] { return stackHealthy(); }, 120s));
    const auto gone = api.bots().get(bot->id);
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().kind, ErrorKind::NotFound);
}
