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
    const std::vector<StackProfile> profiles{{"prod", "https://rag.example.com", "vps.example.com", 2222, "deploy",
                                                 "/home/me/.ssh/id_ed25519", "/etc/ragdesk/prod-ca.pem", ""},
        {"staging", "http://127.0.0.1:8080", "", 22, "", "", "", "sha256//abc="}};
    ASSERT_TRUE(StackProfileStore::save(file, profiles));
    const auto loaded = StackProfileStore::load(file);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(*loaded, profiles);
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".tmp"));
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
    const auto profile = ragdesk::client::stackProfileFromEnvironment(
        envOf({{"RAGDESK_API_URL", "http://127.0.0.1:18080/"}, {"RAGDESK_SSH_HOST", "127.0.0.1"},
            {"RAGDESK_SSH_PORT", "2201"}, {"RAGDESK_SSH_USER", "deploy"}, {"RAGDESK_SSH_KEY", "/state/id_ed25519"}}));
    ASSERT_TRUE(profile.has_value());
    EXPECT_EQ(profile->name, "environment");
    EXPECT_EQ(profile->apiUrl, "http://127.0.0.1:18080");
    EXPECT_EQ(profile->sshPort, 2201);
    EXPECT_EQ(profile->sshUser, "deploy");
    EXPECT_EQ(profile->sshKeyPath, "/state/id_ed25519");
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
