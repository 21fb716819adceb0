#include "Nouns.h"
#include "OpsVerbs.h"

#include <algorithm>

namespace ragdesk::ragctl {

NounSpec opsNoun()
{
    NounSpec noun{"ops",
        "the stack's VPS over SSH: containers, resources, restarts, exec, maintenance, deploys, backups, audit log",
        {}};
    for (std::vector<VerbSpec> group : {opsStatusVerbs(), opsLogsVerbs(), opsActionVerbs(), opsExecVerbs(),
             opsMaintenanceVerbs(), opsDeployVerbs(), opsBackupsVerbs(), opsAuditVerbs()}) {
        noun.verbs.insert(
            noun.verbs.end(), std::make_move_iterator(group.begin()), std::make_move_iterator(group.end()));
    }
    return noun;
}

std::string subAction(const ParsedArgs& args, const std::string& command, const std::vector<std::string>& actions)
{
    const std::string& action = args.positionals().front();
    if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
        std::string choices;
        for (const std::string& choice : actions) {
            choices += (choices.empty() ? "" : ", ") + choice;
        }
        throw UsageError("'" + command + "' takes " + choices + ", not '" + action + "'");
    }
    return action;
}

} // namespace ragdesk::ragctl
