#include "ragdesk/client/common/StackProfile.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <fstream>
#include <sstream>
#include <system_error>

namespace ragdesk::client {
namespace {

using nlohmann::json;

std::string trimmedUrl(std::string url)
{
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

std::string envOr(const EnvLookup& env, const char* name, std::string fallback)
{
    const char* value = env(name);
    return value && *value ? std::string(value) : std::move(fallback);
}

std::optional<std::uint16_t> parsePort(std::string_view text)
{
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

Error fileError(const std::filesystem::path& file, const std::string& what)
{
    return Error{ErrorKind::Protocol, 0, file.string() + ": " + what, {}, {}};
}

StackProfile profileFromJson(const json& item)
{
    StackProfile profile;
    profile.name = item.at("name").get<std::string>();
    profile.apiUrl = trimmedUrl(item.value("api_url", std::string()));
    profile.apiEmail = item.value("api_email", std::string());
    profile.allowInsecureHttp = item.value("allow_insecure_http", false);
    if (const auto ssh = item.find("ssh"); ssh != item.end() && ssh->is_object()) {
        profile.sshHost = ssh->value("host", std::string());
        profile.sshPort = ssh->value("port", std::uint16_t{22});
        profile.sshUser = ssh->value("user", std::string());
        profile.sshKeyPath = ssh->value("key", std::string());
        profile.sshKnownHostsFile = ssh->value("known_hosts", std::string());
        profile.stackDir = ssh->value("stack_dir", std::string());
        profile.composeProject = ssh->value("compose_project", std::string());
    }
    if (const auto tls = item.find("tls"); tls != item.end() && tls->is_object()) {
        profile.caFile = tls->value("ca_file", std::string());
        profile.pinnedPublicKey = tls->value("pinned_key", std::string());
    }
    return profile;
}

json profileToJson(const StackProfile& profile)
{
    json item{{"name", profile.name}, {"api_url", profile.apiUrl}, {"api_email", profile.apiEmail},
        {"ssh",
            {{"host", profile.sshHost}, {"port", profile.sshPort}, {"user", profile.sshUser},
                {"key", profile.sshKeyPath}, {"known_hosts", profile.sshKnownHostsFile},
                {"stack_dir", profile.stackDir}, {"compose_project", profile.composeProject}}},
        {"tls", {{"ca_file", profile.caFile}, {"pinned_key", profile.pinnedPublicKey}}}};
    if (profile.allowInsecureHttp) {
        item["allow_insecure_http"] = true; // written only when set, so it stands out in the file
    }
    return item;
}

} // namespace

Result<Done> checkStackProfile(const StackProfile& profile)
{
    std::vector<FieldError> bad;
    const auto blank = [](const std::string& text) { return text.find_first_not_of(" \t") == std::string::npos; };
    if (blank(profile.name)) {
        bad.push_back({"name", "a stack needs a name"});
    }
    const std::string_view url = profile.apiUrl;
    const size_t scheme = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
    if (scheme == 0 || url.size() == scheme) {
        bad.push_back({"api_url", "the API's address starts with https:// (or http://) and names a host"});
    } else if (profile.apiUrl.find_first_of(" \t\r\n") != std::string::npos) {
        bad.push_back({"api_url", "an address has no spaces"});
    }
    if (!profile.apiEmail.empty()) {
        const auto at = profile.apiEmail.find('@');
        if (at == std::string::npos || at == 0 || at + 1 == profile.apiEmail.size() ||
            profile.apiEmail.find_first_of(" \t") != std::string::npos) {
            bad.push_back({"api_email", "not an e-mail address"});
        }
    }
    if (!profile.sshHost.empty() && profile.sshUser.empty()) {
        bad.push_back({"ssh.user", "SSH needs a user to log in as"});
    }
    if (profile.sshHost.empty() && (!profile.sshUser.empty() || !profile.stackDir.empty())) {
        bad.push_back({"ssh.host", "the VPS's host name or address"});
    }
    if (!profile.stackDir.empty() && !profile.stackDir.starts_with('/')) {
        bad.push_back({"ssh.stack_dir", "an absolute path on the VPS, e.g. /srv/minirag"});
    }
    if (bad.empty()) {
        return Done{};
    }
    std::string message = "the stack's profile is incomplete:";
    for (const FieldError& field : bad) {
        message += " " + field.field + " (" + field.message + ")";
    }
    return Error{.kind = ErrorKind::Validation, .message = message, .fieldErrors = std::move(bad)};
}

std::optional<StackProfile> stackProfileFromEnvironment(const EnvLookup& env)
{
    const std::string apiUrl = envOr(env, "RAGDESK_API_URL", {});
    if (apiUrl.empty()) {
        return std::nullopt;
    }
    StackProfile profile;
    profile.name = "environment";
    profile.apiUrl = trimmedUrl(apiUrl);
    profile.apiEmail = envOr(env, "RAGDESK_EMAIL", {});
    profile.sshHost = envOr(env, "RAGDESK_SSH_HOST", {});
    profile.sshPort = parsePort(envOr(env, "RAGDESK_SSH_PORT", "22")).value_or(22);
    profile.sshUser = envOr(env, "RAGDESK_SSH_USER", {});
    profile.sshKeyPath = envOr(env, "RAGDESK_SSH_KEY", {});
    profile.sshKnownHostsFile = envOr(env, "RAGDESK_KNOWN_HOSTS", {});
    profile.stackDir = envOr(env, "RAGDESK_STACK_DIR", {});
    profile.composeProject = envOr(env, "RAGDESK_COMPOSE_PROJECT", {});
    profile.caFile = envOr(env, "RAGDESK_CA_FILE", {});
    profile.pinnedPublicKey = envOr(env, "RAGDESK_PINNED_KEY", {});
    profile.allowInsecureHttp = envOr(env, "RAGDESK_ALLOW_INSECURE_HTTP", {}) == "1";
    return profile;
}

std::filesystem::path defaultStackConfigPath(const EnvLookup& env)
{
    std::filesystem::path base = envOr(env, "XDG_CONFIG_HOME", {});
    if (base.empty() || base.is_relative()) {
        base = std::filesystem::path(envOr(env, "HOME", "/")) / ".config";
    }
    return base / "ragdesk" / "stacks.json";
}

Result<std::vector<StackProfile>> StackProfileStore::load(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) {
            return std::vector<StackProfile>{};
        }
        return fileError(file, "cannot be read");
    }
    const json document = json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object()) {
        return fileError(file, "is not a JSON object");
    }
    std::vector<StackProfile> profiles;
    try {
        for (const json& item : document.value("stacks", json::array())) {
            profiles.push_back(profileFromJson(item));
        }
    } catch (const json::exception& e) {
        return fileError(file, std::string("has an invalid stack entry: ") + e.what());
    }
    return profiles;
}

Result<Done> StackProfileStore::save(const std::filesystem::path& file, const std::vector<StackProfile>& profiles)
{
    json stacks = json::array();
    for (const StackProfile& profile : profiles) {
        stacks.push_back(profileToJson(profile));
    }
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    const std::filesystem::path temporary = file.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << json{{"stacks", stacks}}.dump(2) << '\n';
        if (!out.flush()) {
            return fileError(temporary, "cannot be written");
        }
    }
    std::filesystem::rename(temporary, file, ec);
    if (ec) {
        return fileError(file, "cannot be replaced: " + ec.message());
    }
    return Done{};
}

} // namespace ragdesk::client
