#include "OpsVerbs.h"

#include "ragdesk/client/api/Timestamp.h"
#include "ragdesk/client/ops/logs/StackLogs.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <climits>
#include <regex>

namespace ragdesk::ragctl {
namespace {

using client::ops::ContainerTime;
constexpr int kDefaultTail = 200;
constexpr auto kFollowTick = std::chrono::milliseconds(100);

/// --since: a duration back from now ("90s", "15m", "2h", "3d") or a UTC time ("2026-11-25T18:00:00Z").
ContainerTime parseSince(const std::string& text)
{
    if (const auto time = client::api::parseTimestamp(text)) {
        return *time;
    }
    long amount = 0;
    const char* end = text.data() + text.size();
    const auto [unit, ec] = std::from_chars(text.data(), end, amount);
    if (ec == std::errc() && amount >= 0 && unit + 1 == end) {
        const long seconds = *unit == 's' ? amount
            : *unit == 'm'                ? amount * 60
            : *unit == 'h'                ? amount * 3600
            : *unit == 'd'                ? amount * 86400
                                          : -1;
        if (seconds >= 0) {
            return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now()) -
                std::chrono::seconds(seconds);
        }
    }
    throw UsageError(
        "--since takes a duration (90s, 15m, 2h, 3d) or a UTC time (2026-11-25T18:00:00Z), not '" + text + "'");
}

/// Prints lines as `TIME SERVICE | text` (stderr lines marked), or NDJSON with --json; --grep keeps matching lines.
class LogPrinter {
public:
    LogPrinter(CommandContext& context, std::optional<std::regex> grep)
        : m_context(context), m_grep(std::move(grep)) { }

    void print(ContainerTime time, std::string_view source, client::ops::LogStream stream, client::ops::LogLevel level,
        std::string_view text)
    {
        if (m_grep && !std::regex_search(text.begin(), text.end(), *m_grep)) {
            return;
        }
        const bool isStderr = stream == client::ops::LogStream::Stderr;
        if (m_context.json()) {
            m_context.out() << nlohmann::json{{"time", client::ops::formatLogTime(time)}, {"service", source},
                                   {"stream", isStderr ? "stderr" : "stdout"}, {"level", client::ops::name(level)},
                                   {"text", text}}
                                   .dump()
                            << '\n';
        } else {
            m_context.out() << client::ops::formatLogTime(time) << ' ' << source << (isStderr ? " (stderr)" : "")
                            << " | " << text << '\n';
        }
    }

private:
    CommandContext& m_context;
    std::optional<std::regex> m_grep;
};

ExitCode runLogs(OpsContext& ops, const ParsedArgs& args)
{
    CommandContext& context = ops.command();
    std::optional<std::regex> grep;
    if (const auto pattern = args.value("--grep")) {
        try {
            grep.emplace(*pattern, std::regex::ECMAScript | std::regex::optimize);
        } catch (const std::regex_error& e) {
            throw UsageError("--grep: not a regular expression: " + std::string(e.what()));
        }
    }
    client::ops::LogHistoryRequest request{.services = args.positionals(),
        .maxLines = static_cast<size_t>(args.intValue("--tail", 0, INT_MAX).value_or(kDefaultTail))};
    if (const auto since = args.value("--since")) {
        request.since = parseSince(*since);
        request.maxLines = args.intValue("--tail", 0, INT_MAX).value_or(INT_MAX);
    }
    client::ops::LogBuffer buffer;
    client::ops::StackLogs logs(ops.ops());
    LogPrinter printer(context, std::move(grep));
    request.cancel = ops.cancelToken();
    client::ops::LogHistoryResult history; // --tail 0: none, follow starts now
    if (request.maxLines > 0) {
        history = ops.interruptible([&] { return ops.unwrap(logs.history(request, buffer)); });
    }
    buffer.forEach(0, buffer.size(), [&](const client::ops::LogLine& line) {
        printer.print(line.time, buffer.sourceName(line.source), line.stream, line.level, line.text);
    });
    if (!args.flag("--follow")) {
        return ExitCode::Ok;
    }
    client::ops::LogQueue queue;
    const auto follow =
        ops.unwrap(logs.follow({.services = request.services,
                                   .resumeFrom = history.sources,
                                   .sourceIndex = [&](const std::string& name) { return buffer.addSource(name); }},
            queue));
    // Ctrl-C ends the follow (exit 130); the reader threads never wait for this loop (the queue drops and counts).
    return ops.interruptible([&] {
        while (ops.sleepUntil(std::chrono::steady_clock::now() + kFollowTick)) {
            for (const auto& record : queue.drain()) {
                if (record.skippedBefore > 0) {
                    context.err() << "ragctl: " << record.skippedBefore
                                  << " lines dropped: the terminal could not keep up\n";
                }
                printer.print(record.time, buffer.sourceName(record.source), record.stream, record.level, record.text);
            }
            context.out().flush();
            if (follow->finished()) {
                for (const auto& problem : follow->problems()) {
                    context.err() << "ragctl: " << problem << '\n';
                }
                return ExitCode::Failure;
            }
        }
        follow->stop();
        return ExitCode::Interrupted;
    });
}

} // namespace

std::vector<VerbSpec> opsLogsVerbs()
{
    return {{.name = "logs",
        .summary = "Show (and follow) the containers' logs, merged by time.",
        .arguments = "[SERVICE...]",
        .minPositionals = 0,
        .maxPositionals = SIZE_MAX,
        .options = {{"--follow", "", "keep printing new lines until Ctrl-C", "-f"},
            {"--tail", "N", "the last N lines of history (default 200; with --since: all since then)"},
            {"--since", "WHEN", "history from then: a duration back (90s, 15m, 2h, 3d) or a UTC time"},
            {"--grep", "RE", "only lines matching this regular expression (ECMAScript)"}},
        .details =
            "Every service when none is named. Reads the engine's log file where the SSH account may (fast), "
            "else\n`docker logs -t` windows. Lines are cleaned: colour codes and other escapes removed, invalid "
            "UTF-8\nreplaced, lines the engine split rejoined. Output: `TIME SERVICE | text`, or NDJSON with "
            "--json.\nA container that replaces a followed one (a deploy recreates them) is followed on from its first "
            "line.\nExit code: 0, 130 after Ctrl-C with --follow, 1 when every followed container went away for "
            "good.",
        .run = opsHandler(runLogs)}};
}

} // namespace ragdesk::ragctl
