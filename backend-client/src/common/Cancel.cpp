#include "ragdesk/client/common/Cancel.h"

#include <condition_variable>
#include <mutex>

namespace ragdesk::client {

bool waitUnlessCancelled(const CancelToken& token, std::chrono::milliseconds duration)
{
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    // The stop-token overload wakes on request_stop(); nothing else ever notifies this variable.
    wake.wait_for(lock, token, duration, [] { return false; });
    return !token.stop_requested();
}

Error cancelledError(std::string message)
{
    return Error{.kind = ErrorKind::Cancelled, .message = std::move(message)};
}

} // namespace ragdesk::client
