#pragma once

#include "ExitCode.h"

#include "ragdesk/client/common/StackProfile.h"

#include <ostream>

namespace ragdesk::ragctl {

/// `ragctl health`: liveness and dependency health of one stack, as a table or JSON.
ExitCode runHealth(const client::StackProfile& stack, bool json, std::ostream& out, std::ostream& err);

} // namespace ragdesk::ragctl
