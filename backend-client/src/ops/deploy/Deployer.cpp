#include "ragdesk/client/ops/deploy/Deployer.h"

#include "common/LineSplitter.h"
#include "ops/deploy/DeployReaders.h"
#include "ops/deploy/DeployRunner.h"

#include <fmt/chrono.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <array>
#include <random>
#include <sstream>

namespace ragdesk::client::ops {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;
constexpr auto kCommandTimeout = std::chrono::seconds(60);
constexpr auto kQuietCheck = std::chrono::seconds(5); ///< silence after which the runner is checked for life
constexpr int kRunnerExitLocked = 3;
constexpr int kRunnerExitHeld = 4;

std::string sha256Hex(std::string_view data)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned length = 0;
    EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 15];
    }
    return hex;
}

/// Sortable and unique enough for runs of one stack: UTC time plus random hex.
std::string newRunId()
{
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return fmt::format("{:%Y%m%dT%H%M%SZ}-{:06x}", now, std::random_device{}() & 0xffffffu);
}

std::string text(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<api::Timestamp> timeOf(const json& object, const char* key)
{
    return api::parseTimestamp(text(object, key));
}

/// "2026-03-25T19:50:13Z", or a plain word when the time is unknown.
std::string utcText(const std::optional<api::Timestamp>& time)
{
    return time ? api::formatTimestamp(*time) + "Z" : std::string("an unknown time");
}

LockHolder holderOf(const json& holder, bool alive)
{
    return LockHolder{.id = text(holder, "id"),
        .actor = text(holder, "actor"),
        .from = text(holder, "from"),
        .since = timeOf(holder, "since"),
        .ref = text(holder, "ref"),
        .mode = text(holder, "mode"),
        .pid = holder.value("pid", 0),
        .alive = alive};
}

Result<json> jsonLine(const std::string& output, std::string_view what)
{
    const auto line = output.substr(0, output.find('\n'));
    auto parsed = json::parse(line, nullptr, false);
    if (!parsed.is_object()) {
        return Error{
            .kind = ErrorKind::Protocol, .message = std::string(what) + ": unreadable answer", .detail = output};
    }
    return parsed;
}

Error lockConflict(const LockHolder& holder, bool stale)
{
    return Error{.kind = ErrorKind::Conflict,
        .message = stale ? "a stale deploy lock (holder gone) from " + holder.actor + " at " + holder.from + " since " +
                utcText(holder.since) + " (" + holder.mode + " " + holder.ref +
                ") blocks deploys; release it explicitly (ragctl ops lock release) after checking the stack"
                         : "a " + holder.mode + " of " + holder.ref + " by " + holder.actor + " from " + holder.from +
                " is running since " + utcText(holder.since) + " (run " + holder.id + ")"};
}

} // namespace

Deployer::Deployer(StackOps& ops, DeploySettings settings) : m_ops(ops), m_settings(settings) { }

Result<std::string> Deployer::runner()
{
    if (!m_runnerPath.empty()) {
        return m_runnerPath;
    }
    const auto script = deployRunnerScript();
    const std::string path =
        m_ops.location().stackDir + "/.ragdesk/bin/deploy-runner-" + sha256Hex(script).substr(0, 12) + ".sh";
    // Installed once per version: the name carries the script's hash, so a newer RagDesk never runs an old one.
    const auto installed = m_ops.ssh().run({.argv = {"sh", "-c",
                                                "test -x \"$1\" && exit 0; mkdir -p \"${1%/*}\" && cat > \"$1.tmp\" && "
                                                "chmod 700 \"$1.tmp\" && mv \"$1.tmp\" \"$1\"",
                                                "sh", path},
        .input = std::string(script),
        .timeout = kCommandTimeout});
    if (!installed) {
        return installed.error();
    }
    if (!installed->succeeded()) {
        return ssh::remoteFailure("installing the deploy runner in " + m_ops.location().stackDir, *installed);
    }
    m_runnerPath = path;
    return path;
}

Result<std::vector<std::string>> Deployer::baseArguments(const std::string& mode)
{
    auto path = runner();
    if (!path) {
        return path.error();
    }
    const auto engine = m_ops.engine();
    if (!engine) {
        return engine.error();
    }
    const auto project = m_ops.project();
    if (!project) {
        return project.error();
    }
    const auto compose = ssh::shellCommandLine(engine->composeCommand());
    if (!compose) {
        return compose.error();
    }
    return std::vector<std::string>{*path, mode, "--stack", m_ops.location().stackDir, "--project", *project,
        "--compose", *compose, "--docker", engine->cli};
}

Result<ssh::CommandResult> Deployer::runRunner(const std::string& mode, std::vector<std::string> extra)
{
    auto base = baseArguments(mode);
    if (!base) {
        return base.error();
    }
    auto argv = std::move(base).value();
    argv.insert(argv.end(), extra.begin(), extra.end());
    return m_ops.ssh().run({.argv = argv, .timeout = kCommandTimeout});
}

Result<std::string> Deployer::launch(const std::string& mode, std::vector<std::string> extra, const std::string& target)
{
    const auto& location = m_ops.location();
    const auto backup = m_ops.backupCommand();
    if (!backup) {
        return backup.error();
    }
    const std::string id = newRunId();
    const std::string actor = AuditLog::localActor();
    std::vector<std::string> arguments = {"--id", id, "--actor", actor, "--from", actor.substr(actor.find('@') + 1),
        "--backup", *backup, "--maintenance-flag", location.maintenanceFlag, "--health-timeout",
        std::to_string(m_settings.healthTimeout.count()), "--keep", std::to_string(m_settings.keepReleases)};
    if (!m_settings.rollbackOnFailure) {
        arguments.emplace_back("--no-rollback");
    }
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    const auto started = runRunner(mode, arguments);
    const std::string action = runWord(mode);
    if (!started) {
        m_ops.record(action, target, started.error());
        return started.error();
    }
    if (started->exitStatus == kRunnerExitLocked) {
        auto answer = jsonLine(started->out, "the deploy lock");
        if (!answer) {
            return answer.error();
        }
        auto error =
            lockConflict(holderOf((*answer)["holder"], !answer->value("stale", false)), answer->value("stale", false));
        m_ops.record(action, target, error);
        return error;
    }
    if (!started->succeeded()) {
        auto error = ssh::remoteFailure("starting the " + action, *started);
        m_ops.record(action, target, error);
        return error;
    }
    spdlog::info("ops: {} of {} started as run {}", action, target, id);
    m_ops.record(action + " started", target + " (run " + id + ")", Done{});
    return id;
}

Result<std::string> Deployer::start(const std::string& ref)
{
    const std::string target = ref.empty() ? "main" : ref;
    return launch("start", {"--ref", target}, target);
}

Result<std::string> Deployer::startRollback(const std::string& release)
{
    std::string target = release;
    if (target.empty()) {
        const auto history = releases(50);
        if (!history) {
            return history.error();
        }
        // The newest retained release other than the one that runs now.
        const auto running = std::find_if(history->begin(), history->end(), wentLive);
        for (auto it = running == history->end() ? history->begin() : std::next(running); it != history->end(); ++it) {
            if (it->retained && wentLive(*it) && (running == history->end() || it->release != running->release)) {
                target = it->revision;
                break;
            }
        }
        if (target.empty()) {
            return Error{.kind = ErrorKind::NotFound, .message = "no earlier release with images left to roll back to"};
        }
    }
    return launch("rollback", {"--to", target}, target);
}

Result<std::string> Deployer::startRestore(const std::string& backupName)
{
    if (backupName.empty() || backupName.find('/') != std::string::npos || backupName.starts_with('.')) {
        return Error{.kind = ErrorKind::Validation,
            .message = "a backup is named by its file name, e.g. postgres_20261125_030000.sql.gz"};
    }
    return launch("restore", {"--restore-file", m_ops.location().backupPath() + "/" + backupName}, backupName);
}

Result<std::optional<LatestRun>> Deployer::latest()
{
    const auto result = runRunner("latest", {});
    if (!result) {
        return result.error();
    }
    if (!result->succeeded()) {
        return ssh::remoteFailure("finding the latest run", *result);
    }
    const auto answer = jsonLine(result->out, "the latest run");
    if (!answer) {
        return answer.error();
    }
    if (!answer->contains("id")) {
        return std::optional<LatestRun>();
    }
    LatestRun run{.id = text(*answer, "id"), .running = answer->value("running", false)};
    if (const auto started = answer->find("run"); started != answer->end() && started->is_object()) {
        run.started = holderOf(*started, run.running);
    }
    if (const auto ended = answer->find("result"); ended != answer->end() && ended->is_object()) {
        run.outcome = runOutcomeNamed(text(*ended, "state"));
        run.ended = timeOf(*ended, "time");
    }
    return std::optional(std::move(run));
}

Result<DeployOutcome> Deployer::follow(const std::string& id, const FollowOptions& options)
{
    const auto deadline = Clock::now() + options.timeout;
    const std::string runDir = m_ops.location().stackDir + "/.ragdesk/deploys/" + id;
    int lastSeq = 0;
    LineSplitter lines;
    auto backoff = std::chrono::milliseconds(200);
    const auto stoppedFollowing = [&] {
        return cancelledError("stopped following run " + id + "; it goes on on the server");
    };
    while (Clock::now() < deadline) {
        if (options.cancel.stop_requested()) {
            return stoppedFollowing();
        }
        // The progress log has one event per line and event n on line n: resume after the last one seen.
        auto stream =
            m_ops.ssh().start({"tail", "-n", "+" + std::to_string(lastSeq + 1), "-F", runDir + "/progress.jsonl"},
                std::min(deadline, Clock::now() + std::chrono::seconds(30)), options.cancel);
        if (!stream) {
            if (stream.error().kind != ErrorKind::Network && stream.error().kind != ErrorKind::Timeout) {
                return stream.error().kind == ErrorKind::Cancelled ? stoppedFollowing() : stream.error();
            }
            // Waiting for the link to come back, bounded by the deadline.
            if (!waitUnlessCancelled(options.cancel, backoff)) {
                return stoppedFollowing();
            }
            backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
            continue;
        }
        if (lastSeq > 0 && options.onReconnect) {
            options.onReconnect("re-attached to run " + id + " after event " + std::to_string(lastSeq));
        }
        lines.clear();
        // Wakes the read below at once: a cancelled stream's read returns a Cancelled error.
        const std::stop_callback stopTail(options.cancel, [&stream] { stream.value()->cancel(); });
        for (;;) {
            auto received = stream.value()->read(std::min(deadline, Clock::now() + kQuietCheck));
            if (!received && received.error().kind == ErrorKind::Cancelled && options.cancel.stop_requested()) {
                return stoppedFollowing();
            }
            if (!received) {
                if (received.error().kind == ErrorKind::Timeout && Clock::now() < deadline) {
                    // Quiet: is the runner still there? A killed runner never writes its result.
                    const auto alive = m_ops.ssh().run(
                        {.argv = {"sh", "-c", "kill -0 \"$(cat \"$1/pid\")\" 2>/dev/null", "sh", runDir},
                            .timeout = kCommandTimeout,
                            .cancel = options.cancel});
                    if (alive && !alive->succeeded()) {
                        const auto rest = m_ops.ssh().run(
                            {.argv = {"tail", "-n", "+" + std::to_string(lastSeq + 1), runDir + "/progress.jsonl"}});
                        if (!rest || rest->out.find("\"step\":\"result\"") == std::string::npos) {
                            return Error{.kind = ErrorKind::Remote,
                                .message = "run " + id + " stopped without finishing (killed?); see " + runDir +
                                    "/output.log, and check the lock (ragctl ops lock status)"};
                        }
                        received = ssh::ChannelStream::Received{.out = rest->out, .finished = true};
                    } else {
                        continue;
                    }
                } else {
                    break; // dropped link (or the deadline): reconnect in the outer loop
                }
            }
            lines.append(received->out);
            while (const auto line = lines.next()) {
                const auto event = json::parse(*line, nullptr, false);
                if (!event.is_object() || event.value("seq", 0) <= lastSeq) {
                    continue;
                }
                lastSeq = event.value("seq", 0);
                if (text(event, "step") == "result") {
                    stream.value()->cancel();
                    return DeployOutcome{.id = id,
                        .outcome = runOutcomeNamed(text(event, "state")),
                        .release = text(event, "release"),
                        .revision = text(event, "revision"),
                        .previous = text(event, "previous")};
                }
                if (options.onEvent) {
                    const std::string step = text(event, "step");
                    const DeployStep known = deployStepNamed(step);
                    options.onEvent(DeployEvent{.seq = lastSeq,
                        .time = timeOf(event, "time"),
                        .step = known,
                        .stepName = step,
                        .state = stepStateNamed(text(event, "state")),
                        .outcome = known == DeployStep::Done ? std::optional(runOutcomeNamed(text(event, "state")))
                                                             : std::nullopt,
                        .message = text(event, "message")});
                }
            }
            if (received->finished) {
                break;
            }
        }
    }
    return Error{.kind = ErrorKind::Timeout,
        .message = "run " + id +
            " did not finish within the wait; it may still run on the server (ragctl ops deploy --attach)"};
}

Result<LockStatus> Deployer::lockStatus()
{
    const auto result = runRunner("lock-status", {});
    if (!result) {
        return result.error();
    }
    if (!result->succeeded()) {
        return ssh::remoteFailure("reading the deploy lock", *result);
    }
    const auto answer = jsonLine(result->out, "the deploy lock");
    if (!answer) {
        return answer.error();
    }
    LockStatus status{.locked = answer->value("locked", false)};
    if (status.locked && answer->contains("holder")) {
        status.holder = holderOf((*answer)["holder"], answer->value("alive", false));
    }
    return status;
}

Result<LockStatus> Deployer::releaseStaleLock()
{
    const auto result = runRunner("lock-release", {});
    if (!result) {
        return result.error();
    }
    const auto answer = jsonLine(result->out, "releasing the deploy lock");
    if (!answer) {
        return answer.error();
    }
    if (result->exitStatus == kRunnerExitHeld) {
        auto error = lockConflict(holderOf((*answer)["holder"], true), false);
        m_ops.record("lock release", "deploy lock", error);
        return error;
    }
    if (!result->succeeded()) {
        return ssh::remoteFailure("releasing the deploy lock", *result);
    }
    LockStatus released{.locked = false};
    if (answer->value("released", false)) {
        released.holder = holderOf((*answer)["holder"], false);
        m_ops.record(
            "lock release", "stale lock of " + released.holder->actor + " (run " + released.holder->id + ")", Done{});
    }
    return released;
}

Result<DeployRefs> Deployer::refs(size_t commits)
{
    // One listing for the picker (see readDeployRefs): fields split by the unit separator, tags peeled to their
    // commits. A failed fetch is a line of its own, and the checkout's refs are listed anyway.
    static constexpr std::string_view kScript = R"sh(cd "$1" || exit 3
git rev-parse --git-dir >/dev/null 2>&1 || { echo "$1 is not a git checkout" >&2; exit 3; }
if ! problem="$(GIT_TERMINAL_PROMPT=0 git fetch --quiet --prune origin 2>&1 </dev/null)"; then
    printf 'F%s
' "$(printf '%s' "$problem" | tr '
' ' ' | cut -c1-500)"
fi
git for-each-ref --sort=-committerdate     --format='B%1f%(objectname)%1f%(committerdate:unix)%1f%(authorname)%1f%(refname:lstrip=3)%1f%(subject)'     refs/remotes/origin
git for-each-ref --sort=-creatordate --count=100 --format='T%1f%(if)%(*objectname)%(then)%(*objectname)%(else)%(objectname)%(end)%1f%(if)%(*objectname)%(then)%(*committerdate:unix)%(else)%(committerdate:unix)%(end)%1f%(if)%(*objectname)%(then)%(*authorname)%(else)%(authorname)%(end)%1f%(refname:lstrip=2)%1f%(if)%(*objectname)%(then)%(*subject)%(else)%(subject)%(end)'     refs/tags
git log --remotes=origin --date-order -n "$2" --format='C%x1f%H%x1f%ct%x1f%an%x1f%x1f%s' --
)sh";
    const auto result = m_ops.ssh().run(
        {.argv = {"sh", "-c", std::string(kScript), "sh", m_ops.location().stackDir, std::to_string(commits)},
            .timeout = kCommandTimeout});
    if (!result) {
        return result.error();
    }
    if (!result->succeeded()) {
        return ssh::remoteFailure("listing the branches, tags and commits of the stack's checkout", *result);
    }
    return readDeployRefs(result->out);
}

Result<std::vector<StepOutput>> Deployer::output(const std::string& id, size_t maxBytes)
{
    if (id.empty() ||
        id.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") != std::string::npos) {
        return Error{.kind = ErrorKind::Validation, .message = "not a run id: " + id};
    }
    // The running step's output is in step.log until the step ends; then it is appended to output.log.
    const auto result =
        m_ops.ssh().run({.argv = {"sh", "-c",
                             "d=\"$1/.ragdesk/deploys/$2\"; [ -d \"$d\" ] || exit 3; "
                             "{ cat \"$d/output.log\"; cat \"$d/step.log\"; } 2>/dev/null | tail -c \"$3\"",
                             "sh", m_ops.location().stackDir, id, std::to_string(maxBytes)},
            .timeout = kCommandTimeout});
    if (!result) {
        return result.error();
    }
    if (result->exitStatus == 3) {
        return Error{.kind = ErrorKind::NotFound, .message = "no run " + id + " on the server"};
    }
    if (!result->succeeded()) {
        return ssh::remoteFailure("reading the output of run " + id, *result);
    }
    return readStepOutputs(result->out);
}

Result<std::vector<Release>> Deployer::releases(size_t limit)
{
    const auto result = runRunner("releases", {});
    if (!result) {
        return result.error();
    }
    if (!result->succeeded()) {
        return ssh::remoteFailure("reading the release log", *result);
    }
    std::vector<Release> all;
    std::istringstream lines(result->out);
    std::string line;
    while (std::getline(lines, line)) {
        const auto item = json::parse(line, nullptr, false);
        if (!item.is_object()) {
            continue; // a torn line of a crashed run
        }
        all.push_back(Release{.release = text(item, "release"),
            .revision = text(item, "revision"),
            .message = text(item, "message"),
            .author = text(item, "author"),
            .committed = text(item, "committed"),
            .deployed = timeOf(item, "deployed"),
            .by = text(item, "by"),
            .outcome = runOutcomeNamed(text(item, "outcome")),
            .retained = item.value("retained", false)});
    }
    std::reverse(all.begin(), all.end());
    if (all.size() > limit) {
        all.resize(limit);
    }
    return all;
}

} // namespace ragdesk::client::ops
