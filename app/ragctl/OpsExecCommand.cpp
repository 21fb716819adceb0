#include "OpsVerbs.h"

#include <climits>
#include <csignal>
#include <string_view>

namespace ragdesk::ragctl {
namespace {

constexpr int kDefaultTimeoutSeconds = 600;

/// 128 + the signal's number, as a shell reports a command a signal ended; 1 for a name it does not know.
ExitCode signalExit(const std::string& signalName)
{
    static constexpr std::pair<std::string_view, int> kSignals[] = {{"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT},
        {"ILL", SIGILL}, {"ABRT", SIGABRT}, {"FPE", SIGFPE}, {"KILL", SIGKILL}, {"SEGV", SIGSEGV}, {"PIPE", SIGPIPE},
        {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2}};
    for (const auto& [name, number] : kSignals) {
        if (name == signalName) {
            return static_cast<ExitCode>(128 + number);
        }
    }
    return ExitCode::Failure;
}

ExitCode runExec(OpsContext& ops, const ParsedArgs& args)
{
    CommandContext& context = ops.command();
    const std::vector<std::string>& words = args.positionals();
    if (args.positionalsBeforeDashDash().value_or(1) != 1) {
        throw UsageError("'ops exec' takes one SERVICE before the --, then the command");
    }
    if (words.size() < 2) {
        throw UsageError("'ops exec' needs a command: ragctl ops exec SERVICE -- COMMAND [ARGS...]");
    }
    client::ops::ExecRequest request{.service = words.front(),
        .argv = {words.begin() + 1, words.end()},
        .timeout = std::chrono::seconds(args.intValue("--timeout", 1, INT_MAX).value_or(kDefaultTimeoutSeconds))};
    // Piped input goes to the command whole (docker exec -i); a terminal is not forwarded (no pseudo-terminal).
    if (!context.terminal().stdinIsTerminal()) {
        request.input = context.terminal().readStdinBytes();
    }
    std::ostream& out = context.out();
    std::ostream& err = context.err();
    request.onStdout = [&out](std::string_view bytes) {
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
    };
    request.onStderr = [&err](std::string_view bytes) {
        err.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        err.flush();
    };
    const client::ssh::CommandResult result = ops.interruptible([&] { return ops.unwrap(ops.ops().exec(request)); });
    if (!result.exitSignal.empty()) {
        err << "ragctl: the command was ended by signal " << result.exitSignal << '\n';
        return signalExit(result.exitSignal);
    }
    if (result.exitStatus < 0 || result.exitStatus > 255) {
        err << "ragctl: the command ended without an exit status\n";
        return ExitCode::Failure;
    }
    return static_cast<ExitCode>(result.exitStatus);
}

} // namespace

std::vector<VerbSpec> opsExecVerbs()
{
    return {{.name = "exec",
        .summary = "Run a command in a service's container, streaming its output.",
        .arguments = "SERVICE -- COMMAND...",
        .minPositionals = 2,
        .maxPositionals = SIZE_MAX,
        .options = {{"--timeout", "SECONDS", "end the command after this long (default 600)"}},
        .details =
            "Runs `docker exec` in the service's first running container. Its stdout and stderr arrive on "
            "ragctl's\nas they come; piped stdin is read whole and fed to the command (`echo 'select 1' | "
            "ragctl ops exec\npostgres -- psql -U postgres`); a terminal's is not, and no pseudo-terminal is "
            "allocated. Put -- before\nthe command so its options are not taken for ragctl's. Ctrl-C or the timeout "
            "stops the command in the\ncontainer too, with whatever it started (TERM, then KILL after 5 s). "
            "Recorded in the audit log by\n"
            "the command's name only (`psql`), never its arguments: they may hold a password.\n"
            "Exit code: the command's own (0-255; 128+N when signal N ended it). ragctl's failures print "
            "\"ragctl:\"\non stderr: 5 no such service, 6 not running, 8 network, 9 host key, 130 Ctrl-C.",
        .run = opsHandler(runExec)}};
}

} // namespace ragdesk::ragctl
