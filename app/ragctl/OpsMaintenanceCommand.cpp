#include "OpsVerbs.h"

namespace ragdesk::ragctl {
namespace {

using client::ops::MaintenanceCheck;
using client::ops::MaintenanceState;

ExitCode maintenanceStatus(OpsContext& ops)
{
    const MaintenanceState state = ops.interruptible([&] { return ops.unwrap(ops.ops().maintenance()); });
    const std::string proxy(client::ops::name(state.proxy));
    ops.command().printOutcome(
        {{"maintenance", state.on ? "on" : "off"}, {"since", state.on ? nlohmann::json(state.since) : nlohmann::json()},
            {"by", state.by.empty() ? nlohmann::json() : nlohmann::json(state.by)}, {"proxy", proxy},
            {"flag", ops.ops().location().maintenanceFlag}},
        state.on ? "maintenance on since " + state.since + (state.by.empty() ? "" : " (" + state.by + ")") +
                ": the site answers 503 (" + proxy + " flag " + ops.ops().location().maintenanceFlag + ")"
                 : "maintenance off");
    return ExitCode::Ok;
}

// "On" takes the site down for its users, so it asks; "off" only brings it back, so it does not.
ExitCode switchMaintenance(OpsContext& ops, bool on, bool yes)
{
    CommandContext& context = ops.command();
    if (on) {
        context.confirm("Show the maintenance page on stack '" + ops.stack().name +
                "'? Every page answers 503 until `ragctl ops maintenance off`; /health keeps answering.",
            yes);
    }
    // setMaintenance writes the audit record, here and on the server.
    const MaintenanceCheck check = ops.interruptible([&] { return ops.unwrap(ops.setMaintenance(on)); });
    const std::string state = on ? "on" : "off";
    context.printOutcome({{"maintenance", state}, {"verified", check.verified}, {"page_status", check.pageStatus},
                             {"health_status", check.healthStatus},
                             {"problem", check.problem.empty() ? nlohmann::json() : nlohmann::json(check.problem)}},
        check.verified ? "maintenance " + state + ", verified: / answers " + std::to_string(check.pageStatus) +
                ", /health " + std::to_string(check.healthStatus)
                       : "maintenance " + state + " (the flag is " + (on ? "set" : "removed") + " on the server)");
    if (!check.verified) {
        context.err() << "ragctl: warning: not verified: " << check.problem << '\n';
        return ExitCode::Failure;
    }
    return ExitCode::Ok;
}

ExitCode runMaintenance(OpsContext& ops, const ParsedArgs& args)
{
    const std::string action = subAction(args, "ops maintenance", {"on", "off", "status"});
    if (action == "status") {
        return maintenanceStatus(ops);
    }
    return switchMaintenance(ops, action == "on", args.flag("--yes"));
}

} // namespace

std::vector<VerbSpec> opsMaintenanceVerbs()
{
    return {{.name = "maintenance",
        .summary = "Turn the maintenance page on or off, or show whether it is on.",
        .arguments = "on|off|status",
        .minPositionals = 1,
        .maxPositionals = 1,
        .options = {yesOption()},
        .details = "The page is a flag file in the stack directory that the reverse proxy tests on every request, so "
                   "it\nswitches at once, without a reload. After a switch ragctl checks through the stack's public "
                   "URL (its\nAPI URL, with --ca-file / --pinned-key): on means / answers 503 and /health 200; off "
                   "means / no\nlonger answers 503 and /health 200.\n"
                   "Destructive: \"on\" takes the site down for its users, so ragctl asks on a terminal and needs "
                   "--yes\nelsewhere (exit code 2 without it). \"off\" asks nothing: it only brings the site back.\n"
                   "Both are recorded in the audit log. status prints on (since when, by whom) or off.\n"
                   "Exit codes: 0 switched and verified; 1 switched on the server but not verified from outside "
                   "(the\nwarning says what the public URL answered); 2 \"on\" without --yes off a terminal.",
        .run = opsHandler(runMaintenance)}};
}

} // namespace ragdesk::ragctl
