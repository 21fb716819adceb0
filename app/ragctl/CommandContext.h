#pragma once

#include "ArgParser.h"
#include "ExitCode.h"
#include "Terminal.h"

#include "ragdesk/client/api/ApiClient.h"
#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/common/StackProfile.h"

#include <nlohmann/json.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

namespace ragdesk::ragctl {

/// The options every command takes, wherever they appear on the line.
struct GlobalOptions {
    std::optional<std::string> stack;
    std::optional<std::string> email;
    std::string caFile; ///< extra CA bundle for a self-signed stack
    std::string pinnedKey; ///< "sha256//<base64>" of the stack's public key
    bool acceptNewHostKey = false; ///< trust an unknown SSH host key and save it (never a changed one)
    bool json = false;
    bool verbose = false;
};

/// A command that cannot go on. Client errors keep their Error, so the report shows its kind, HTTP status and
/// field errors; other failures carry an exit code and one line for people.
class CommandFailure : public std::exception {
public:
    CommandFailure(ExitCode code, std::string message) : m_code(code), m_error{.message = std::move(message)} { }
    explicit CommandFailure(client::Error error)
        : m_code(exitCodeFor(error.kind)), m_error(std::move(error)), m_isClientError(true)
    {
    }

    const char* what() const noexcept override { return m_error.message.c_str(); }
    ExitCode code() const { return m_code; }
    const client::Error& error() const { return m_error; }
    bool isClientError() const { return m_isClientError; }

private:
    ExitCode m_code;
    client::Error m_error;
    bool m_isClientError = false;
};

/// What one command runs with: the global options, the chosen stack, credentials resolved once, the API
/// client, the terminal and the output streams. Errors leave a command as CommandFailure or UsageError and are
/// reported in one place (CommandLine).
class CommandContext {
public:
    CommandContext(
        GlobalOptions options, client::EnvLookup env, const Terminal& terminal, std::ostream& out, std::ostream& err);
    ~CommandContext();

    bool json() const { return m_options.json; }
    bool verbose() const { return m_options.verbose; }
    bool acceptNewHostKey() const { return m_options.acceptNewHostKey; }
    std::ostream& out() { return m_out; }
    std::ostream& err() { return m_err; }
    const Terminal& terminal() const { return m_terminal; }
    /// An environment variable, nullptr when unset.
    const char* env(const char* name) const { return m_env(name); }

    /// The stack from --stack, the environment or the stacks file; a UsageError when none can be chosen.
    const client::StackProfile& stack();
    /// RAGDESK_TOKEN, or RAGDESK_EMAIL with RAGDESK_PASSWORD, or --email with a prompt (resolved once).
    const client::api::Credentials& credentials();
    /// The signed-in client of the stack.
    client::api::ApiClient& api();
    /// A client without credentials, for the routes that need none (health, tenant bootstrap).
    client::api::ApiClient& anonymousApi();
    /// Connection options from the command line (TLS trust), for every connection to the stack.
    client::api::HttpOptions httpOptions();

    /// The value, or a CommandFailure carrying the error.
    template <typename T> T unwrap(client::Result<T> result)
    {
        if (!result) {
            throw CommandFailure(result.error());
        }
        return std::move(result).value();
    }

    /// Asks before something is deleted: on a terminal a y/N question, elsewhere --yes is required
    /// (UsageError without it). A "no" ends the command with ExitCode::Failure.
    void confirm(const std::string& question, bool yes);
    /// A new password or secret: from stdin with `fromStdin`, else prompted twice on a terminal.
    client::Secret newSecret(const std::string& what, bool fromStdin, const std::string& stdinOption);

    /// One JSON document on stdout (--json output).
    void printJson(const nlohmann::json& document);
    /// The document with --json, else one line for people: for commands whose result is a short confirmation.
    void printOutcome(const nlohmann::json& document, const std::string& line);

private:
    GlobalOptions m_options;
    client::EnvLookup m_env;
    const Terminal& m_terminal;
    std::ostream& m_out;
    std::ostream& m_err;
    std::optional<client::StackProfile> m_stack;
    std::optional<client::api::Credentials> m_credentials;
    std::unique_ptr<client::api::ApiClient> m_api;
    std::unique_ptr<client::api::ApiClient> m_anonymousApi;
};

} // namespace ragdesk::ragctl
