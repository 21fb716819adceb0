#pragma once

#include "ragdesk/client/common/StackProfile.h"
#include "ragdesk/client/ops/StackOps.h"
#include "ragdesk/client/ssh/SshConnection.h"

#include <memory>

namespace ragdesk::ui {

/// The stack's operations over a kept connection to its VPS, as every part of the app makes them: the profile's
/// stack directory, compose project and public URL, and the app's audit log (under XDG_STATE_HOME).
std::unique_ptr<client::ops::StackOps> stackOpsOf(client::ssh::SshConnection& ssh, const client::StackProfile& stack);

} // namespace ragdesk::ui
