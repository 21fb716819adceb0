#include "CommandContext.h"

#include "JsonViews.h"

namespace ragdesk::ragctl {

using client::Secret;
using client::StackProfile;
using client::api::Credentials;

CommandContext::CommandContext(
    GlobalOptions options, client::EnvLookup env, const Terminal& terminal, std::ostream& out, std::ostream& err)
    : m_options(std::move(options)), m_env(std::move(env)), m_terminal(terminal), m_out(out), m_err(err)
{
}

CommandContext::~CommandContext() = default;

const StackProfile& CommandContext::stack()
{
    if (m_stack) {
        return *m_stack;
    }
    const std::optional<StackProfile> fromEnv = client::stackProfileFromEnvironment(m_env);
    if (fromEnv && (!m_options.stack || *m_options.stack == fromEnv->name)) {
        return m_stack.emplace(*fromEnv);
    }
    const auto file = client::defaultStackConfigPath(m_env);
    const auto profiles = client::StackProfileStore::load(file);
    if (!profiles) {
        throw UsageError(profiles.error().message);
    }
    for (const StackProfile& profile : *profiles) {
        if (m_options.stack ? profile.name == *m_options.stack : profiles->size() == 1) {
            return m_stack.emplace(profile);
        }
    }
    throw UsageError(m_options.stack
            ? "no stack named '" + *m_options.stack + "' in " + file.string()
            : "no stack chosen: set RAGDESK_API_URL or pass --stack NAME (stacks file: " + file.string() + ")");
}

const Credentials& CommandContext::credentials()
{
    if (m_credentials) {
        return *m_credentials;
    }
    const auto nonEmpty = [this](const char* name) -> std::optional<std::string> {
        const char* value = env(name);
        return value && *value ? std::optional<std::string>(value) : std::nullopt;
    };
    // A password for `email`: typed on a terminal, else from the environment. An explicit --email means a
    // person at a terminal, so it prompts before looking at RAGDESK_PASSWORD.
    const auto passwordFor = [&](const std::string& email, bool preferPrompt) -> Secret {
        const std::optional<std::string> fromEnv = nonEmpty("RAGDESK_PASSWORD");
        if (m_terminal.stdinIsTerminal() && (preferPrompt || !fromEnv)) {
            if (std::optional<std::string> typed = m_terminal.readSecret("Password for " + email + ": ")) {
                return Secret(std::move(*typed));
            }
        } else if (fromEnv) {
            return Secret(*fromEnv);
        }
        throw CommandFailure(ExitCode::Auth,
            "no password for " + email + ": set RAGDESK_PASSWORD, or run on a terminal to be asked for it");
    };

    if (m_options.email) {
        return m_credentials.emplace(
            Credentials{.email = *m_options.email, .password = passwordFor(*m_options.email, true)});
    }
    if (const auto token = nonEmpty("RAGDESK_TOKEN")) {
        return m_credentials.emplace(Credentials{.apiToken = Secret(*token)});
    }
    if (const auto email = nonEmpty("RAGDESK_EMAIL")) {
        return m_credentials.emplace(Credentials{.email = *email, .password = passwordFor(*email, false)});
    }
    throw CommandFailure(ExitCode::Auth,
        "no credentials: set RAGDESK_TOKEN, or RAGDESK_EMAIL and RAGDESK_PASSWORD, or pass --email EMAIL");
}

client::api::ApiClient& CommandContext::api()
{
    if (!m_api) {
        const std::string url = stack().apiUrl;
        m_api = std::make_unique<client::api::ApiClient>(url, credentials(), httpOptions());
    }
    return *m_api;
}

client::api::ApiClient& CommandContext::anonymousApi()
{
    if (!m_anonymousApi) {
        m_anonymousApi = std::make_unique<client::api::ApiClient>(stack().apiUrl, Credentials{}, httpOptions());
    }
    return *m_anonymousApi;
}

client::api::HttpOptions CommandContext::httpOptions()
{
    // The command line overrides what the stack's profile says.
    client::api::HttpOptions options = client::api::httpOptionsFor(stack());
    if (!m_options.caFile.empty()) {
        options.caFile = m_options.caFile;
    }
    if (!m_options.pinnedKey.empty()) {
        options.pinnedPublicKey = m_options.pinnedKey;
    }
    return options;
}

void CommandContext::confirm(const std::string& question, bool yes)
{
    if (yes) {
        return;
    }
    if (!m_terminal.stdinIsTerminal()) {
        throw UsageError("not on a terminal, so nothing to ask: pass --yes to confirm (" + question + ")");
    }
    const std::optional<std::string> answer = m_terminal.readLine(question + " [y/N] ");
    if (!answer || (*answer != "y" && *answer != "Y" && *answer != "yes")) {
        throw CommandFailure(ExitCode::Failure, "cancelled, nothing changed");
    }
}

Secret CommandContext::newSecret(const std::string& what, bool fromStdin, const std::string& stdinOption)
{
    if (fromStdin) {
        return Secret(m_terminal.readAllStdin());
    }
    if (!m_terminal.stdinIsTerminal()) {
        throw UsageError("no " + what + ": pass " + stdinOption + " and pipe it in, or run on a terminal to type it");
    }
    const std::optional<std::string> first = m_terminal.readSecret(what + ": ");
    const std::optional<std::string> second = m_terminal.readSecret(what + " again: ");
    if (!first || !second || *first != *second) {
        throw UsageError("the two " + what + "s differ");
    }
    return Secret(*first);
}

void CommandContext::printJson(const nlohmann::json& document)
{
    m_out << wire::line(document) << '\n' << std::flush;
}

void CommandContext::printOutcome(const nlohmann::json& document, const std::string& line)
{
    if (json()) {
        printJson(document);
    } else {
        m_out << line << '\n';
    }
}

} // namespace ragdesk::ragctl
