#pragma once

#include "ragdesk/client/common/Result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ragdesk::client {

/// How to reach one deployed stack: its public API and the SSH login on its VPS. Holds no secrets.
struct StackProfile {
    std::string name;
    std::string apiUrl; ///< base URL without a trailing slash, e.g. "https://rag.example.com"
    /// The e-mail to sign in with (its password is in the OS keychain); empty: a tenant API token, if any, is used.
    std::string apiEmail;
    std::string sshHost;
    std::uint16_t sshPort = 22;
    std::string sshUser;
    std::string sshKeyPath; ///< empty: the agent and the keys ~/.ssh/config names
    std::string sshKnownHostsFile; ///< empty: ~/.ssh/known_hosts
    std::string stackDir; ///< the compose project's directory on the VPS, e.g. "/srv/minirag"
    std::string composeProject; ///< empty: found from the stack directory
    std::string caFile; ///< extra CA bundle to trust for a self-signed API (not a secret)
    std::string pinnedPublicKey; ///< or the API's pinned key, "sha256//<base64>"
    /// An `http://` API URL to a host other than this machine sends tokens and passwords in clear: refused unless
    /// this says the operator means it ("allow_insecure_http": true); the app then marks the stack in red.
    bool allowInsecureHttp = false;

    bool operator==(const StackProfile&) const = default;
};

/// Checks a profile before it is saved: a name, an http(s) API URL, an e-mail that looks like one, SSH fields that
/// make a login (a host needs a user), a stack directory given as an absolute path. A Validation error lists each
/// bad field by its stacks.json key ("name", "api_url", "api_email", "ssh.host", "ssh.user", "ssh.stack_dir").
Result<Done> checkStackProfile(const StackProfile& profile);

/// Reads an environment variable; returns nullptr when unset. Passed in so the client never reads globals itself.
using EnvLookup = std::function<const char*(const char*)>;

/// The stack the environment describes (RAGDESK_API_URL, RAGDESK_EMAIL, RAGDESK_SSH_*, RAGDESK_KNOWN_HOSTS,
/// RAGDESK_STACK_DIR, RAGDESK_COMPOSE_PROJECT as `devstack env` prints them, RAGDESK_CA_FILE / RAGDESK_PINNED_KEY, and
/// RAGDESK_ALLOW_INSECURE_HTTP=1), named
/// "environment"; nullopt when RAGDESK_API_URL is unset.
std::optional<StackProfile> stackProfileFromEnvironment(const EnvLookup& env);

/// $XDG_CONFIG_HOME/ragdesk/stacks.json, falling back to $HOME/.config as the XDG spec says.
std::filesystem::path defaultStackConfigPath(const EnvLookup& env);

/// Loads and saves the stack list shared by ragdesk and ragctl (a JSON file, no secrets in it).
class StackProfileStore {
public:
    /// A missing file is an empty list; an unreadable or malformed one is an error naming the file.
    static Result<std::vector<StackProfile>> load(const std::filesystem::path& file);
    /// Writes through a temporary file and a rename, so a crash never leaves half a file.
    static Result<Done> save(const std::filesystem::path& file, const std::vector<StackProfile>& profiles);
};

} // namespace ragdesk::client
