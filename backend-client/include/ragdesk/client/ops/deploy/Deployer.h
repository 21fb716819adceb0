#pragma once

#include "ragdesk/client/api/Timestamp.h"
#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ops/StackOps.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

/// How deploys of one stack run.
struct DeploySettings {
    std::chrono::seconds healthTimeout{180}; ///< every container healthy within this, or the release failed
    bool rollbackOnFailure = true; ///< a release that fails its health wait goes back to the previous one
    int keepReleases = 10; ///< releases whose images stay for rollbacks; older ones are pruned
};

/// The steps of a run, in the order a deploy takes them (a rollback and a restore use some of them).
enum class DeployStep {
    Lock,
    Backup,
    MaintenanceOn,
    Fetch,
    Checkout,
    Build,
    Stop, ///< restore: the app's services stopped
    Restore, ///< restore: the dump loaded
    Up,
    Health,
    Rollback, ///< the automatic switch back after a failed health wait
    MaintenanceOff,
    Done, ///< the run's last event: its outcome
    Other, ///< a step this client does not know (a newer runner); DeployEvent::stepName says which
};
/// The runner's name of a step ("maintenance-on"); for Other, "other".
std::string_view name(DeployStep step);
DeployStep deployStepNamed(std::string_view text);

enum class StepState { Started, Ok, Failed, Skipped, Other };
std::string_view name(StepState state);
StepState stepStateNamed(std::string_view text);

/// How a run ended.
enum class RunOutcome {
    Deployed, ///< the new release runs and is healthy
    RolledBack, ///< the new release failed its health wait; the previous one runs again
    Rollback, ///< a requested rollback succeeded
    Restored, ///< a backup was restored and the stack is healthy
    Failed,
    Interrupted, ///< the runner was stopped (TERM, HUP, INT)
    Unknown, ///< an outcome this client does not know
};
/// The runner's word ("rolled-back").
std::string_view name(RunOutcome outcome);
RunOutcome runOutcomeNamed(std::string_view text);
/// The release that runs after it is the one the run meant to run (a requested rollback counts).
bool succeeded(RunOutcome outcome);

/// One step of a run on the server, as its progress log says it.
struct DeployEvent {
    int seq = 0;
    std::optional<api::Timestamp> time; ///< UTC; nullopt when the runner wrote no readable time
    DeployStep step = DeployStep::Other;
    std::string stepName; ///< as the runner wrote it: what to show for a step this client does not know
    StepState state = StepState::Other;
    std::optional<RunOutcome> outcome; ///< for DeployStep::Done
    std::string message;
};

/// How a run ended.
struct DeployOutcome {
    std::string id;
    RunOutcome outcome = RunOutcome::Unknown;
    std::string release; ///< the release running now (12 hex digits)
    std::string revision;
    std::string previous; ///< the release that ran before

    bool succeeded() const { return ops::succeeded(outcome); }
};

/// Who holds the deploy lock.
struct LockHolder {
    std::string id;
    std::string actor;
    std::string from;
    std::optional<api::Timestamp> since;
    std::string ref;
    std::string mode; ///< start, rollback, restore
    int pid = 0;
    bool alive = false; ///< false: the holder is gone and the lock is stale
};

struct LockStatus {
    bool locked = false;
    std::optional<LockHolder> holder;
};

/// What a run of the runner's mode ("start", "rollback", "restore") is called where people read it: "deploy",
/// "rollback", "restore".
std::string runWord(const std::string& mode);

/// The newest run on the server (a deploy, rollback or restore): what a page re-attaches to, and what the fleet
/// overview says of a stack's last deploy.
struct LatestRun {
    std::string id;
    bool running = false;
    /// Who started it, from where, when, the ref or backup and the mode (as the lock said; fields are empty for a
    /// run made by an older runner, which did not keep them). `alive` is `running`.
    LockHolder started;
    std::optional<RunOutcome> outcome; ///< once it ended
    std::optional<api::Timestamp> ended; ///< the time of its result
};

/// One release in the server's release log.
struct Release {
    std::string release; ///< image tag: the commit's first 12 hex digits
    std::string revision;
    std::string message;
    std::string author;
    std::string committed; ///< as git prints it (the committer's own zone)
    std::optional<api::Timestamp> deployed;
    std::string by;
    RunOutcome outcome = RunOutcome::Unknown;
    bool retained = false; ///< its images still exist: a rollback can switch to it without a build
};

/// Something a deploy can start from, as the server's checkout knows it after a fetch.
struct DeployRef {
    enum class Kind { Branch, Tag, Commit };
    Kind kind = Kind::Commit;
    std::string name; ///< the branch or tag; for a commit, its first 12 hex digits
    std::string revision; ///< the commit it points at
    std::string subject; ///< the commit message's first line
    std::string author;
    std::optional<api::Timestamp> committed;
};

/// What the deploy picker offers: origin's branches and the tags (newest commit first), and the newest commits of
/// every branch.
struct DeployRefs {
    std::vector<DeployRef> branches;
    std::vector<DeployRef> tags;
    std::vector<DeployRef> commits;
    std::string fetchProblem; ///< the fetch from origin failed: the lists are the checkout's, maybe old
};

/// What one step of a run printed, from the run's output log.
struct StepOutput {
    std::string step; ///< the runner's step name ("build")
    std::string command; ///< the command line the step ran
    std::string output; ///< what it printed, stdout and stderr together
};

/// The release became the running one when it was recorded (a failed or restored run's entry did not): in the
/// release log, newest first, the first that went live runs now.
bool wentLive(const Release& release);

/// Following a run: events as they come, a bound on the whole wait, and a way to stop watching (the run goes on).
struct FollowOptions {
    std::function<void(const DeployEvent&)> onEvent;
    std::function<void(const std::string&)> onReconnect; ///< the link dropped and the client re-attached
    CancelToken cancel; ///< stopping it stops watching at once (Cancelled); the run goes on on the server
    std::chrono::seconds timeout{std::chrono::minutes(30)};
};

/// Deploys, rollbacks and restores that run on the server, detached from the SSH session: backup → maintenance
/// on → fetch and check out the ref → build images tagged with the commit → up → wait until healthy → maintenance
/// off → record the release, with an automatic rollback when the health wait fails. The runner script ships in
/// this library and is installed under <stack>/.ragdesk/; it holds a lock (who, where, when, which ref), writes a
/// progress log that follow() streams and re-attaches to after a dropped link, and releases the lock and the
/// maintenance page on every exit path.
class Deployer {
public:
    Deployer(StackOps& ops, DeploySettings settings = {});

    /// Starts a deploy of a branch or commit (default: main) and returns its id. A deploy already running is a
    /// Conflict error naming its holder; a stale lock too, until releaseStaleLock().
    Result<std::string> start(const std::string& ref);
    /// Starts a switch back to a retained release (by image tag or commit); empty = the last one deployed before
    /// the running one.
    Result<std::string> startRollback(const std::string& release);
    /// Starts a restore of a backup in the stack's backup directory, after a fresh pre-restore backup, with the
    /// maintenance page on while the app is stopped.
    Result<std::string> startRestore(const std::string& backupName);

    /// Streams a run's steps until it ends; re-attaches after a dropped SSH link.
    Result<DeployOutcome> follow(const std::string& id, const FollowOptions& options);
    /// The newest run, running or ended (nullopt when there was none).
    Result<std::optional<LatestRun>> latest();

    Result<LockStatus> lockStatus();
    /// Releases the lock only when its holder is gone; a running deploy's lock is a Conflict.
    Result<LockStatus> releaseStaleLock();

    /// Fetches origin in the stack's checkout and lists its branches and tags, and the newest `commits` commits.
    /// A failed fetch still lists what the checkout has (DeployRefs::fetchProblem says why).
    Result<DeployRefs> refs(size_t commits = 30);
    /// What each step of a run printed so far, in order (the running step's output included). Only the last
    /// `maxBytes` of the log are read: a build's output can be large.
    Result<std::vector<StepOutput>> output(const std::string& id, size_t maxBytes = 1 << 20);

    /// The last `limit` releases, newest first.
    Result<std::vector<Release>> releases(size_t limit = 10);

private:
    Result<std::string> runner();
    Result<std::vector<std::string>> baseArguments(const std::string& mode);
    Result<std::string> launch(const std::string& mode, std::vector<std::string> extra, const std::string& target);
    Result<ssh::CommandResult> runRunner(const std::string& mode, std::vector<std::string> extra);

    StackOps& m_ops;
    const DeploySettings m_settings;
    std::string m_runnerPath; ///< installed once per Deployer
};

} // namespace ragdesk::client::ops
