#pragma once

#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ops/StackOps.h"
#include "ragdesk/client/ops/logs/LogBuffer.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

/// How a container's log is read: the engine's log file itself (json-file or k8s-file, where the account may read
/// it: about 30x faster), or `docker logs -t` through the engine.
enum class LogAccess : uint8_t { File, DockerLogs };
std::string_view name(LogAccess access);

/// One container's log as StackLogs found it, and how far a history read went.
struct LogSource {
    std::string service;
    std::string container; ///< the container's name
    std::string containerId;
    std::string name; ///< the source's name in a buffer: the service, or the container when a service has several
    LogAccess access = LogAccess::DockerLogs;
    std::string logPath; ///< File: the log file on the server
    bool jsonFile = false; ///< File: Docker's json-file format (else k8s-file, what podman and CRI-O write)
    uint64_t fileSize = 0; ///< File: its size when looked at; follow goes on from here
    std::optional<ContainerTime> created; ///< DockerLogs: where reading back stops
    /// The server's clock when the sources were looked at (whole seconds): for DockerLogs sources history reads up
    /// to it (`--until`, inclusive) and follow starts there (`--since`), so the two meet without a gap.
    ContainerTime lookedAt{};
};

/// How far a history read has got, for a progress display.
struct LogHistoryProgress {
    size_t lines = 0; ///< delivered so far
    uint64_t bytes = 0; ///< log bytes received
};

/// What to load into a buffer, newest first.
struct LogHistoryRequest {
    std::vector<std::string> services; ///< empty: every service of the stack
    std::optional<ContainerTime> since;
    std::optional<ContainerTime> until;
    size_t maxLines = 100'000; ///< stop after this many lines (the newest ones)
    size_t rangeBytes = size_t{8} << 20; ///< File: bytes per range read back from the end (4 KiB to 1 GiB)
    std::chrono::seconds firstWindow{10}; ///< DockerLogs: the newest window; older ones grow while they come back thin
    bool allowFile = true; ///< false: always `docker logs` (tests and benchmarks of the fallback)
    std::function<void(const LogHistoryProgress&)> progress; ///< after each batch given to the sink
    CancelToken cancel; ///< stopping it ends the read with a Cancelled error; what was delivered stays delivered
};

/// Where a history read delivers what it reads, called on the reading thread in this order: `sources` once, then
/// `older` per batch. A GUI queues both to its own thread and takes the batches into its LogBuffer there
/// (LogBuffer::prepend), so the first screen shows while older lines are still being read.
struct LogHistorySink {
    /// The sources found, before any line. Each record's LogRecord::source is its source's index in this list
    /// unless sourceIndex is set.
    std::function<void(const std::vector<LogSource>& sources)> sources;
    /// The LogRecord::source of each source's records (e.g. `buffer.addSource(name)` when the buffer is not shared
    /// with another thread).
    std::function<uint16_t(const std::string& name)> sourceIndex;
    /// Lines merged by time, oldest first, all older than (or as old as) every line delivered before. Returns
    /// false to end the read there (a full buffer); the result is then not an error.
    std::function<bool(LogBatch&& lines)> older;
};

/// What a history read did.
struct LogHistoryResult {
    size_t lines = 0; ///< delivered (history into a buffer: kept by it)
    uint64_t bytes = 0; ///< log bytes received
    std::vector<LogSource> sources; ///< pass to LogFollowRequest::resumeFrom to follow on without a gap
};

/// What to follow.
struct LogFollowRequest {
    std::vector<std::string> services; ///< empty: every service of the stack
    /// Continue each source where a history read stopped (its LogHistoryResult::sources); else start now.
    std::vector<LogSource> resumeFrom;
    /// The LogRecord::source of each source's records; unset: the source's index in LogFollow::sources().
    /// Called on the caller's thread before follow returns (e.g. `[&](auto& n) { return buffer.addSource(n); }`).
    std::function<uint16_t(const std::string& name)> sourceIndex;
    std::chrono::milliseconds mergeWindow{300}; ///< how long records wait for slower sources (LiveMerger)
    bool allowFile = true;
    /// Look at the stack every 2 s and follow, from its first line, a container that replaced a followed one of
    /// the same service (a deploy or `up -d` recreates them), under the same source index. The old one's reader
    /// ends once its container is gone.
    bool followReplacements = true;
};

/// A running follow of one or more containers' logs: one channel per container (`tail -c +N -F FILE` or
/// `docker logs -t -f`), each read on its own thread, merged by time (LiveMerger) and pushed to a LogQueue, which
/// never makes the readers wait (it drops and counts). Containers that replace followed ones are picked up (see
/// LogFollowRequest::followReplacements). Destroying it stops the commands and joins the threads.
class LogFollow {
public:
    class Impl;
    explicit LogFollow(std::unique_ptr<Impl> impl);
    ~LogFollow();
    LogFollow(const LogFollow&) = delete;
    LogFollow& operator=(const LogFollow&) = delete;

    /// The sources as the follow began (replacements found later are not listed).
    const std::vector<LogSource>& sources() const;
    /// Records pushed to the queue so far (taken or dropped by it).
    uint64_t records() const;
    /// True once every source's command has ended (a removed container, a lost connection).
    bool finished() const;
    /// Why sources ended early, one line each.
    std::vector<std::string> problems() const;
    /// Stops the commands and joins the threads; what was held for merging is flushed to the queue first.
    void stop();

private:
    std::unique_ptr<Impl> m_impl;
};

/// Container logs of a stack over SSH: history read newest range first and delivered batch by batch (so the first
/// screen of the newest lines shows fast), live follow into a LogQueue, several containers merged by time. Reads the
/// engine's log file where the account may (`test -r`), else `docker logs -t` in `--since/--until` windows (never
/// `--tail`, which podman 4.3 garbles for split lines). Saving is saveLogs (LogBuffer.h). Calls block; run them on a
/// worker.
class StackLogs {
public:
    explicit StackLogs(StackOps& ops);

    /// The containers of these services (empty: all) and how each log can be read.
    Result<std::vector<LogSource>> sources(const std::vector<std::string>& services, bool allowFile = true);
    /// Reads the newest lines of the services back in time, merged by time, until maxLines, since, the logs' start
    /// or the sink says stop, and hands them to the sink newest batch first.
    Result<LogHistoryResult> history(const LogHistoryRequest& request, const LogHistorySink& sink);
    /// The same, prepended straight into a buffer no other thread uses until this returns (the command line, tests)
    /// until it is full. Sources are named in it with buffer.addSource(LogSource::name).
    Result<LogHistoryResult> history(const LogHistoryRequest& request, LogBuffer& buffer);
    /// Starts following; records go to queue, which must outlive the LogFollow, as must this StackLogs (it looks
    /// for replaced containers).
    Result<std::unique_ptr<LogFollow>> follow(const LogFollowRequest& request, LogQueue& queue);

private:
    StackOps& m_ops;
};

} // namespace ragdesk::client::ops
