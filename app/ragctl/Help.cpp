#include "Help.h"

#include <algorithm>

namespace ragdesk::ragctl {
namespace {

constexpr const char* kExitCodes = R"(Exit codes:
  0    ok
  1    the command ran but reports a bad state (a degraded stack, a source in error, a failed webhook test,
       a wait that timed out, a deploy rolled back, an unverified maintenance switch) or the user said no
  2    usage: a bad command line, no stack chosen, or a destructive command without --yes off a terminal
  3    auth: no credentials, wrong ones, or a role the server refuses
  4    validation: the server (or ragctl first) refused a field; each printed as "field: message" on stderr
  5    not found
  6    conflict (taken slug, duplicate user, source already processing, the deploy lock held)
  7    server: a 5xx, an unreadable reply, or an error event in a streamed answer
  8    network: connection refused or dropped, TLS, timeouts
  9    host key: the SSH host key is unknown (see --accept-new) or changed; nothing ran
  130  interrupted with Ctrl-C
)";

constexpr const char* kCredentials =
    R"TEXT(Stacks come from $XDG_CONFIG_HOME/ragdesk/stacks.json or from RAGDESK_API_URL and RAGDESK_SSH_*
(eval "$(devstack/devstack env)" sets them for the local devstack).
Credentials: RAGDESK_TOKEN (a tenant API token), or RAGDESK_EMAIL with RAGDESK_PASSWORD, or --email EMAIL
and the password typed at a prompt. ragctl never writes a secret to disk and never prints one, except the
token of `tenants bootstrap` / `tokens create` and the secret of `webhooks create`, shown once.
SSH (`ops`): RAGDESK_SSH_HOST, _PORT, _USER, _KEY, RAGDESK_KNOWN_HOSTS, RAGDESK_STACK_DIR and
RAGDESK_COMPOSE_PROJECT, or the stack's "ssh" object in stacks.json; the agent and ~/.ssh/config are used as ssh
uses them. Host keys are checked against known_hosts: an unknown one is asked about on a terminal (elsewhere
refused unless --accept-new), a changed one is always refused. A key's passphrase is asked for on a terminal only.
)TEXT";

std::string optionLabel(const OptionSpec& option)
{
    std::string label = option.shortName.empty() ? option.name : option.shortName + ", " + option.name;
    if (!option.valueName.empty()) {
        label += " " + option.valueName;
    }
    return label;
}

void printOptions(std::ostream& out, const std::vector<OptionSpec>& options)
{
    size_t width = 0;
    for (const OptionSpec& option : options) {
        width = std::max(width, optionLabel(option).size());
    }
    for (const OptionSpec& option : options) {
        const std::string label = optionLabel(option);
        out << "  " << label << std::string(width - label.size() + 2, ' ') << option.help
            << (option.repeatable ? " (repeatable)" : "") << '\n';
    }
}

std::string verbUsage(const NounSpec& noun, const VerbSpec& verb)
{
    std::string usage = "ragctl [GLOBAL OPTIONS] " + commandName(noun, verb);
    if (!verb.options.empty()) {
        usage += " [OPTIONS]";
    }
    if (!verb.arguments.empty()) {
        usage += " " + verb.arguments;
    }
    return usage;
}

} // namespace

const std::vector<OptionSpec>& globalOptions()
{
    static const std::vector<OptionSpec> options{
        {"--stack", "NAME", "a stack from the stacks file (default: RAGDESK_API_URL, else the only stack in the file)"},
        {"--json", "", "machine-readable output: one JSON document per command (NDJSON events for a streamed chat)"},
        {"--verbose", "", "log every HTTP request and SSH login to stderr"},
        {"--ca-file", "FILE", "also trust this CA bundle (a self-signed stack); verification stays on"},
        {"--pinned-key", "PIN", "accept the server whose public key has this pin, 'sha256//<base64>'"},
        {"--accept-new", "", "ops: trust an unknown SSH host key and add it to known_hosts (never a changed one)"},
        {"--email", "EMAIL",
            "sign in as EMAIL: the password is asked for on a terminal, else read from RAGDESK_PASSWORD"},
        {"--help", "", "print help (also after any command) and exit", "-h"},
        {"--version", "", "print the version and exit"},
    };
    return options;
}

std::string commandName(const NounSpec& noun, const VerbSpec& verb)
{
    return verb.name.empty() ? noun.name : noun.name + " " + verb.name;
}

void printMainHelp(std::ostream& out, const std::vector<NounSpec>& nouns)
{
    out << "Usage: ragctl [--stack NAME] [--json] [--verbose] [--email EMAIL] COMMAND [VERB] [ARGS...]\n\n"
        << "Manage a self-hosted MiniRAG stack from the terminal.\n\nCommands:\n";
    for (const NounSpec& noun : nouns) {
        std::string verbs;
        for (const VerbSpec& verb : noun.verbs) {
            verbs += (verbs.empty() ? "" : "|") + verb.name;
        }
        const std::string indent(12, ' ');
        out << "  " << noun.name << std::string(indent.size() - 2 - std::min(noun.name.size(), indent.size() - 3), ' ')
            << noun.summary << '\n';
        if (!noun.isCommand()) {
            out << indent << verbs << '\n';
        }
    }
    out << "\nGlobal options (before or after the command):\n";
    printOptions(out, globalOptions());
    out << '\n'
        << kCredentials << '\n'
        << kExitCodes << "\nRun 'ragctl COMMAND --help' for a command's verbs and options.\n";
}

void printNounHelp(std::ostream& out, const NounSpec& noun)
{
    if (noun.isCommand()) {
        printVerbHelp(out, noun, noun.verbs.front());
        return;
    }
    out << "Usage: ragctl [GLOBAL OPTIONS] " << noun.name << " VERB [OPTIONS] [ARGS...]\n\n"
        << noun.summary << "\n\nVerbs:\n";
    size_t width = 0;
    for (const VerbSpec& verb : noun.verbs) {
        width = std::max(width, (verb.name + " " + verb.arguments).size());
    }
    for (const VerbSpec& verb : noun.verbs) {
        const std::string label = verb.name + " " + verb.arguments;
        out << "  " << label << std::string(width - label.size() + 2, ' ') << verb.summary << '\n';
    }
    out << "\nRun 'ragctl " << noun.name << " VERB --help' for a verb's options; 'ragctl --help' for global "
        << "options and exit codes.\n";
}

void printVerbHelp(std::ostream& out, const NounSpec& noun, const VerbSpec& verb)
{
    out << "Usage: " << verbUsage(noun, verb) << "\n\n" << verb.summary << '\n';
    if (!verb.details.empty()) {
        out << '\n' << verb.details << (verb.details.back() == '\n' ? "" : "\n");
    }
    if (!verb.options.empty()) {
        out << "\nOptions:\n";
        printOptions(out, verb.options);
    }
    out << "\nGlobal options: --stack, --json, --verbose, --email, --ca-file, --pinned-key, --accept-new. Exit codes: "
           "0 "
           "ok,\n"
        << "1 failed, 2 usage, 3 auth, 4 validation, 5 not found, 6 conflict, 7 server, 8 network, 9 host key, 130 "
           "Ctrl-C\n(see 'ragctl --help').\n";
}

} // namespace ragdesk::ragctl
