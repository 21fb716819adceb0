#include "OpsContext.h"

#include "ragdesk/client/ssh/SshTarget.h"

#include <spdlog/spdlog.h>

namespace ragdesk::ragctl {
namespace {

using client::ErrorKind;
using client::ssh::HostKeyInfo;

// Where a stack's SSH settings are set, for the usage errors that ask for them.
std::string settingsHint(CommandContext& context, const std::string& variables, const std::string& fields)
{
    const std::string file =
        client::defaultStackConfigPath([&context](const char* name) { return context.env(name); }).string();
    return "set " + variables + " (as `devstack env` prints them), or " + fields +
        " in the stack's \"ssh\" object in " + file;
}

} // namespace

OpsContext::OpsContext(CommandContext& context) : m_context(context) { }

OpsContext::~OpsContext() = default;

client::ssh::SshConnection& OpsContext::ssh()
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_ssh) {
            return *m_ssh;
        }
    }
    const client::StackProfile& profile = requireSshHost();
    client::ssh::SshPrompts prompts{
        .acceptUnknownHost = [this](const HostKeyInfo& presented) { return acceptUnknownHost(presented); },
        .keyPassphrase = [this](const std::string& prompt) { return keyPassphrase(prompt); }};
    auto connection = std::make_unique<client::ssh::SshConnection>(client::ssh::sshTargetOf(profile), prompts);
    // One login attempt, as ssh makes: an unreachable or refusing host is reported at once instead of being retried
    // until the command's timeout (the library's reconnecting is for a link that drops later, as in --watch).
    // Outside the lock, so a Ctrl-C meanwhile is not held up behind a host key prompt.
    // The library also logs a failed login as a warning (for the GUI's log); here the failure is the command's
    // error, reported once by CommandLine, so that warning is held back unless --verbose.
    const spdlog::level::level_enum level = spdlog::get_level();
    if (!m_context.verbose()) {
        spdlog::set_level(spdlog::level::err);
    }
    client::Result<client::Done> connected = connection->connect();
    spdlog::set_level(level);
    {
        const std::lock_guard lock(m_mutex);
        m_ssh = std::move(connection);
    }
    unwrap(std::move(connected));
    return *m_ssh;
}

const client::StackProfile& OpsContext::requireSshHost()
{
    const client::StackProfile& profile = stack();
    if (profile.sshHost.empty()) {
        throw UsageError("stack '" + profile.name + "' has no SSH host: " +
            settingsHint(m_context, "RAGDESK_SSH_HOST, RAGDESK_SSH_PORT, RAGDESK_SSH_USER and RAGDESK_SSH_KEY",
                "\"host\", \"port\", \"user\" and \"key\""));
    }
    return profile;
}

client::ops::StackOps& OpsContext::ops()
{
    if (!m_ops) {
        const client::StackProfile& profile = requireSshHost();
        if (profile.stackDir.empty() && profile.composeProject.empty()) {
            throw UsageError("stack '" + profile.name + "' has no stack directory on its server: " +
                settingsHint(m_context, "RAGDESK_STACK_DIR (or RAGDESK_COMPOSE_PROJECT)",
                    "\"stack_dir\" (or \"compose_project\")"));
        }
        m_ops = std::make_unique<client::ops::StackOps>(ssh(),
            client::ops::StackLocation{.name = profile.name,
                .stackDir = profile.stackDir,
                .composeProject = profile.composeProject,
                .publicUrl = profile.apiUrl},
            audit());
    }
    return *m_ops;
}

client::ops::Deployer& OpsContext::deployer(client::ops::DeploySettings settings)
{
    if (!m_deployer) {
        m_deployer = std::make_unique<client::ops::Deployer>(ops(), settings);
    }
    return *m_deployer;
}

client::ops::Backups& OpsContext::backups()
{
    if (!m_backups) {
        m_backups = std::make_unique<client::ops::Backups>(ops());
    }
    return *m_backups;
}

client::Result<client::ops::MaintenanceCheck> OpsContext::setMaintenance(bool on)
{
    return ops().setMaintenance(on, m_context.httpOptions());
}

const client::ops::AuditLog& OpsContext::audit()
{
    if (!m_audit) {
        m_audit.emplace(client::ops::AuditLog::defaultLocalFile(m_context.env("XDG_STATE_HOME"), m_context.env("HOME")),
            stack().stackDir);
    }
    return *m_audit;
}

void OpsContext::fail(client::Error error)
{
    if (m_interrupted && error.kind == ErrorKind::Cancelled) {
        throw CommandFailure(ExitCode::Interrupted, "stopped by Ctrl-C");
    }
    if (error.kind == ErrorKind::HostKey && m_unknownHostRefusedOffTerminal) {
        error.message += " Not on a terminal, so nobody was asked: to trust it, pass --accept-new (it is then "
                         "added to known_hosts, as ssh -o StrictHostKeyChecking=accept-new does), or run on a "
                         "terminal to be asked.";
    }
    throw CommandFailure(std::move(error));
}

bool OpsContext::sleepUntil(std::chrono::steady_clock::time_point deadline)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_until(lock, deadline, [this] { return m_interrupted.load(); });
    return !m_interrupted;
}

void OpsContext::interrupt()
{
    const std::lock_guard lock(m_mutex);
    m_interrupted = true;
    m_interrupt.request_stop();
    if (m_ssh) {
        m_ssh->cancelAll();
    }
    m_wake.notify_all();
}

// Called on the connection's thread while the command waits for the login.
bool OpsContext::acceptUnknownHost(const HostKeyInfo& presented)
{
    if (m_context.acceptNewHostKey()) {
        m_context.err() << "ragctl: trusting the new host key of " << presented.host << " (" << presented.keyType << " "
                        << presented.fingerprint << ") and adding it to " << presented.knownHostsFile
                        << " (--accept-new)\n"
                        << std::flush;
        return true;
    }
    if (!m_context.terminal().stdinIsTerminal()) {
        m_unknownHostRefusedOffTerminal = true;
        return false;
    }
    const std::optional<std::string> answer = m_context.terminal().readLine("The authenticity of host '" +
        presented.host + "' can't be established.\n" + presented.keyType + " key fingerprint is " +
        presented.fingerprint + ".\nTrust it and add it to " + presented.knownHostsFile + "? [y/N] ");
    return answer && (*answer == "y" || *answer == "Y" || *answer == "yes");
}

// Called on the connection's thread. Only a person at the terminal may type a passphrase: never an option or a
// variable, which would leave it in the shell history or the process list.
std::optional<client::Secret> OpsContext::keyPassphrase(const std::string& prompt)
{
    if (!m_context.terminal().stdinIsTerminal()) {
        return std::nullopt;
    }
    // libssh's own prompt is a bare "Passphrase"; say which key and login it is for, as ssh does.
    std::string text = prompt;
    while (!text.empty() && (text.back() == ' ' || text.back() == ':')) {
        text.pop_back();
    }
    const client::StackProfile& profile = stack();
    const std::string login = (profile.sshUser.empty() ? "" : profile.sshUser + "@") + profile.sshHost;
    if (text == "Passphrase") {
        text = "Enter passphrase for key '" + (profile.sshKeyPath.empty() ? "~/.ssh/id_*" : profile.sshKeyPath) +
            "' (" + login + ")";
    }
    std::optional<std::string> typed = m_context.terminal().readSecret(text + ": ");
    if (!typed) {
        return std::nullopt;
    }
    return client::Secret(std::move(*typed));
}

std::string OpsContext::describe(const client::ops::EngineInfo& engine)
{
    using Server = client::ops::EngineInfo::Server;
    using Compose = client::ops::EngineInfo::Compose;
    if (engine.server == Server::Unreachable) {
        return "engine unreachable";
    }
    std::string text = std::string(client::ops::name(engine.server)) + " " + engine.serverVersion;
    if (engine.server == Server::Podman && engine.cli == "docker") {
        text += " via docker CLI " + engine.cliVersion;
    }
    if (engine.compose == Compose::None) {
        return text + ", no compose";
    }
    return text + ", " + std::string(client::ops::name(engine.compose)) + " " + engine.composeVersion;
}

} // namespace ragdesk::ragctl
