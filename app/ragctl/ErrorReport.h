#pragma once

#include "ragdesk/client/common/Error.h"

#include <ostream>
#include <string_view>

namespace ragdesk::ragctl {

/// One failure for people on stderr: "ragctl: [context: ]kind: message (HTTP n)", then each field error on its
/// own line as "field: message", then (verbose) the server's raw text.
void printError(std::ostream& err, const client::Error& error, bool isClientError, std::string_view context = {});

} // namespace ragdesk::ragctl
