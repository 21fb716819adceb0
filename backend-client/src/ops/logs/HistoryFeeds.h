#pragma once

// What reading container logs over SSH shares between StackLogs::history and LogFollow: the feeds that read a
// container's log back in time, one range at a time. Private to the client library.

#include "ops/logs/LogParsers.h"
#include "ragdesk/client/ops/logs/StackLogs.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace ragdesk::client::ops {

/// A read from the VPS that shows nothing for this long fails.
inline constexpr auto kLogReadTimeout = std::chrono::seconds(60);

Error logReadCancelled();

/// Whole seconds since the epoch, as `docker logs --since/--until` take them.
std::string unixSeconds(ContainerTime time);

/// How the engine writes this source's log file.
LogFormat fileFormat(const LogSource& source);

/// Reads one container's log back in time, one range per call.
class HistoryFeed {
public:
    virtual ~HistoryFeed() = default;
    /// The next older range's lines (oldest first) into out, which is empty; false once the log's start has been
    /// read.
    virtual Result<bool> nextOlder(LogBatch& out) = 0;
    /// Everything at or after this time has been read, when the feed knows (time windows).
    virtual std::optional<ContainerTime> coveredFrom() const { return std::nullopt; }
    virtual uint64_t bytes() const = 0;
};

/// The log file read newest range first by one command that streams ranges back to back (see HistoryFeeds.cpp).
std::unique_ptr<HistoryFeed> fileHistoryFeed(
    ssh::SshConnection& ssh, const LogSource& source, uint16_t index, size_t rangeBytes, CancelToken cancel);

/// `docker logs -t --since S --until E` windows going back in time from the moment the sources were looked at.
std::unique_ptr<HistoryFeed> dockerLogsHistoryFeed(ssh::SshConnection& ssh, std::string cli, const LogSource& source,
    uint16_t index, std::chrono::seconds firstWindow, std::optional<ContainerTime> since,
    std::optional<ContainerTime> until, CancelToken cancel);

} // namespace ragdesk::client::ops
