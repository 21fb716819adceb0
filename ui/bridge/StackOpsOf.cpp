#include "StackOpsOf.h"

#include "ragdesk/client/ops/AuditLog.h"

#include <cstdlib>

namespace ragdesk::ui {

std::unique_ptr<client::ops::StackOps> stackOpsOf(client::ssh::SshConnection& ssh, const client::StackProfile& stack)
{
    return std::make_unique<client::ops::StackOps>(ssh,
        client::ops::StackLocation{.name = stack.name,
            .stackDir = stack.stackDir,
            .composeProject = stack.composeProject,
            .publicUrl = stack.apiUrl},
        client::ops::AuditLog(
            client::ops::AuditLog::defaultLocalFile(std::getenv("XDG_STATE_HOME"), std::getenv("HOME")),
            stack.stackDir));
}

} // namespace ragdesk::ui
