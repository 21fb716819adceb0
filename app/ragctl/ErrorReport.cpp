#include "ErrorReport.h"

#include <spdlog/spdlog.h>

namespace ragdesk::ragctl {

void printError(std::ostream& err, const client::Error& error, bool isClientError, std::string_view context)
{
    err << "ragctl: ";
    if (!context.empty()) {
        err << context << ": ";
    }
    if (isClientError) {
        err << client::toString(error.kind) << ": ";
    }
    err << error.message;
    if (error.httpStatus != 0) {
        err << " (HTTP " << error.httpStatus << ')';
    }
    err << '\n';
    // One line per field, as a script or a person fixes them one by one.
    for (const client::FieldError& field : error.fieldErrors) {
        const std::string line = field.field + ": " + field.message;
        if (line != error.message) { // the client words a lone field error as the message itself
            err << line << '\n';
        }
    }
    if (!error.detail.empty() && spdlog::should_log(spdlog::level::info)) {
        err << "server said: " << error.detail << '\n';
    }
}

} // namespace ragdesk::ragctl
