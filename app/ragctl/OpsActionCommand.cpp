#include "JsonViews.h"
#include "OpsVerbs.h"

namespace ragdesk::ragctl {
namespace {

using client::ops::ContainerAction;
using client::ops::ContainerStatus;
using client::ops::Health;

std::string pastTense(ContainerAction action)
{
    switch (action) {
    case ContainerAction::Restart:
        return "restarted";
    case ContainerAction::Stop:
        return "stopped";
    case ContainerAction::Start:
        break;
    }
    return "started";
}

// Stop and restart take a service down, so they ask first; start only brings one up.
void confirmAction(OpsContext& ops, ContainerAction action, const std::string& service, bool yes)
{
    const std::string where = " on stack '" + ops.stack().name + "'";
    switch (action) {
    case ContainerAction::Restart:
        ops.command().confirm("Restart " + service + where + "? It is down while its containers restart.", yes);
        return;
    case ContainerAction::Stop:
        ops.command().confirm(
            "Stop " + service + where + "? It stays down until `ragctl ops start " + service + "`.", yes);
        return;
    case ContainerAction::Start:
        return;
    }
}

ExitCode runAction(OpsContext& ops, const ParsedArgs& args, ContainerAction action)
{
    const std::string& service = args.positionals().front();
    confirmAction(ops, action, service, args.flag("--yes"));
    // StackOps::act writes the audit record (here and on the server), cancelled or not.
    std::vector<ContainerStatus> containers = ops.interruptible([&] {
        ops.unwrap(ops.ops().act(action, service));
        return ops.unwrap(ops.ops().status());
    });
    std::erase_if(containers, [&](const ContainerStatus& container) { return container.service != service; });

    std::string now;
    for (const ContainerStatus& container : containers) {
        std::string state(client::ops::name(container.state));
        if (container.health != Health::None) {
            state += ", " + std::string(client::ops::name(container.health));
        }
        now += (now.empty() ? "" : "; ") + (containers.size() > 1 ? container.name + " " : "") + state;
    }
    ops.command().printOutcome({{"action", client::ops::name(action)}, {"service", service}, {"outcome", "ok"},
                                   {"containers", wire::array(containers)}},
        pastTense(action) + " " + service + (now.empty() ? "" : ", now " + now));
    return ExitCode::Ok;
}

VerbSpec actionVerb(ContainerAction action, std::string summary, std::string details)
{
    std::vector<OptionSpec> options;
    if (action != ContainerAction::Start) {
        options.push_back(yesOption());
    }
    return {.name = std::string(client::ops::name(action)),
        .summary = std::move(summary),
        .arguments = "SERVICE",
        .minPositionals = 1,
        .maxPositionals = 1,
        .options = std::move(options),
        .details = std::move(details) +
            "\nThe action is recorded in the audit log, here and on the server (`ragctl ops audit`). Exit code 5 "
            "when\nthe stack has no such service (the message lists those it has).",
        .run = opsHandler([action](OpsContext& ops, const ParsedArgs& args) { return runAction(ops, args, action); })};
}

} // namespace

std::vector<VerbSpec> opsActionVerbs()
{
    return {actionVerb(ContainerAction::Restart, "Restart the containers of a service.",
                "Destructive: the service is down while it restarts, so ragctl asks on a terminal and needs --yes "
                "elsewhere\n(exit code 2 without it)."),
        actionVerb(ContainerAction::Stop, "Stop the containers of a service.",
            "Destructive: the service stays down until `ragctl ops start`, so ragctl asks on a terminal and needs "
            "--yes\nelsewhere (exit code 2 without it)."),
        actionVerb(ContainerAction::Start, "Start the stopped containers of a service.",
            "Asks nothing: starting takes nothing down.")};
}

} // namespace ragdesk::ragctl
