#include "JsonViews.h"
#include "OpsVerbs.h"
#include "Output.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace ragdesk::ragctl {
namespace {

using client::ops::AuditRecord;

constexpr int kDefaultLimit = 50;

std::vector<AuditRecord> readRecords(OpsContext& ops, bool remote, size_t limit)
{
    if (remote) {
        if (ops.stack().stackDir.empty()) {
            throw UsageError("stack '" + ops.stack().name +
                "' has no stack directory, where the server's audit log lives: set RAGDESK_STACK_DIR or "
                "\"stack_dir\" in its \"ssh\" object");
        }
        return ops.interruptible([&] { return ops.unwrap(ops.audit().readRemote(ops.ssh(), limit)); });
    }
    // The local file holds every stack this account worked on: keep this stack's.
    std::vector<AuditRecord> records = ops.unwrap(ops.audit().readLocal());
    std::erase_if(records, [&](const AuditRecord& record) { return record.stack != ops.stack().name; });
    if (records.size() > limit) {
        records.erase(records.begin(), records.end() - static_cast<std::ptrdiff_t>(limit));
    }
    return records;
}

ExitCode runAudit(OpsContext& ops, const ParsedArgs& args)
{
    const auto limit = static_cast<size_t>(args.intValue("--limit", 1, 100000).value_or(kDefaultLimit));
    const std::vector<AuditRecord> records = readRecords(ops, args.flag("--remote"), limit);
    CommandContext& context = ops.command();
    if (context.json()) {
        context.printJson(wire::array(records));
        return ExitCode::Ok;
    }
    Table table({"TIME", "ACTOR", "ACTION", "TARGET", "OUTCOME", "DETAIL"});
    for (const AuditRecord& record : records) {
        table.add({fmt::format("{:%Y-%m-%d %H:%M:%S}", record.time), record.actor, record.action,
            oneLine(record.target, 60), record.outcome, oneLine(record.detail, 80)});
    }
    table.print(context.out());
    return ExitCode::Ok;
}

} // namespace

std::vector<VerbSpec> opsAuditVerbs()
{
    return {{.name = "audit",
        .summary = "Show the audit log of the stack's operations (restarts, exec, ...), newest last.",
        .options = {{"--remote", "", "read the server's log (in the stack directory), which every operator writes"},
            {"--limit", "N", "the last N records (default 50)"}},
        .details = "By default the records this machine wrote for this stack, from "
                   "$XDG_STATE_HOME/ragdesk/audit.jsonl\n(~/.local/state when unset); --remote reads "
                   "STACK_DIR/.ragdesk/audit.jsonl on the server over SSH.\nTimes are UTC. Records hold who did what "
                   "and how it ended, never a secret.",
        .run = opsHandler(runAudit)}};
}

} // namespace ragdesk::ragctl
