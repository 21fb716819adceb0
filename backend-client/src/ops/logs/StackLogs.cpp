#include "ragdesk/client/ops/logs/StackLogs.h"

#include "ops/logs/HistoryFeeds.h"

#include <algorithm>
#include <string>

namespace ragdesk::client::ops {

namespace {

constexpr auto kLookTimeout = std::chrono::seconds(30);

std::optional<int64_t> parseSeconds(std::string_view text)
{
    int64_t value = 0;
    if (text.empty() || text.size() > 18) {
        return std::nullopt;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

/// One feed's state in the merge: records read but not yet put into the buffer, oldest first.
struct FeedState {
    std::unique_ptr<HistoryFeed> feed;
    LogBatch pending;
    std::optional<ContainerTime> frontier; ///< the oldest time read so far
    bool started = false;
    bool exhausted = false;
};

/// The lines of a batch within the request's since/until (the batch itself when all are).
LogBatch inWindow(LogBatch lines, const LogHistoryRequest& request)
{
    if (!request.since && !request.until) {
        return lines;
    }
    auto within = [&](size_t k) {
        const ContainerTime time = lines.time(k);
        return (!request.since || time >= *request.since) && (!request.until || time <= *request.until);
    };
    size_t outside = 0; // the first line outside the window
    while (outside < lines.size() && within(outside)) {
        ++outside;
    }
    if (outside == lines.size()) {
        return lines;
    }
    LogBatch kept;
    kept.add(lines, 0, outside);
    for (size_t k = outside + 1; k < lines.size(); ++k) {
        if (within(k)) {
            kept.add(lines, k, k + 1);
        }
    }
    return kept;
}

} // namespace

std::string_view name(LogAccess access)
{
    return access == LogAccess::File ? "file" : "docker logs";
}

// ---------------------------------------------------------------- StackLogs

StackLogs::StackLogs(StackOps& ops) : m_ops(ops) { }

Result<std::vector<LogSource>> StackLogs::sources(const std::vector<std::string>& services, bool allowFile)
{
    const auto engine = m_ops.engine();
    if (!engine) {
        return engine.error();
    }
    const auto containers = m_ops.status();
    if (!containers) {
        return containers.error();
    }
    std::vector<LogSource> sources;
    for (const auto& container : *containers) {
        if (!services.empty() && std::find(services.begin(), services.end(), container.service) == services.end()) {
            continue;
        }
        LogSource source{.service = container.service,
            .container = container.name,
            .containerId = container.id,
            .logPath = container.logPath,
            .created = container.createdAt};
        sources.push_back(std::move(source));
    }
    for (const auto& service : services) {
        if (std::none_of(sources.begin(), sources.end(), [&](const LogSource& s) { return s.service == service; })) {
            return Error{.kind = ErrorKind::NotFound, .message = "no container of service " + service};
        }
    }
    for (auto& source : sources) {
        const bool shared = std::count_if(sources.begin(), sources.end(),
                                [&](const LogSource& other) { return other.service == source.service; }) > 1;
        source.name = shared || source.service.empty() ? source.container : source.service;
    }

    // Which files the account may read (`test -r`), their sizes and first bytes (the format), in one command.
    // Only json-file and k8s-file paths are log files of a known format (podman says json-file for k8s-file).
    std::vector<std::string> argv = {"sh", "-c",
        "date +%s; for f; do if [ -r \"$f\" ] && s=$(stat -L -c %s -- \"$f\"); then "
        "printf '%s %s\\n' \"$s\" \"$(head -c 1 -- \"$f\" | od -An -tx1 | tr -d ' \\n')\"; else echo -; fi; done",
        "sh"};
    std::vector<LogSource*> files;
    for (auto& source : sources) {
        const auto it = std::find_if(containers->begin(), containers->end(),
            [&](const ContainerStatus& c) { return c.id == source.containerId; });
        const std::string driver = it == containers->end() ? "" : it->logDriver;
        if (allowFile && !source.logPath.empty() && (driver == "json-file" || driver == "k8s-file")) {
            argv.push_back(source.logPath);
            files.push_back(&source);
        }
    }
    const auto looked = m_ops.ssh().run({.argv = argv, .timeout = kLookTimeout});
    if (!looked) {
        return looked.error();
    }
    if (!looked->succeeded()) {
        return ssh::remoteFailure("looking at the log files", *looked);
    }
    std::string_view out = looked->out;
    const size_t dateEnd = out.find('\n');
    const auto now = parseSeconds(out.substr(0, dateEnd));
    if (dateEnd == std::string_view::npos || !now) {
        return Error{.kind = ErrorKind::Protocol,
            .message = "no server time before the log files' sizes",
            .detail = looked->out};
    }
    out.remove_prefix(dateEnd + 1);
    for (auto& source : sources) {
        source.lookedAt = ContainerTime(std::chrono::seconds(*now));
    }
    for (LogSource* source : files) {
        const size_t end = out.find('\n');
        const std::string_view line = out.substr(0, end);
        out = end == std::string_view::npos ? std::string_view() : out.substr(end + 1);
        if (line.empty() || line == "-") {
            continue;
        }
        const size_t space = line.find(' ');
        source->access = LogAccess::File;
        source->fileSize = static_cast<uint64_t>(parseSeconds(line.substr(0, space)).value_or(0));
        const std::string_view first = space == std::string_view::npos ? "" : line.substr(space + 1);
        // '{' starts a json-file entry, a digit a k8s-file timestamp; an empty file goes by the engine.
        source->jsonFile = first.empty() ? engine->server == EngineInfo::Server::Docker : first == "7b";
    }
    return sources;
}

Result<LogHistoryResult> StackLogs::history(const LogHistoryRequest& request, LogBuffer& buffer)
{
    size_t kept = 0;
    auto result = history(request,
        {.sources = {},
            .sourceIndex = [&](const std::string& name) { return buffer.addSource(name); },
            .older =
                [&](LogBatch&& lines) {
                    const size_t offered = lines.size();
                    const size_t taken = buffer.prepend(std::move(lines));
                    kept += taken;
                    return taken == offered; // else the buffer is full
                }});
    if (result) {
        result.value().lines = kept;
    }
    return result;
}

Result<LogHistoryResult> StackLogs::history(const LogHistoryRequest& request, const LogHistorySink& sink)
{
    auto found = sources(request.services, request.allowFile);
    if (!found) {
        return found.error();
    }
    const auto engine = m_ops.engine();
    if (!engine) {
        return engine.error();
    }
    LogHistoryResult result;
    result.sources = std::move(*found);
    if (sink.sources) {
        sink.sources(result.sources);
    }
    std::vector<FeedState> feeds;
    for (const auto& source : result.sources) {
        const auto index = sink.sourceIndex ? sink.sourceIndex(source.name) : static_cast<uint16_t>(feeds.size());
        FeedState state;
        if (source.access == LogAccess::File) {
            state.feed = fileHistoryFeed(m_ops.ssh(), source, index, request.rangeBytes, request.cancel);
        } else {
            state.feed = dockerLogsHistoryFeed(m_ops.ssh(), engine->cli, source, index, request.firstWindow,
                request.since, request.until, request.cancel);
        }
        feeds.push_back(std::move(state));
    }

    auto bytes = [&] {
        uint64_t total = 0;
        for (const auto& state : feeds) {
            total += state.feed->bytes();
        }
        return total;
    };
    size_t remaining = request.maxLines;
    while (remaining > 0) {
        if (request.cancel.stop_requested()) {
            return logReadCancelled();
        }
        // Read a feed that has shown no time yet, else the one whose oldest record read is the newest: records newer
        // than every unfinished feed's oldest are final and go into the buffer.
        FeedState* next = nullptr;
        for (auto& state : feeds) {
            if (state.exhausted) {
                continue;
            }
            if (!state.started || !state.frontier) {
                next = &state;
                break;
            }
            if (!next || (state.frontier && (!next->frontier || *state.frontier > *next->frontier))) {
                next = &state;
            }
        }
        if (!next) {
            break;
        }
        LogBatch lines;
        auto more = next->feed->nextOlder(lines);
        if (!more) {
            return more.error();
        }
        next->started = true;
        next->exhausted = !*more;
        if (const auto covered = next->feed->coveredFrom()) {
            next->frontier = next->frontier ? std::min(*next->frontier, *covered) : *covered;
        }
        if (!lines.empty()) {
            ContainerTime oldest = lines.time(0);
            for (size_t k = 1; k < lines.size(); ++k) {
                oldest = std::min(oldest, lines.time(k));
            }
            next->frontier = next->frontier ? std::min(*next->frontier, oldest) : oldest;
            lines.add(next->pending, 0, next->pending.size());
            next->pending = std::move(lines);
        }
        if (request.since && next->frontier && *next->frontier < *request.since) {
            next->exhausted = true;
        }
        if (std::any_of(feeds.begin(), feeds.end(), [](const FeedState& s) { return !s.started && !s.exhausted; })) {
            continue;
        }
        std::optional<ContainerTime> bound;
        bool unknown = false; // a feed still going that has shown no time yet: nothing is final
        for (const auto& state : feeds) {
            if (!state.exhausted) {
                unknown = unknown || !state.frontier;
                if (state.frontier) {
                    bound = bound ? std::max(*bound, *state.frontier) : *state.frontier;
                }
            }
        }
        const bool unfinished =
            std::any_of(feeds.begin(), feeds.end(), [](const FeedState& s) { return !s.exhausted; });
        if (unknown) {
            continue;
        }
        std::vector<LogBatch> batches;
        for (auto& state : feeds) {
            size_t split = 0;
            if (unfinished) {
                split = state.pending.size();
                while (split > 0 && state.pending.time(split - 1) > *bound) {
                    --split;
                }
            }
            if (split < state.pending.size()) {
                batches.push_back(inWindow(state.pending.splitAt(split), request));
            }
        }
        LogBatch merged = mergeByTime(std::move(batches));
        if (merged.empty()) {
            continue;
        }
        merged.dropFront(merged.size() > remaining ? merged.size() - remaining : 0);
        const size_t offered = merged.size();
        const bool goOn = sink.older(std::move(merged));
        result.lines += offered;
        remaining -= std::min(remaining, offered);
        if (request.progress) {
            request.progress({.lines = result.lines, .bytes = bytes()});
        }
        if (!goOn) {
            break; // e.g. the buffer is full
        }
    }
    result.bytes = bytes();
    return result;
}

} // namespace ragdesk::client::ops
