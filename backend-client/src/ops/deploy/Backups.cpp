#include "ragdesk/client/ops/deploy/Backups.h"

#include "common/LineSplitter.h"
#include "ragdesk/client/ops/logs/TerminalText.h"

#include <algorithm>
#include <charconv>
#include <deque>
#include <set>
#include <sstream>

namespace ragdesk::client::ops {

namespace {

constexpr auto kListTimeout = std::chrono::seconds(30);
constexpr auto kBackupTimeout = std::chrono::hours(2);
constexpr auto kVerifyTimeout = std::chrono::hours(1);

template <typename T> T number(std::string_view text)
{
    T value{};
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

BackupFile::Kind kindOf(const std::string& name)
{
    if (name.starts_with("postgres_")) {
        return BackupFile::Kind::Postgres;
    }
    return name.starts_with("qdrant_") ? BackupFile::Kind::Snapshot : BackupFile::Kind::Other;
}

/// The key=value lines of the verify script.
std::string valueOf(const std::string& output, const std::string& key)
{
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.starts_with(key + "=")) {
            return line.substr(key.size() + 1);
        }
    }
    return {};
}

} // namespace

Backups::Backups(StackOps& ops) : m_ops(ops) { }

Result<std::string> Backups::pathOf(const std::string& name) const
{
    if (name.empty() || name.find('/') != std::string::npos || name.starts_with('.')) {
        return Error{.kind = ErrorKind::Validation,
            .message = "\"" + name + "\" is not a backup file name (e.g. postgres_20261125_030000.sql.gz)"};
    }
    return m_ops.location().backupPath() + "/" + name;
}

Result<std::vector<BackupFile>> Backups::list()
{
    // find -printf: name, size, mtime; names are matched by the configured patterns only.
    std::vector<std::string> argv = {"find", m_ops.location().backupPath(), "-maxdepth", "1", "-type", "f", "("};
    const auto& patterns = m_ops.location().backupPatterns;
    for (size_t i = 0; i < patterns.size(); ++i) {
        if (i > 0) {
            argv.emplace_back("-o");
        }
        argv.insert(argv.end(), {"-name", patterns[i]});
    }
    argv.insert(argv.end(), {")", "-printf", "%f\\t%s\\t%T@\\n"});
    const auto result = m_ops.ssh().run({.argv = argv, .timeout = kListTimeout});
    if (!result) {
        return result.error();
    }
    if (!result->succeeded()) {
        if (result->err.find("No such file or directory") != std::string::npos) {
            return std::vector<BackupFile>{};
        }
        return ssh::remoteFailure("listing " + m_ops.location().backupPath(), *result);
    }
    std::vector<BackupFile> files;
    std::istringstream lines(result->out);
    std::string line;
    while (std::getline(lines, line)) {
        const auto tab1 = line.find('\t');
        const auto tab2 = line.find('\t', tab1 + 1);
        if (tab1 == std::string::npos || tab2 == std::string::npos) {
            continue;
        }
        BackupFile file{.name = line.substr(0, tab1),
            .bytes = number<std::uint64_t>(std::string_view(line).substr(tab1 + 1, tab2 - tab1 - 1)),
            .modified = number<std::int64_t>(std::string_view(line).substr(tab2 + 1, line.find('.', tab2) - tab2 - 1))};
        file.kind = kindOf(file.name);
        files.push_back(std::move(file));
    }
    std::sort(files.begin(), files.end(), [](const BackupFile& a, const BackupFile& b) {
        return std::tie(a.modified, a.name) > std::tie(b.modified, b.name);
    });
    return files;
}

Result<std::vector<BackupFile>> Backups::create(
    const CancelToken& cancel, const std::function<void(const std::string&)>& onLine)
{
    const auto before = list();
    if (!before) {
        return before.error();
    }
    const auto command = m_ops.backupCommand();
    if (!command) {
        return command.error();
    }
    // Both streams line by line, each on its own (a line is never made of pieces of both); the last lines are kept
    // for the error of a failed backup.
    constexpr size_t kLinesKept = 20;
    std::deque<std::string> lastLines;
    const auto emit = [&](std::optional<std::string> line) {
        if (!line) {
            return false;
        }
        // Shown on a terminal or in the GUI: no escape sequence of the server's reaches either.
        line = cleanTerminalText(*line).text;
        if (onLine) {
            onLine(*line);
        }
        lastLines.push_back(std::move(*line));
        if (lastLines.size() > kLinesKept) {
            lastLines.pop_front();
        }
        return true;
    };
    LineSplitter out;
    LineSplitter err;
    const auto reader = [&](LineSplitter& lines) {
        return [&lines, &emit](std::string_view bytes) {
            lines.append(bytes);
            while (emit(lines.next())) { }
        };
    };
    const auto result = m_ops.ssh().run({.argv = {"bash", "-c", "set -o pipefail; cd \"$1\" && eval \"$2\"", "bash",
                                             m_ops.location().stackDir, *command},
        .timeout = kBackupTimeout,
        .onStdout = reader(out),
        .onStderr = reader(err),
        .cancel = cancel});
    emit(out.rest());
    emit(err.rest());
    const auto printed = [&] {
        std::string text;
        for (const std::string& line : lastLines) {
            text += line + '\n';
        }
        return text;
    };
    const auto failure = [&] {
        // A backup script says why it failed last: that line leads the error, the lines before it follow.
        ssh::CommandResult said = *result;
        said.err = lastLines.empty() ? std::string() : lastLines.back() + "\n\n" + printed();
        return ssh::remoteFailure("the backup", said);
    };
    const Result<Done> outcome = !result ? Result<Done>(result.error())
        : result->succeeded()            ? Result<Done>(Done{})
                                         : Result<Done>(failure());
    m_ops.record("backup create", m_ops.location().backupPath(), outcome);
    if (!outcome) {
        return outcome.error();
    }
    const auto after = list();
    if (!after) {
        return after.error();
    }
    std::set<std::string> known;
    for (const auto& file : *before) {
        known.insert(file.name);
    }
    std::vector<BackupFile> created;
    std::copy_if(after->begin(), after->end(), std::back_inserter(created),
        [&](const BackupFile& file) { return !known.contains(file.name); });
    if (created.empty()) {
        return Error{.kind = ErrorKind::Remote,
            .message = "the backup command succeeded but wrote no file matching the backup patterns",
            .detail = printed()};
    }
    return created;
}

Result<BackupCheck> Backups::verify(const std::string& name)
{
    const auto path = pathOf(name);
    if (!path) {
        return path.error();
    }
    // One pass for gzip's own check; the dump's first and last lines say whether pg_dump finished.
    static constexpr const char* kScript = R"SH(
f="$1"
[ -f "$f" ] || { echo "missing=1"; exit 0; }
case "$f" in
*.gz) if gzip -t "$f" 2>/dev/null; then echo "gzip=ok"; else echo "gzip=bad"; exit 0; fi
      echo "bytes=$(gzip -dc "$f" | wc -c)"
      echo "head=$(gzip -dc "$f" | head -c 2048 | grep -c 'PostgreSQL database dump')"
      echo "tail=$(gzip -dc "$f" | tail -c 2048 | grep -c 'PostgreSQL database dump complete')" ;;
*)    echo "gzip=ok"; echo "bytes=$(wc -c < "$f")"
      if tar -tf "$f" >/dev/null 2>&1; then echo "head=1"; echo "tail=1"; else
      echo "head=$(head -c 2048 "$f" | grep -c 'PostgreSQL database dump')"
      echo "tail=$(tail -c 2048 "$f" | grep -c 'PostgreSQL database dump complete')"; fi ;;
esac
)SH";
    const auto result = m_ops.ssh().run({.argv = {"sh", "-c", kScript, "sh", *path}, .timeout = kVerifyTimeout});
    if (!result) {
        return result.error();
    }
    if (!result->succeeded()) {
        return ssh::remoteFailure("verifying " + name, *result);
    }
    if (valueOf(result->out, "missing") == "1") {
        return Error{
            .kind = ErrorKind::NotFound, .message = "no backup " + name + " in " + m_ops.location().backupPath()};
    }
    BackupCheck check;
    check.compressionIntact = valueOf(result->out, "gzip") == "ok";
    check.contentBytes = number<std::uint64_t>(valueOf(result->out, "bytes"));
    check.dumpComplete = valueOf(result->out, "head") != "0" && !valueOf(result->out, "head").empty() &&
        valueOf(result->out, "tail") != "0" && !valueOf(result->out, "tail").empty();
    check.ok = check.compressionIntact && check.dumpComplete && check.contentBytes > 0;
    if (!check.compressionIntact) {
        check.problem = "the gzip stream is damaged (truncated or corrupt)";
    } else if (!check.dumpComplete) {
        check.problem = "the dump is not whole: no pg_dump header or no \"dump complete\" trailer";
    }
    return check;
}

Result<ssh::DownloadResult> Backups::download(const std::string& name, ssh::DownloadRequest request)
{
    const auto path = pathOf(name);
    if (!path) {
        return path.error();
    }
    request.remotePath = *path;
    auto result = ssh::downloadFile(m_ops.ssh().target(), m_ops.ssh().prompts(), request);
    m_ops.record("backup download", name + " -> " + request.localPath.string(),
        result ? Result<Done>(Done{}) : Result<Done>(result.error()));
    return result;
}

} // namespace ragdesk::client::ops
