// The history feeds (HistoryFeeds.h): a container's log file read newest range first, or `docker logs` windows.

#include "ops/logs/HistoryFeeds.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace ragdesk::client::ops {
namespace {

using Clock = std::chrono::steady_clock;
using ssh::ChannelStream;

/// The log file read newest range first by one command that streams ranges [size - R, size), [size - 2R,
/// size - R), ... back to back (`dd` per range): the client knows where each range ends, and the channel's flow
/// control keeps the server from reading far ahead. Each older range is parsed by its own parser from historyCut
/// on; the bytes before the cut go to the end of the next older range.
class FileFeed final : public HistoryFeed {
public:
    FileFeed(ssh::SshConnection& ssh, const LogSource& source, uint16_t index, size_t rangeBytes, CancelToken cancel)
        : m_ssh(ssh),
          m_source(source),
          m_index(index),
          m_cancel(std::move(cancel)),
          m_range(std::clamp<size_t>(rangeBytes, 4096, size_t{1} << 30)), // a LogBatch holds up to 4 GiB
          m_end(source.fileSize)
    {
    }

    ~FileFeed() override
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        if (m_channel) {
            m_channel->cancel();
        }
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    /// The ranges are received and parsed on a thread of the feed's own, up to kAhead ranges ahead, while the
    /// caller merges and stores the previous ones.
    Result<bool> nextOlder(LogBatch& out) override
    {
        if (m_end == 0 && !m_thread.joinable()) {
            return false;
        }
        if (!m_channel) {
            auto started = m_ssh.start({"sh", "-c",
                                           "f=$1 end=$2 r=$3; while [ \"$end\" -gt 0 ]; do a=$((end - r)); "
                                           "[ \"$a\" -lt 0 ] && a=0; dd if=\"$f\" bs=1M iflag=skip_bytes,count_bytes "
                                           "skip=\"$a\" count=$((end - a)) status=none || exit; end=$a; done",
                                           "sh", m_source.logPath, std::to_string(m_end), std::to_string(m_range)},
                Clock::now() + kLogReadTimeout, m_cancel);
            if (!started) {
                return started.error();
            }
            m_channel = std::move(started.value());
            m_thread = std::thread([this] { produce(); });
        }
        std::unique_lock lock(m_mutex);
        if (!m_wake.wait(lock, m_cancel, [&] { return !m_ready.empty(); })) {
            return logReadCancelled(); // the destructor stops the feed's thread and channel
        }
        Parsed parsed = std::move(m_ready.front());
        m_ready.pop_front();
        lock.unlock();
        m_wake.notify_all();
        if (parsed.error) {
            return *parsed.error;
        }
        out = std::move(parsed.lines);
        return parsed.more;
    }

    uint64_t bytes() const override { return m_bytes; }

private:
    struct Parsed {
        LogBatch lines;
        bool more = false;
        std::optional<Error> error;
    };
    static constexpr size_t kAhead = 2;
    static constexpr size_t kHeldBackLines = 256;

    void produce()
    {
        for (;;) {
            Parsed parsed;
            auto more = readRange(parsed.lines);
            if (more) {
                parsed.more = *more;
            } else {
                parsed.error = more.error();
            }
            const bool last = !more || !*more;
            std::unique_lock lock(m_mutex);
            m_ready.push_back(std::move(parsed));
            m_wake.notify_all();
            if (last) {
                return;
            }
            m_wake.wait(lock, [&] { return m_stop || m_ready.size() < kAhead; });
            if (m_stop) {
                return;
            }
        }
    }

    /// Receives and parses the next older range (on the feed's thread).
    Result<bool> readRange(LogBatch& out)
    {
        const uint64_t begin = m_end > m_range ? m_end - m_range : 0;
        const auto want = static_cast<size_t>(m_end - begin);
        // The range's bytes go straight into one reused buffer (no fresh 8 MiB allocation per range): what arrived
        // beyond this range is the start of the next one.
        std::string& range = m_buffer;
        range.clear();
        range.reserve(want + m_carry.size());
        const size_t fromSurplus = std::min(want, m_surplus.size() - m_surplusAt);
        range.append(m_surplus, m_surplusAt, fromSurplus);
        m_surplusAt += fromSurplus;
        if (m_surplusAt == m_surplus.size()) {
            m_surplus.clear(); // the loop below only appends to an empty surplus
            m_surplusAt = 0;
        }
        while (range.size() < want && !m_finished) {
            auto got = m_channel->read(Clock::now() + kLogReadTimeout);
            if (!got) {
                return got.error();
            }
            m_bytes += got->out.size();
            const size_t fits = std::min(want - range.size(), got->out.size());
            range.append(got->out, 0, fits);
            m_surplus.append(got->out, fits);
            m_errors += got->err;
            m_finished = got->finished;
        }
        const size_t take = range.size();
        if (take < want && !m_errors.empty()) {
            return Error{.kind = ErrorKind::Remote,
                .message = "reading " + m_source.logPath + ": " + m_errors.substr(0, m_errors.find('\n')),
                .detail = m_errors};
        }
        range += m_carry;
        m_carry.clear();
        m_end = begin;
        // A file cut short under us (rotated, truncated) ends the read as if its start had been reached.
        const bool atStart = begin == 0 || take < want;
        if (atStart) {
            m_end = 0;
            parse(range, out);
            m_buffer = std::string();
            return false;
        }
        const size_t cut = historyCut(fileFormat(m_source), range);
        if (cut == std::string::npos) {
            m_carry = range; // no line end at all: read further back first
            return true;
        }
        parse(std::string_view(range).substr(cut), out);
        m_carry.assign(range, 0, cut);
        return true;
    }

    void parse(std::string_view bytes, LogBatch& out) const
    {
        // The text is never longer than the bytes it comes from. The rest is given back here, on the feed's thread,
        // but for room for the lines the history merge holds back from the newer range and appends.
        out = LogBatch(bytes.size());
        LogParser parser(fileFormat(m_source), {.source = m_index});
        parser.feed(bytes, out);
        parser.finish(out);
        out.shrinkToFit(kHeldBackLines);
    }

    ssh::SshConnection& m_ssh;
    const LogSource& m_source;
    uint16_t m_index;
    CancelToken m_cancel;
    uint64_t m_range;
    uint64_t m_end;
    std::unique_ptr<ChannelStream> m_channel;
    std::string m_buffer; ///< the range being parsed
    std::string m_surplus; ///< received beyond it: the next older range's start, from m_surplusAt
    size_t m_surplusAt = 0;
    std::string m_carry;
    std::string m_errors;
    bool m_finished = false;
    std::atomic<uint64_t> m_bytes = 0;
    std::thread m_thread;
    std::mutex m_mutex; // guards m_ready and m_stop
    std::condition_variable_any m_wake; // _any: the consumer's wait also ends when the token stops
    std::deque<Parsed> m_ready;
    bool m_stop = false;
};

/// `docker logs -t --since S --until E` windows going back in time from the moment the sources were looked at.
/// Both edges are inclusive whole seconds (podman prints whole-second stamps), so a window ends where the older one
/// begins: only a line stamped at exactly that second's first nanosecond comes twice. A window that comes back
/// thin makes the next one twice as long.
class DockerLogsFeed final : public HistoryFeed {
public:
    DockerLogsFeed(ssh::SshConnection& ssh, std::string cli, const LogSource& source, uint16_t index,
        std::chrono::seconds firstWindow, std::optional<ContainerTime> since, std::optional<ContainerTime> until,
        CancelToken cancel)
        : m_ssh(ssh),
          m_cli(std::move(cli)),
          m_source(source),
          m_index(index),
          m_window(std::max(firstWindow, std::chrono::seconds(1))),
          m_cancel(std::move(cancel)),
          m_end(source.lookedAt)
    {
        if (source.created) {
            m_floor = std::chrono::floor<std::chrono::seconds>(*source.created);
        }
        if (since && (!m_floor || *since > *m_floor)) {
            m_floor = std::chrono::floor<std::chrono::seconds>(*since);
        }
        if (until && *until < m_end) {
            m_end = std::chrono::ceil<std::chrono::seconds>(*until);
        }
    }

    Result<bool> nextOlder(LogBatch& out) override
    {
        if (m_done) {
            return false;
        }
        ContainerTime begin = m_end - m_window;
        if (m_floor && begin <= *m_floor) {
            begin = *m_floor;
            m_done = true;
        }
        LogParser outParser(LogFormat::DockerTimestamped, {.source = m_index, .stream = LogStream::Stdout});
        LogParser errParser(LogFormat::DockerTimestamped, {.source = m_index, .stream = LogStream::Stderr});
        std::vector<LogBatch> pipes(2); // stdout, stderr
        auto result = m_ssh.run({.argv = {m_cli, "logs", "-t", "--since", unixSeconds(begin), "--until",
                                     unixSeconds(m_end), m_source.containerId},
            .timeout = std::chrono::minutes(30),
            .onStdout =
                [&](std::string_view bytes) {
                    m_bytes += bytes.size();
                    outParser.feed(bytes, pipes[0]);
                },
            .onStderr =
                [&](std::string_view bytes) {
                    m_bytes += bytes.size();
                    errParser.feed(bytes, pipes[1]);
                },
            .cancel = m_cancel});
        if (!result) {
            return result.error();
        }
        if (!result->succeeded()) {
            return ssh::remoteFailure("docker logs of " + m_source.container, *result);
        }
        outParser.finish(pipes[0]);
        errParser.finish(pipes[1]);
        const size_t count = pipes[0].size() + pipes[1].size();
        out = mergeByTime(std::move(pipes));
        if (count < 10'000 && m_window < std::chrono::hours(24 * 30)) {
            m_window *= 2;
        }
        m_end = begin;
        return !m_done;
    }

    std::optional<ContainerTime> coveredFrom() const override { return m_end; }
    uint64_t bytes() const override { return m_bytes; }

private:
    ssh::SshConnection& m_ssh;
    std::string m_cli;
    const LogSource& m_source;
    uint16_t m_index;
    std::chrono::seconds m_window;
    CancelToken m_cancel;
    ContainerTime m_end; ///< the newest second the next window takes
    std::optional<ContainerTime> m_floor; ///< nothing older exists or is wanted
    bool m_done = false;
    uint64_t m_bytes = 0;
};

} // namespace

Error logReadCancelled()
{
    return Error{.kind = ErrorKind::Cancelled, .message = "log read cancelled"};
}

std::string unixSeconds(ContainerTime time)
{
    return std::to_string(std::chrono::floor<std::chrono::seconds>(time).time_since_epoch().count());
}

LogFormat fileFormat(const LogSource& source)
{
    return source.jsonFile ? LogFormat::DockerJsonFile : LogFormat::K8sFile;
}

std::unique_ptr<HistoryFeed> fileHistoryFeed(
    ssh::SshConnection& ssh, const LogSource& source, uint16_t index, size_t rangeBytes, CancelToken cancel)
{
    return std::make_unique<FileFeed>(ssh, source, index, rangeBytes, std::move(cancel));
}

std::unique_ptr<HistoryFeed> dockerLogsHistoryFeed(ssh::SshConnection& ssh, std::string cli, const LogSource& source,
    uint16_t index, std::chrono::seconds firstWindow, std::optional<ContainerTime> since,
    std::optional<ContainerTime> until, CancelToken cancel)
{
    return std::make_unique<DockerLogsFeed>(
        ssh, std::move(cli), source, index, firstWindow, since, until, std::move(cancel));
}

} // namespace ragdesk::client::ops
