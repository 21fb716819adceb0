#include "SshLogin.h"

#include <libssh/callbacks.h>
#include <spdlog/spdlog.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace ragdesk::client::ssh {

namespace {

template <auto Free, typename T> struct Freer {
    void operator()(T* pointer) const { Free(pointer); }
};
void freeString(char* text)
{
    ssh_string_free_char(text);
}
void freeKnownHostsEntry(ssh_knownhosts_entry* entry)
{
    ssh_knownhosts_entry_free(entry);
}
using KeyPtr = std::unique_ptr<ssh_key_struct, Freer<ssh_key_free, ssh_key_struct>>;
using CharPtr = std::unique_ptr<char, Freer<freeString, char>>;
using EntryPtr = std::unique_ptr<ssh_knownhosts_entry, Freer<freeKnownHostsEntry, ssh_knownhosts_entry>>;

Error loginError(ErrorKind kind, ssh_session session, const std::string& what)
{
    return Error{.kind = kind, .message = what + ": " + ssh_get_error(session)};
}

std::string homeSshDir()
{
    const char* home = std::getenv("HOME");
    return std::string(home != nullptr ? home : "") + "/.ssh";
}

/// "SHA256:<base64>" of a key, as OpenSSH prints it.
std::string fingerprintOf(ssh_key key)
{
    unsigned char* hash = nullptr;
    size_t length = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK) {
        return "(unknown)";
    }
    CharPtr text(ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length));
    ssh_clean_pubkey_hash(&hash);
    return text ? std::string(text.get()) : "(unknown)";
}

/// The host name in known_hosts form: "[host]:port" unless the port is 22.
std::string knownHostsName(ssh_session session)
{
    char* host = nullptr;
    ssh_options_get(session, SSH_OPTIONS_HOST, &host);
    std::string name = host != nullptr ? host : "";
    ssh_string_free_char(host);
    unsigned port = 22;
    ssh_options_get_port(session, &port);
    return port == 22 ? name : "[" + name + "]:" + std::to_string(port);
}

int askPassphrase(const char* prompt, char* buffer, size_t length, int /*echo*/, int /*verify*/, void* userdata)
{
    const auto* prompts = static_cast<const SshPrompts*>(userdata);
    if (!prompts->keyPassphrase) {
        return -1;
    }
    const auto answer = prompts->keyPassphrase(prompt != nullptr ? prompt : "Passphrase");
    if (!answer || answer->reveal().size() + 1 > length) {
        return -1;
    }
    std::memcpy(buffer, answer->reveal().c_str(), answer->reveal().size() + 1);
    return 0;
}

Result<Done> applyOptions(ssh_session session, const SshTarget& target, const SshOptions& options)
{
    const std::string sshDir = target.sshDir.empty() ? homeSshDir() : target.sshDir;
    const long timeout = static_cast<long>(options.connectTimeout.count());
    const int no = 0;
    const int yes = 1;
    // Small requests and replies (an API call, a keystroke) must not wait for Nagle and delayed ACKs (~40 ms).
    bool ok = ssh_options_set(session, SSH_OPTIONS_NODELAY, &yes) == SSH_OK &&
        ssh_options_set(session, SSH_OPTIONS_SSH_DIR, sshDir.c_str()) == SSH_OK &&
        ssh_options_set(session, SSH_OPTIONS_HOST, target.host.c_str()) == SSH_OK &&
        ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &no) == SSH_OK &&
        ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout) == SSH_OK;
    // OpenSSH's order: the user's file, then the system's; the first value found for an option wins.
    for (const auto& file : {sshDir + "/config", std::string("/etc/ssh/ssh_config")}) {
        if (ok && std::filesystem::exists(file)) {
            ok = ssh_options_parse_config(session, file.c_str()) == SSH_OK;
        }
    }
    // What the stack profile sets explicitly overrides the config files.
    if (ok && target.port != 0) {
        const unsigned port = target.port;
        ok = ssh_options_set(session, SSH_OPTIONS_PORT, &port) == SSH_OK;
    }
    if (ok && !target.user.empty()) {
        ok = ssh_options_set(session, SSH_OPTIONS_USER, target.user.c_str()) == SSH_OK;
    }
    if (ok && !target.identityFile.empty()) {
        ok = ssh_options_set(session, SSH_OPTIONS_ADD_IDENTITY, target.identityFile.c_str()) == SSH_OK;
    }
    const std::string knownHosts = target.knownHostsFile.empty() ? sshDir + "/known_hosts" : target.knownHostsFile;
    if (ok) {
        ok = ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, knownHosts.c_str()) == SSH_OK;
    }
    if (!ok) {
        return loginError(ErrorKind::Validation, session, "SSH settings for " + target.host + " are not usable");
    }
    return Done{};
}

/// The kernel gives up on a link whose data stays unacknowledged this long, so a vanished server is noticed
/// within the keepalive budget instead of TCP's ~15 minutes.
void limitUnacknowledgedTime(ssh_session session, const SshOptions& options)
{
    const int fd = ssh_get_fd(session);
    const int on = 1;
    const auto budget = options.keepaliveInterval * options.keepaliveCountMax;
    const unsigned userTimeoutMs = static_cast<unsigned>(std::chrono::milliseconds(budget).count());
    // Failures are harmless: a ProxyCommand link is a pipe, not a TCP socket.
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &userTimeoutMs, sizeof userTimeoutMs);
}

/// The keys known_hosts holds for the host, as "type SHA256:..." (hashed host names included).
std::string storedKeysOf(const HostKeyInfo& presented)
{
    std::ifstream file(presented.knownHostsFile);
    std::string line;
    std::string keys;
    while (std::getline(file, line)) {
        ssh_knownhosts_entry* rawEntry = nullptr;
        if (ssh_known_hosts_parse_line(presented.host.c_str(), line.c_str(), &rawEntry) != SSH_OK) {
            continue;
        }
        const EntryPtr entry(rawEntry);
        if (entry->publickey != nullptr) {
            keys += (keys.empty() ? "" : " and ") + std::string(ssh_key_type_to_char(ssh_key_type(entry->publickey))) +
                " " + fingerprintOf(entry->publickey);
        }
    }
    return keys.empty() ? "another key" : keys;
}

Result<HostKeyInfo> checkHostKey(ssh_session session, const SshPrompts& prompts)
{
    ssh_key rawKey = nullptr;
    if (ssh_get_server_publickey(session, &rawKey) != SSH_OK) {
        return loginError(ErrorKind::Network, session, "the server sent no host key");
    }
    const KeyPtr key(rawKey);
    char* rawLine = nullptr;
    ssh_session_export_known_hosts_entry(session, &rawLine);
    const CharPtr line(rawLine);
    char* rawFile = nullptr;
    ssh_options_get(session, SSH_OPTIONS_KNOWNHOSTS, &rawFile);
    const CharPtr file(rawFile);
    HostKeyInfo presented{.host = knownHostsName(session),
        .keyType = ssh_key_type_to_char(ssh_key_type(key.get())),
        .fingerprint = fingerprintOf(key.get()),
        .knownHostsLine = line ? line.get() : "",
        .knownHostsFile = file ? file.get() : ""};
    if (!presented.knownHostsLine.empty() && presented.knownHostsLine.back() == '\n') {
        presented.knownHostsLine.pop_back();
    }

    switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
        return presented;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: {
        const std::string stored = storedKeysOf(presented);
        return Error{.kind = ErrorKind::HostKey,
            .message = "the host key of " + presented.host + " has CHANGED: " + presented.knownHostsFile + " has " +
                stored + ", the server presents " + presented.keyType + " " + presented.fingerprint +
                ". Someone may be intercepting the connection, or the server was " +
                "reinstalled. If the new key is right, remove the old line with: ssh-keygen -R '" + presented.host +
                "' -f " + presented.knownHostsFile + " and connect again to review it.",
            .detail = "presented key: " + presented.knownHostsLine};
    }
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        if (prompts.acceptUnknownHost && prompts.acceptUnknownHost(presented)) {
            if (ssh_session_update_known_hosts(session) != SSH_OK) {
                return loginError(
                    ErrorKind::HostKey, session, "could not add the host key to " + presented.knownHostsFile);
            }
            spdlog::info("ssh: trusted the new host key of {} ({})", presented.host, presented.fingerprint);
            return presented;
        }
        return Error{.kind = ErrorKind::HostKey,
            .message = presented.host + " is not a known host: its " + presented.keyType + " key is " +
                presented.fingerprint + ". Check it with the server's admin, then accept it.",
            .detail = presented.knownHostsLine};
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return loginError(ErrorKind::HostKey, session, "could not check the host key against " + presented.knownHostsFile);
}

Result<Done> authenticate(ssh_session session, const SshTarget& target)
{
    // The agent's keys first, then every IdentityFile (the profile's, the config's, ~/.ssh/id_*); encrypted
    // keys ask through the auth callback.
    const int result = ssh_userauth_publickey_auto(session, nullptr, nullptr);
    if (result == SSH_AUTH_SUCCESS) {
        return Done{};
    }
    if (result == SSH_AUTH_ERROR) {
        return loginError(ErrorKind::Network, session, "SSH login to " + target.host + " failed");
    }
    char* user = nullptr;
    ssh_options_get(session, SSH_OPTIONS_USER, &user);
    const CharPtr userName(user);
    return Error{.kind = ErrorKind::Auth,
        .message = "the server accepted none of the keys for " + std::string(userName ? userName.get() : "?") + "@" +
            target.host + " (tried the agent" + (target.identityFile.empty() ? "" : ", " + target.identityFile) +
            " and ~/.ssh/id_*)"};
}

} // namespace

void SessionDeleter::operator()(ssh_session session) const
{
    ssh_disconnect(session);
    ssh_free(session);
}

Result<Login> logIn(const SshTarget& target, const SshPrompts& prompts, const SshOptions& options)
{
    if (target.host.empty()) {
        return Error{.kind = ErrorKind::Validation, .message = "no SSH host set for this stack"};
    }
    SessionPtr session(ssh_new());
    if (!session) {
        return Error{.kind = ErrorKind::Network, .message = "could not create an SSH session"};
    }
    if (auto applied = applyOptions(session.get(), target, options); !applied) {
        return applied.error();
    }
    auto callbacks = std::make_unique<ssh_callbacks_struct>();
    callbacks->userdata = const_cast<SshPrompts*>(&prompts);
    callbacks->auth_function = askPassphrase;
    ssh_callbacks_init(callbacks.get());
    ssh_set_callbacks(session.get(), callbacks.get());

    if (ssh_connect(session.get()) != SSH_OK) {
        const std::string why = ssh_get_error(session.get());
        const auto kind = why.find("imeout") != std::string::npos ? ErrorKind::Timeout : ErrorKind::Network;
        return Error{.kind = kind, .message = "could not connect to " + target.host + " over SSH: " + why};
    }
    limitUnacknowledgedTime(session.get(), options);
    auto hostKey = checkHostKey(session.get(), prompts);
    if (!hostKey) {
        return hostKey.error();
    }
    if (auto authenticated = authenticate(session.get(), target); !authenticated) {
        return authenticated.error();
    }
    return Login{std::move(callbacks), std::move(session), std::move(hostKey).value()};
}

} // namespace ragdesk::client::ssh
