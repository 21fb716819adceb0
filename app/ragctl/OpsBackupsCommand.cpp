#include "JsonViews.h"
#include "OpsVerbs.h"
#include "Output.h"
#include "ProgressBar.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <filesystem>

namespace ragdesk::ragctl {
namespace {

using client::ops::BackupCheck;
using client::ops::BackupFile;

std::string timeText(std::int64_t epochSeconds)
{
    return fmt::format("{:%Y-%m-%d %H:%M:%S}", std::chrono::sys_seconds{std::chrono::seconds(epochSeconds)});
}

void printFiles(CommandContext& context, const std::vector<BackupFile>& files)
{
    if (context.json()) {
        context.printJson(wire::array(files));
        return;
    }
    Table table({"NAME", "SIZE", "TIME", "KIND"});
    for (const BackupFile& file : files) {
        table.add({file.name, humanBytes(file.bytes), timeText(file.modified), std::string(wire::kindName(file.kind))});
    }
    table.print(context.out());
}

ExitCode listBackups(OpsContext& ops)
{
    const std::vector<BackupFile> files = ops.interruptible([&] { return ops.unwrap(ops.backups().list()); });
    printFiles(ops.command(), files);
    if (files.empty() && !ops.command().json()) {
        ops.command().out() << "(no backups in " << ops.ops().location().backupPath() << ")\n";
    }
    return ExitCode::Ok;
}

ExitCode createBackup(OpsContext& ops)
{
    CommandContext& context = ops.command();
    if (!context.json()) {
        context.out() << "running the stack's backup command on the server...\n" << std::flush;
    }
    // The script's own lines are its progress (stderr: stdout stays the result). Backups::create writes the audit
    // record.
    const auto printLine = [&](const std::string& line) {
        if (!context.json()) {
            context.err() << "  " << line << '\n' << std::flush;
        }
    };
    const std::vector<BackupFile> files =
        ops.interruptible([&] { return ops.unwrap(ops.backups().create(ops.cancelToken(), printLine)); });
    if (context.json()) {
        context.printJson(wire::array(files));
        return ExitCode::Ok;
    }
    for (const BackupFile& file : files) {
        context.out() << "wrote " << file.name << " (" << humanBytes(file.bytes) << ")\n";
    }
    return ExitCode::Ok;
}

/// -o PATH, or ./NAME; a directory gets NAME inside it, as cp does.
std::filesystem::path localPathOf(const ParsedArgs& args, const std::string& name)
{
    std::filesystem::path path = args.value("--output").value_or(name);
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        path /= name;
    }
    return path;
}

ExitCode downloadBackup(OpsContext& ops, const std::string& name, const ParsedArgs& args)
{
    CommandContext& context = ops.command();
    const std::filesystem::path local = localPathOf(args, name);
    const std::string part = local.string() + ".part";
    std::uint64_t received = 0; // onProgress runs on this thread
    client::Result<client::ssh::DownloadResult> downloaded = [&] {
        ProgressBar bar(context.err(), name, !context.json() && context.terminal().stderrIsTerminal());
        client::ssh::DownloadRequest request{.localPath = local,
            .onProgress =
                [&](std::uint64_t done, std::uint64_t total) {
                    received = done;
                    bar.update(done, total);
                },
            .cancel = ops.cancelToken()};
        return ops.interruptible([&] { return ops.backups().download(name, request); });
    }();
    if (!downloaded && ops.interrupted()) {
        std::error_code error;
        const std::uintmax_t kept = std::filesystem::file_size(part, error);
        throw CommandFailure(ExitCode::Interrupted,
            "download stopped: " + part + " keeps the " + humanBytes(error ? received : kept) +
                " received; run the same command again to resume from there");
    }
    const client::ssh::DownloadResult result = ops.unwrap(std::move(downloaded));
    if (context.json()) {
        context.printJson({{"name", name}, {"path", local.string()}, {"bytes", result.bytes},
            {"resumed_from", result.resumedFrom}, {"sha256", result.sha256Hex}, {"verified", result.verified}});
        return ExitCode::Ok;
    }
    if (result.resumedFrom > 0) {
        context.out() << "resuming from " << fmt::format("{:.1f}", static_cast<double>(result.resumedFrom) / 1048576.0)
                      << " MiB left by an earlier attempt\n";
    }
    context.out() << "downloaded " << name << " to " << local.string() << " (" << humanBytes(result.bytes) << ")\n"
                  << "sha256 " << result.sha256Hex << (result.verified ? ", verified against the server" : "") << '\n';
    return ExitCode::Ok;
}

ExitCode verifyBackup(OpsContext& ops, const std::string& name)
{
    CommandContext& context = ops.command();
    const BackupCheck check = ops.interruptible([&] { return ops.unwrap(ops.backups().verify(name)); });
    nlohmann::json document = wire::of(check);
    document["name"] = name;
    context.printOutcome(document,
        check.ok
            ? name + ": ok, the gzip stream is intact and the dump is whole (" + humanBytes(check.contentBytes) + ")"
            : name + ": damaged");
    if (!check.ok) {
        context.err() << "ragctl: " << name << ": " << check.problem << '\n';
        return ExitCode::Failure;
    }
    return ExitCode::Ok;
}

ExitCode restoreBackup(OpsContext& ops, const std::string& name, bool yes)
{
    ops.command().confirm("Restore stack '" + ops.stack().name + "' from the backup " + name +
            "? The current database is REPLACED by this backup: everything written since it was taken is lost. "
            "A fresh backup is taken first, and the maintenance page is shown (the site answers 503) while the app "
            "is stopped and the dump is loaded.",
        yes);
    const DeployRun run{.id = ops.interruptible([&] { return ops.unwrap(ops.deployer().startRestore(name)); }),
        .action = "restore",
        .target = name,
        .started = true};
    return followRun(ops, run, client::ops::DeploySettings{}.healthTimeout);
}

ExitCode runBackups(OpsContext& ops, const ParsedArgs& args)
{
    const std::string action = subAction(args, "ops backups", {"list", "create", "download", "verify", "restore"});
    const bool named = action == "download" || action == "verify" || action == "restore";
    if (named != (args.positionals().size() == 2)) {
        throw UsageError(named ? "'ops backups " + action + "' needs the backup's NAME (see `ragctl ops backups list`)"
                               : "'ops backups " + action + "' takes no NAME");
    }
    if (args.value("--output") && action != "download") {
        throw UsageError("-o/--output is for 'ops backups download'");
    }
    if (args.flag("--yes") && action != "restore") {
        throw UsageError("--yes is for 'ops backups restore'; '" + action + "' asks nothing");
    }
    if (action == "list") {
        return listBackups(ops);
    }
    if (action == "create") {
        return createBackup(ops);
    }
    const std::string& name = args.positionals()[1];
    if (action == "download") {
        return downloadBackup(ops, name, args);
    }
    if (action == "verify") {
        return verifyBackup(ops, name);
    }
    return restoreBackup(ops, name, args.flag("--yes"));
}

} // namespace

std::vector<VerbSpec> opsBackupsVerbs()
{
    return {{.name = "backups",
        .summary = "List, create, download, verify or restore the stack's backups.",
        .arguments = "ACTION [NAME]",
        .minPositionals = 1,
        .maxPositionals = 2,
        .options = {{"--output", "PATH", "download: where to write (default ./NAME; a directory gets NAME in it)",
                        "-o"},
            yesOption()},
        .details =
            "Backups are MiniRAG's postgres_*.sql.gz and qdrant_*.snapshot files in the stack's backups directory.\n"
            "  list             NAME, SIZE, TIME (UTC), KIND, newest first\n"
            "  create           run the stack's backup command (scripts/backup.sh) now; prints the files written\n"
            "  download NAME    fetch over SFTP with a progress bar on a terminal; an interrupted download (Ctrl-C,\n"
            "                   a cut link) keeps NAME.part and the next run resumes it; the SHA-256 is compared\n"
            "                   with the server's\n"
            "  verify NAME      check on the server that the gzip stream is intact and the dump is whole\n"
            "  restore NAME     replace the database with the backup, after taking a fresh one, behind the\n"
            "                   maintenance page; followed like `ragctl ops deploy`\n"
            "Destructive: restore, so ragctl asks on a terminal and needs --yes elsewhere (exit code 2 without it).\n"
            "create, download and restore are recorded in the audit log.\n"
            "Exit codes: 0 ok (restore: restored); 1 verify found a problem (printed), or the restore failed;\n"
            "4 a NAME that is not a file name; 5 no such backup; 6 restore refused: another run holds the deploy\n"
            "lock; 130 Ctrl-C (a download keeps its .part; a restore goes on on the server).",
        .run = opsHandler(runBackups)}};
}

} // namespace ragdesk::ragctl
