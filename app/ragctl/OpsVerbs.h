#pragma once

#include "Command.h"
#include "DeployView.h"
#include "OpsContext.h"

#include <functional>
#include <vector>

// The verbs of `ragctl ops`, one group per file (Ops<Group>Command.cpp); opsNoun() in OpsCommand.cpp lists the
// groups in the order help shows them. A new group is one more file here and one more line there.
namespace ragdesk::ragctl {

/// An ops verb's function: it gets the OpsContext (connection, StackOps, audit log) made for this command.
using OpsHandler = std::function<ExitCode(OpsContext& ops, const ParsedArgs& args)>;

/// The CommandHandler that makes an OpsContext and runs `run` with it.
inline CommandHandler opsHandler(OpsHandler run)
{
    return [run = std::move(run)](CommandContext& context, const ParsedArgs& args) {
        OpsContext ops(context);
        return run(ops, args);
    };
}

std::vector<VerbSpec> opsStatusVerbs(); ///< status, stats (OpsStatusCommand.cpp)
std::vector<VerbSpec> opsActionVerbs(); ///< restart, stop, start (OpsActionCommand.cpp)
std::vector<VerbSpec> opsExecVerbs(); ///< exec (OpsExecCommand.cpp)
std::vector<VerbSpec> opsLogsVerbs(); ///< logs (OpsLogsCommand.cpp)
std::vector<VerbSpec> opsAuditVerbs(); ///< audit (OpsAuditCommand.cpp)
std::vector<VerbSpec> opsMaintenanceVerbs(); ///< maintenance (OpsMaintenanceCommand.cpp)
std::vector<VerbSpec> opsDeployVerbs(); ///< deploy, releases, rollback, lock (OpsDeployCommand.cpp)
std::vector<VerbSpec> opsBackupsVerbs(); ///< backups (OpsBackupsCommand.cpp)

/// Follows a run on the server (deploy, rollback, restore) to its end through a DeployView and exits 0 only when it
/// succeeded; the wait is bounded by the run's health timeout plus time for the other steps. Ctrl-C stops the
/// following, not the run: exit 130 with how to re-attach. (OpsDeployCommand.cpp)
ExitCode followRun(OpsContext& ops, const DeployRun& run, std::chrono::seconds healthTimeout);

/// The first positional of a verb with sub-actions (`maintenance on`), which must be one of `actions`.
std::string subAction(const ParsedArgs& args, const std::string& command, const std::vector<std::string>& actions);

} // namespace ragdesk::ragctl
