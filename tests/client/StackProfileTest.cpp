#include "ragdesk/client/common/StackProfile.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>

using ragdesk::client::ErrorKind;
using ragdesk::client::StackProfile;
using ragdesk::client::StackProfileStore;

namespace {

class TempDir {
public:
    TempDir()
    {
        char pattern[] = "/tmp/ragdesk-test-XXXXXX";
        m_path = mkdtemp(pattern);
    }
    ~TempDir() { std::filesystem::remove_all(m_path); }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

ragdesk::client::EnvLookup envOf(const std::map<std::string, std::string>& vars)
{
    return [vars](const char* name) -> const char* {
        const auto it = vars.find(name);
        return it == vars.end() ? nullptr : it->second.c_str();
    };
}

} // namespace

TEST(StackProfileStore, SavedProfilesLoadBackEqual)
{
    TempDir dir;
    const auto file = dir.path() / "nested" / "stacks.json";
    StackProfile prod{.name = "prod",
        .apiUrl = "https://rag.example.com",
        .apiEmail = "ops@example.com",
        .sshHost = "vps.example.com",
        .sshPort = 2222,
        .sshUser = "deploy",
        .sshKeyPath = "/home/me/.ssh/id_ed25519",
        .sshKnownHostsFile = "/home/me/.ssh/known_hosts.prod",
        .stackDir = "/srv/minirag",
        .composeProject = "minirag"};
    prod.caFile = "/etc/ragdesk/prod-ca.pem";
    StackProfile staging{.name = "staging", .apiUrl = "http://127.0.0.1:8080"};
    staging.pinnedPublicKey = "sha256//abc=";
    const std::vector<StackProfile> profiles{prod, staging};
    ASSERT_TRUE(StackProfileStore::save(file, profiles));
    const auto loaded = StackProfileStore::load(file);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(*loaded, profiles);
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".tmp"));
}

TEST(StackProfileStore, InsecureHttpConsentIsKeptAndStandsOutInTheFile)
{
    TempDir dir;
    const auto file = dir.path() / "stacks.json";
    StackProfile lab{.name = "lab", .apiUrl = "http://10.0.0.5:8000", .apiEmail = "ops@example.com"};
    lab.allowInsecureHttp = true;
    const std::vector<StackProfile> profiles{lab, {.name = "prod", .apiUrl = "https://rag.example.com"}};
    ASSERT_TRUE(StackProfileStore::save(file, profiles));
    const auto loaded = StackProfileStore::load(file);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(*loaded, profiles);
    std::ifstream in(file);
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    EXPECT_EQ(text.find("allow_insecure_http"), text.rfind("allow_insecure_http")) << "written for one stack only";
    EXPECT_NE(text.find("\"allow_insecure_http\": true"), std::string::npos) << text;
}

TEST(StackProfileStore, MissingFileIsAnEmptyList)
{
    TempDir dir;
    const auto loaded = StackProfileStore::load(dir.path() / "absent.json");
    ASSERT_TRUE(loaded);
    EXPECT_TRUE(loaded->empty());
}

TEST(StackProfileStore, MalformedFileIsAnErrorNamingTheFile)
{
    TempDir dir;
    const auto file = dir.path() / "stacks.json";
    for (const char* text : {"{not json", R"({"stacks":[{"api_url":"http://x"}]})", "[1,2]"}) {
        std::ofstream(file) << text;
        const auto loaded = StackProfileStore::load(file);
        ASSERT_FALSE(loaded) << text;
        EXPECT_EQ(loaded.error().kind, ErrorKind::Protocol);
        EXPECT_NE(loaded.error().message.find(file.string()), std::string::npos) << loaded.error().message;
    }
}

TEST(StackProfileEnvironment, ReadsWhatDevstackEnvExports)
{
    const auto profile =
        ragdesk::client::stackProfileFromEnvironment(envOf({{"RAGDESK_API_URL", "http://127.0.0.1:18080/"},
            {"RAGDESK_SSH_HOST", "127.0.0.1"}, {"RAGDESK_SSH_PORT", "2201"}, {"RAGDESK_SSH_USER", "deploy"},
            {"RAGDESK_SSH_KEY", "/state/id_ed25519"}, {"RAGDESK_EMAIL", "owner@acme.test"}}));
    ASSERT_TRUE(profile.has_value());
    EXPECT_EQ(profile->name, "environment");
    EXPECT_EQ(profile->apiUrl, "http://127.0.0.1:18080");
    EXPECT_EQ(profile->sshPort, 2201);
    EXPECT_EQ(profile->sshUser, "deploy");
    EXPECT_EQ(profile->sshKeyPath, "/state/id_ed25519");
    EXPECT_EQ(profile->apiEmail, "owner@acme.test");
}

TEST(StackProfileEnvironment, NoApiUrlMeansNoProfileAndBadPortsFallBackTo22)
{
    EXPECT_FALSE(ragdesk::client::stackProfileFromEnvironment(envOf({{"RAGDESK_SSH_HOST", "h"}})).has_value());
    const auto profile = ragdesk::client::stackProfileFromEnvironment(
        envOf({{"RAGDESK_API_URL", "http://h"}, {"RAGDESK_SSH_PORT", "99999"}}));
    ASSERT_TRUE(profile.has_value());
    EXPECT_EQ(profile->sshPort, 22);
}

TEST(StackProfileEnvironment, ConfigPathFollowsXdgWithHomeFallback)
{
    using ragdesk::client::defaultStackConfigPath;
    EXPECT_EQ(
        defaultStackConfigPath(envOf({{"XDG_CONFIG_HOME", "/cfg"}, {"HOME", "/home/a"}})), "/cfg/ragdesk/stacks.json");
    EXPECT_EQ(defaultStackConfigPath(envOf({{"XDG_CONFIG_HOME", "relative"}, {"HOME", "/home/a"}})),
        "/home/a/.config/ragdesk/stacks.json");
    EXPECT_EQ(defaultStackConfigPath(envOf({{"HOME", "/home/a"}})), "/home/a/.config/ragdesk/stacks.json");
}

TEST(StackProfileCheck, ACompleteProfilePassesAndEachBadFieldIsNamed)
{
    const StackProfile good{.name = "prod",
        .apiUrl = "https://rag.example.com",
        .apiEmail = "ops@example.com",
        .sshHost = "vps",
        .sshUser = "deploy",
        .stackDir = "/srv/minirag"};
    EXPECT_TRUE(ragdesk::client::checkStackProfile(good));
    EXPECT_TRUE(ragdesk::client::checkStackProfile({.name = "api only", .apiUrl = "http://127.0.0.1:8080"}));

    const auto fieldsOf = [](const StackProfile& profile) {
        std::vector<std::string> fields;
        const auto checked = ragdesk::client::checkStackProfile(profile);
        if (!checked) {
            EXPECT_EQ(checked.error().kind, ErrorKind::Validation);
            for (const auto& field : checked.error().fieldErrors) {
                fields.push_back(field.field);
            }
        }
        return fields;
    };
    EXPECT_EQ(fieldsOf({.name = " ", .apiUrl = "rag.example.com"}), (std::vector<std::string>{"name", "api_url"}));
    EXPECT_EQ(fieldsOf({.name = "x", .apiUrl = "https://"}), std::vector<std::string>{"api_url"});
    EXPECT_EQ(fieldsOf({.name = "x", .apiUrl = "https://a b"}), std::vector<std::string>{"api_url"});
    EXPECT_EQ(fieldsOf({.name = "x", .apiUrl = "https://a", .apiEmail = "ops"}), std::vector<std::string>{"api_email"});
    EXPECT_EQ(fieldsOf({.name = "x", .apiUrl = "https://a", .sshHost = "vps"}), std::vector<std::string>{"ssh.user"});
    EXPECT_EQ(fieldsOf({.name = "x", .apiUrl = "https://a", .sshHost = "vps", .sshUser = "d", .stackDir = "srv"}),
        std::vector<std::string>{"ssh.stack_dir"});
    EXPECT_EQ(fieldsOf({.name = "x", .apiUrl = "https://a", .sshUser = "d"}), std::vector<std::string>{"ssh.host"});
}
