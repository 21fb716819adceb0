#include "JsonViews.h"
#include "OpsVerbs.h"
#include "Output.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

namespace ragdesk::ragctl {
namespace {

using client::ErrorKind;
using client::ops::DeployEvent;
using client::ops::DeployOutcome;
using client::ops::DeploySettings;
using client::ops::LockHolder;
using client::ops::LockStatus;
using client::ops::Release;
using client::ops::RunOutcome;

constexpr int kDefaultReleases = 10;
constexpr auto kFollowMargin = std::chrono::minutes(30); ///< beyond the health wait, for backup, build and up

/// One line for people on how the run ended; `failure` is the last failed step's event, if any.
std::string summaryOf(const DeployRun& run, const DeployOutcome& outcome, const std::optional<DeployEvent>& failure)
{
    const std::string failedStep =
        failure ? " at " + failure->stepName + " (" + oneLine(failure->message, 160) + ")" : std::string();
    const std::string previous = outcome.previous.empty() ? "" : " (previous " + outcome.previous + ")";
    switch (outcome.outcome) {
    case RunOutcome::Deployed:
        return "deployed: release " + outcome.release + " runs now" + previous;
    case RunOutcome::Rollback:
        return "rolled back: release " + outcome.release + " runs now" + previous;
    case RunOutcome::Restored:
        return "restored" + (run.target.empty() ? std::string() : " from " + run.target) +
            ": the database holds the backup and every container is healthy";
    case RunOutcome::RolledBack:
        return "rolled-back: the new release failed" + failedStep + "; the old release " + outcome.release +
            " runs again";
    case RunOutcome::Interrupted:
        return "interrupted: the run was stopped on the server" + failedStep;
    case RunOutcome::Failed:
    case RunOutcome::Unknown:
        break;
    }
    return std::string(name(outcome.outcome)) + failedStep;
}

/// The stderr line of a run that did not succeed: what runs now and where to look.
std::string failureHint(OpsContext& ops, const DeployOutcome& outcome)
{
    const std::string log = ops.stack().stackDir + "/.ragdesk/deploys/" + outcome.id + "/output.log";
    if (outcome.outcome == RunOutcome::RolledBack) {
        return "the deploy failed and was rolled back: the old release " + outcome.release +
            " runs, nothing changed for users; the build and health output is in " + log + " on the server";
    }
    return "the run ended " + std::string(name(outcome.outcome)) +
        ": check `ragctl ops status` and `ragctl ops maintenance status`; its output is in " + log + " on the server";
}

} // namespace

ExitCode followRun(OpsContext& ops, const DeployRun& run, std::chrono::seconds healthTimeout)
{
    CommandContext& context = ops.command();
    std::unique_ptr<DeployView> view = makeDeployView(context);
    view->begin(run);
    std::optional<DeployEvent> failure;
    const auto onEvent = [&](const DeployEvent& event) {
        if (event.state == client::ops::StepState::Failed) {
            failure = event;
        }
        view->event(event);
    };
    client::ops::FollowOptions options{.onEvent = onEvent,
        .onReconnect = [&](const std::string& notice) { view->reconnected(notice); },
        .cancel = ops.cancelToken(),
        .timeout = healthTimeout + kFollowMargin};
    client::Result<DeployOutcome> followed = ops.interruptible([&] { return ops.deployer().follow(run.id, options); });
    if (!followed && ops.interrupted()) {
        view.reset(); // ends a step line left open before the message
        const std::string what = run.action.empty() ? "run" : run.action;
        throw CommandFailure(ExitCode::Interrupted,
            "stopped following run " + run.id + "; the " + what +
                " goes on on the server: re-attach with `ragctl ops deploy --attach`");
    }
    if (!followed) {
        view.reset();
        ops.fail(followed.error());
    }
    const DeployOutcome outcome = std::move(followed).value();
    view->outcome(outcome, summaryOf(run, outcome, failure));
    view.reset();
    if (outcome.succeeded()) {
        return ExitCode::Ok;
    }
    context.err() << "ragctl: " << failureHint(ops, outcome) << '\n';
    return ExitCode::Failure;
}

namespace {

DeploySettings settingsFrom(const ParsedArgs& args)
{
    DeploySettings settings;
    if (const std::optional<int> seconds = args.intValue("--health-timeout", 10, 86400)) {
        settings.healthTimeout = std::chrono::seconds(*seconds);
    }
    settings.rollbackOnFailure = !args.flag("--no-rollback");
    return settings;
}

/// --detach: the run id and how to follow it, nothing else.
ExitCode printDetached(CommandContext& context, const DeployRun& run)
{
    context.printOutcome({{"event", "started"}, {"id", run.id}, {"action", run.action}, {"target", run.target}},
        describeRun(run) + "; follow it with `ragctl ops deploy --attach`");
    return ExitCode::Ok;
}

ExitCode attachLatest(OpsContext& ops)
{
    const std::optional<client::ops::LatestRun> latest =
        ops.interruptible([&] { return ops.unwrap(ops.deployer().latest()); });
    if (!latest) {
        throw CommandFailure(ExitCode::NotFound,
            "no deploy, rollback or restore has run on stack '" + ops.stack().name + "' yet: nothing to attach to");
    }
    return followRun(ops,
        DeployRun{.id = latest->id,
            .action = latest->started.mode.empty() ? std::string() : client::ops::runWord(latest->started.mode),
            .target = latest->started.ref,
            .started = false,
            .running = latest->running},
        DeploySettings{}.healthTimeout);
}

ExitCode runDeploy(OpsContext& ops, const ParsedArgs& args)
{
    if (args.flag("--attach")) {
        if (!args.positionals().empty() || args.flag("--detach") || args.flag("--no-rollback") ||
            args.value("--health-timeout") || args.flag("--yes")) {
            throw UsageError("--attach follows the latest run: it takes no REF and no other deploy option");
        }
        return attachLatest(ops);
    }
    const DeploySettings settings = settingsFrom(args);
    const std::string ref = args.positionals().empty() ? "main" : args.positionals().front();
    ops.command().confirm("Deploy " + ref + " to stack '" + ops.stack().name +
            "'? On the server: a backup, then the maintenance page (the site answers 503) while " + ref +
            " is fetched, built and started, up to " + std::to_string(settings.healthTimeout.count()) +
            " s for every container to be healthy, " +
            (settings.rollbackOnFailure ? "and a rollback to the running release if they are not."
                                        : "and no rollback if they are not (--no-rollback)."),
        args.flag("--yes"));
    const DeployRun run{.id = ops.interruptible([&] { return ops.unwrap(ops.deployer(settings).start(ref)); }),
        .action = "deploy",
        .target = ref,
        .started = true};
    return args.flag("--detach") ? printDetached(ops.command(), run) : followRun(ops, run, settings.healthTimeout);
}

ExitCode runRollback(OpsContext& ops, const ParsedArgs& args)
{
    const DeploySettings settings = settingsFrom(args);
    const std::string release = args.positionals().empty() ? "" : args.positionals().front();
    ops.command().confirm("Roll back stack '" + ops.stack().name + "' to " +
            (release.empty() ? "the previous retained release (see `ragctl ops releases`)" : "release " + release) +
            "? The maintenance page is shown (the site answers 503) while the containers switch to its images "
            "(no build), up to " +
            std::to_string(settings.healthTimeout.count()) + " s for them to be healthy.",
        args.flag("--yes"));
    const DeployRun run{
        .id = ops.interruptible([&] { return ops.unwrap(ops.deployer(settings).startRollback(release)); }),
        .action = "rollback",
        .target = release.empty() ? "the previous release" : release,
        .started = true};
    return args.flag("--detach") ? printDetached(ops.command(), run) : followRun(ops, run, settings.healthTimeout);
}

/// "2026-03-25 19:50" (UTC), or "-" when unknown.
std::string shortUtc(const std::optional<client::api::Timestamp>& time)
{
    return time ? fmt::format("{:%Y-%m-%d %H:%M}", std::chrono::floor<std::chrono::minutes>(*time)) : "-";
}

ExitCode runReleases(OpsContext& ops, const ParsedArgs& args)
{
    const auto limit = static_cast<size_t>(args.intValue("--limit", 1, 1000).value_or(kDefaultReleases));
    const std::vector<Release> releases = ops.interruptible([&] { return ops.unwrap(ops.deployer().releases(limit)); });
    // The release log is newest first; the first that went live is the one running.
    const auto running = std::find_if(releases.begin(), releases.end(), client::ops::wentLive);
    CommandContext& context = ops.command();
    if (context.json()) {
        nlohmann::json list = nlohmann::json::array();
        for (auto it = releases.begin(); it != releases.end(); ++it) {
            nlohmann::json item = wire::of(*it);
            item["running"] = it == running;
            list.push_back(std::move(item));
        }
        context.printJson(list);
        return ExitCode::Ok;
    }
    Table table({"  RELEASE", "DEPLOYED", "BY", "OUTCOME", "RETAINED", "MESSAGE"});
    for (auto it = releases.begin(); it != releases.end(); ++it) {
        const std::string subject = it->message.substr(0, it->message.find('\n'));
        table.add({(it == running ? "* " : "  ") + it->release, shortUtc(it->deployed), it->by,
            std::string(name(it->outcome)), yesNo(it->retained), oneLine(subject, 50)});
    }
    table.print(context.out());
    if (releases.empty()) {
        context.out() << "(no release deployed through ragctl yet)\n";
    }
    return ExitCode::Ok;
}

std::string describeHolder(const LockHolder& holder)
{
    return holder.mode + " of " + holder.ref + " by " + holder.actor + " from " + holder.from + " since " +
        shortUtc(holder.since) + " UTC (run " + holder.id + ", pid " + std::to_string(holder.pid) + ")";
}

ExitCode lockStatus(OpsContext& ops)
{
    const LockStatus lock = ops.interruptible([&] { return ops.unwrap(ops.deployer().lockStatus()); });
    std::string line = "unlocked: no deploy, rollback or restore is running";
    if (lock.locked && lock.holder) {
        line = "locked: " + describeHolder(*lock.holder) +
            (lock.holder->alive ? ", alive"
                                : ", stale: the holder is gone; deploys are refused until `ragctl ops lock release`");
    } else if (lock.locked) {
        line = "locked, by a holder that left no record";
    }
    ops.command().printOutcome(wire::of(lock), line);
    return ExitCode::Ok;
}

ExitCode lockRelease(OpsContext& ops, bool yes)
{
    CommandContext& context = ops.command();
    if (!yes && context.terminal().stdinIsTerminal()) {
        // Show whose lock it is before asking; a live one is refused by the library below.
        const LockStatus lock = ops.interruptible([&] { return ops.unwrap(ops.deployer().lockStatus()); });
        if (!lock.locked) {
            context.printOutcome(wire::of(lock), "unlocked: nothing to release");
            return ExitCode::Ok;
        }
        if (!lock.holder || !lock.holder->alive) {
            context.confirm("Release the stale deploy lock" +
                    (lock.holder ? " of the " + describeHolder(*lock.holder) : std::string()) +
                    "? Check first that the stack is healthy (`ragctl ops status`): that run ended without cleaning "
                    "up.",
                false);
        }
    } else {
        context.confirm("Release the stale deploy lock of stack '" + ops.stack().name + "'?", yes);
    }
    const LockStatus released = ops.interruptible([&] { return ops.unwrap(ops.deployer().releaseStaleLock()); });
    nlohmann::json document = wire::of(released);
    document["released"] = released.holder.has_value();
    context.printOutcome(document,
        released.holder ? "released the stale lock of the " + describeHolder(*released.holder)
                        : "unlocked: nothing to release");
    return ExitCode::Ok;
}

ExitCode runLock(OpsContext& ops, const ParsedArgs& args)
{
    const std::string action = subAction(args, "ops lock", {"status", "release"});
    if (action == "status") {
        if (args.flag("--yes")) {
            throw UsageError("'ops lock status' changes nothing: --yes is for 'ops lock release'");
        }
        return lockStatus(ops);
    }
    return lockRelease(ops, args.flag("--yes"));
}

const OptionSpec kHealthTimeout{
    "--health-timeout", "SECONDS", "how long every container may take to be healthy (default 180)"};
const OptionSpec kDetach{"--detach", "", "return right after printing the run id; the run goes on on the server"};

constexpr const char* kFollowing =
    "Steps show as they run: on a terminal a list with each step's state and time, piped one line per event\n"
    "(time, step, state, message), with --json NDJSON ({\"event\":\"started\"}, {\"event\":\"step\"}..., then\n"
    "{\"event\":\"outcome\"}). A dropped SSH link is re-attached to (and said so). Ctrl-C stops the following only:\n"
    "the run goes on on the server (exit 130); `ragctl ops deploy --attach` follows it again.";

} // namespace

std::vector<VerbSpec> opsDeployVerbs()
{
    return {{.name = "deploy",
                .summary = "Deploy a branch or commit (default main) on the server, following its steps.",
                .arguments = "[REF]",
                .maxPositionals = 1,
                .options = {yesOption(), {"--no-rollback", "", "leave a release that fails its health wait in place"},
                    kHealthTimeout, kDetach,
                    {"--attach", "", "follow the latest run (deploy, rollback or restore) instead, from its start"}},
                .details =
                    std::string("Destructive: the site shows the maintenance page while the release is built and "
                                "started, so ragctl\nasks on a terminal and needs --yes elsewhere (exit code 2 without "
                                "it). The run is detached on the\nserver: a backup, maintenance on, fetch and check "
                                "out REF, build images tagged with the commit, up,\nwait until healthy, maintenance "
                                "off, record the release; a release that fails the health wait is\nrolled back to the "
                                "running one (unless --no-rollback).\n") +
                    kFollowing +
                    "\nExit codes: 0 deployed; 1 rolled back (the old release runs) or failed; 6 refused: another "
                    "run\nholds the deploy lock (named), or a stale lock does (see `ragctl ops lock`); 130 Ctrl-C.",
                .run = opsHandler(runDeploy)},
        {.name = "releases",
            .summary = "List the releases deployed on the server, newest first; * marks the running one.",
            .options = {{"--limit", "N", "the last N releases (default 10)"}},
            .details = "RELEASE is the image tag (the commit's first 12 hex digits), DEPLOYED the time in UTC, "
                       "RETAINED whether its\nimages are still there for a rollback without a build. --json prints "
                       "the release log's records with\n\"running\": true on the one that runs.",
            .run = opsHandler(runReleases)},
        {.name = "rollback",
            .summary = "Switch back to a retained release (default: the one before the running one).",
            .arguments = "[COMMIT]",
            .maxPositionals = 1,
            .options = {yesOption(), kHealthTimeout, kDetach},
            .details = std::string("Destructive: the site shows the maintenance page while the containers switch to "
                                   "the release's\nimages (no build), so ragctl asks on a terminal and needs --yes "
                                   "elsewhere (exit code 2 without it).\nCOMMIT is a release tag or commit from "
                                   "`ragctl ops releases` whose images are retained.\n") +
                kFollowing +
                "\nExit codes: 0 rolled back; 1 failed; 5 no earlier retained release; 6 another run holds the lock; "
                "130\nCtrl-C.",
            .run = opsHandler(runRollback)},
        {.name = "lock",
            .summary = "Show the deploy lock's holder, or release a stale lock.",
            .arguments = "status|release",
            .minPositionals = 1,
            .maxPositionals = 1,
            .options = {yesOption()},
            .details = "status: who holds the lock (run, actor, host, since, ref) and whether the holder is alive or "
                       "gone\n(stale); exit code 0 either way. release: removes a stale lock only, after asking on a "
                       "terminal\n(--yes elsewhere, exit code 2 without it); a live holder is refused with exit code 6 "
                       "and named.\nA stale lock is left by a run that was killed; check the stack (`ragctl ops "
                       "status`) first.",
            .run = opsHandler(runLock)}};
}

} // namespace ragdesk::ragctl
