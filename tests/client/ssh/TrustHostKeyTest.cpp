// trustHostKey: the known_hosts line a person accepted, appended once, next to what the file held.
#include "LocalShell.h"
#include "ragdesk/client/ssh/HostKey.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using ragdesk::client::ErrorKind;
using ragdesk::client::ssh::HostKeyInfo;
using ragdesk::client::ssh::trustHostKey;
using ragdesk::test::readFile;
using ragdesk::test::TempDir;

namespace {

HostKeyInfo keyIn(const std::filesystem::path& file)
{
    return HostKeyInfo{.host = "[127.0.0.1]:2222",
        .keyType = "ssh-ed25519",
        .fingerprint = "SHA256:abc",
        .knownHostsLine = "[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample",
        .knownHostsFile = file.string()};
}

} // namespace

TEST(TrustHostKey, MakesTheFileAndItsPrivateDirectory)
{
    TempDir dir;
    const auto file = dir.path() / "ssh" / "known_hosts";
    ASSERT_TRUE(trustHostKey(keyIn(file)));
    EXPECT_EQ(readFile(file), keyIn(file).knownHostsLine + "\n");
    EXPECT_EQ(std::filesystem::status(file.parent_path()).permissions() & std::filesystem::perms::all,
        std::filesystem::perms::owner_all);
}

TEST(TrustHostKey, AppendsOnceAfterWhatTheFileHeld)
{
    TempDir dir;
    const auto file = dir.path() / "known_hosts";
    std::ofstream(file, std::ios::binary) << "other.example ssh-ed25519 AAAAother"; // no newline at the end
    ASSERT_TRUE(trustHostKey(keyIn(file)));
    ASSERT_TRUE(trustHostKey(keyIn(file)));
    EXPECT_EQ(readFile(file), "other.example ssh-ed25519 AAAAother\n" + keyIn(file).knownHostsLine + "\n");
}

TEST(TrustHostKey, ALineThatWouldAddAnotherIsRefused)
{
    TempDir dir;
    HostKeyInfo key = keyIn(dir.path() / "known_hosts");
    key.knownHostsLine += "\nevil.example ssh-ed25519 AAAAevil";
    const auto refused = trustHostKey(key);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::HostKey);
    EXPECT_FALSE(std::filesystem::exists(key.knownHostsFile));
}
