// ssh::downloadFile against the devstack's real OpenSSH sshd (internal-sftp), ctest label "devstack". The "server"
// is this machine: files made on it through SSH are read back here directly to compare bytes.
#include "DevstackSsh.h"
#include "LocalShell.h"

#include "ragdesk/client/ssh/SftpDownload.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

using ragdesk::client::CancelSource;
using ragdesk::client::ErrorKind;
using ragdesk::client::ssh::downloadFile;
using ragdesk::client::ssh::DownloadRequest;
using ragdesk::client::ssh::remoteSha256;
using ragdesk::client::ssh::SshConnection;
using ragdesk::test::devstackEnv;
using ragdesk::test::devstackSshTarget;
using ragdesk::test::readFile;
using ragdesk::test::runLocal;
using ragdesk::test::TempDir;

namespace {

constexpr std::uint64_t fileBytes = 40ull << 20;
constexpr std::uint64_t cutAtBytes = 10ull << 20;

std::uint64_t sizeOr0(const std::filesystem::path& path)
{
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    return error ? 0 : size;
}

std::filesystem::path partOf(const std::filesystem::path& path)
{
    return path.string() + ".part";
}

/// A download that calls `cut` once, right after the read that brings `.part` to cutAtBytes (progress is reported
/// after every read).
DownloadRequest cutAt(const std::string& remotePath, const std::filesystem::path& local, std::function<void()> cut)
{
    DownloadRequest request{.remotePath = remotePath, .localPath = local};
    request.progressInterval = std::chrono::milliseconds(0);
    request.onProgress = [cut = std::move(cut), called = false](std::uint64_t written, std::uint64_t) mutable {
        if (!called && written >= cutAtBytes) {
            called = true;
            cut();
        }
    };
    return request;
}

/// A download cancelled through its token once cutAtBytes are on disk.
DownloadRequest cancelledAtCut(const std::string& remotePath, const std::filesystem::path& local, CancelSource& stop)
{
    DownloadRequest request = cutAt(remotePath, local, [&stop] { stop.request_stop(); });
    request.cancel = stop.get_token();
    return request;
}

/// A file of random bytes on the server, made and removed by the deploy login itself.
class RemoteFile {
public:
    RemoteFile(SshConnection& ssh, std::uint64_t size) : m_ssh(ssh)
    {
        static std::atomic<int> counter{0};
        m_path = "/tmp/ragdesk-sftp-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
        replace(size);
    }
    ~RemoteFile() { (void)m_ssh.run({.argv = {"rm", "-f", "--", m_path}}); }
    RemoteFile(const RemoteFile&) = delete;
    RemoteFile& operator=(const RemoteFile&) = delete;

    /// New random content of this size under the same name.
    void replace(std::uint64_t size)
    {
        const auto made =
            m_ssh.run({.argv = {"sh", "-c", "head -c " + std::to_string(size) + " /dev/urandom > \"$0\"", m_path}});
        ASSERT_TRUE(made) << made.error().message;
        ASSERT_EQ(made->exitStatus, 0) << made->err;
    }
    const std::string& path() const { return m_path; }
    /// The bytes as they are on the server's disk (root on this machine reads them directly).
    std::string content() const { return readFile(m_path); }

private:
    SshConnection& m_ssh;
    std::string m_path;
};

/// The pids of the sshd processes (the root "[priv]" monitor and the user's session) at the server end of this test
/// process's SSH connections, from the socket tables.
std::set<int> sshdProcessesOfOurConnections()
{
    const std::string port = devstackEnv("RAGDESK_SSH_PORT");
    const std::string ourPid = "pid=" + std::to_string(::getpid()) + ",";
    std::set<std::string> ourPorts;
    std::istringstream clients(runLocal("ss -tnpH state established '( dport = :" + port + " )'"));
    for (std::string line; std::getline(clients, line);) {
        std::istringstream fields(line);
        std::string receiveQueue, sendQueue, local;
        fields >> receiveQueue >> sendQueue >> local;
        if (line.find(ourPid) != std::string::npos) {
            ourPorts.insert(local.substr(local.rfind(':') + 1));
        }
    }
    std::set<int> pids;
    std::istringstream servers(runLocal("ss -tnpH state established '( sport = :" + port + " )'"));
    for (std::string line; std::getline(servers, line);) {
        std::istringstream fields(line);
        std::string receiveQueue, sendQueue, local, peer;
        fields >> receiveQueue >> sendQueue >> local >> peer;
        if (ourPorts.count(peer.substr(peer.rfind(':') + 1)) == 0) {
            continue;
        }
        for (auto at = line.find("pid="); at != std::string::npos; at = line.find("pid=", at + 4)) {
            pids.insert(std::stoi(line.substr(at + 4)));
        }
    }
    return pids;
}

/// What the download tests start from: a random file of fileBytes on the server, its bytes as root reads them,
/// and where it goes here.
struct DownloadCase {
    SshConnection ssh{devstackSshTarget()};
    RemoteFile remote{ssh, fileBytes};
    const std::string original = remote.content();
    TempDir dir;
    const std::filesystem::path local = dir.path() / "backup.bin";
    const std::filesystem::path part = partOf(local);
};

void expectValidPrefix(const std::filesystem::path& part, const std::string& original)
{
    const std::string prefix = readFile(part);
    ASSERT_GT(prefix.size(), 0u);
    ASSERT_LT(prefix.size(), original.size());
    EXPECT_TRUE(original.compare(0, prefix.size(), prefix) == 0) << "the first " << prefix.size() << " bytes differ";
}

} // namespace

TEST(Devstack, SftpDownloadIsCompleteAndMatchesTheServersSha256)
{
    SshConnection ssh(devstackSshTarget());
    RemoteFile remote(ssh, fileBytes);
    TempDir dir;
    const std::filesystem::path local = dir.path() / "backup.bin";
    std::vector<std::pair<std::uint64_t, std::uint64_t>> progress;
    const auto started = std::chrono::steady_clock::now();
    const auto result = downloadFile(devstackSshTarget(), {},
        {.remotePath = remote.path(), .localPath = local, .onProgress = [&](std::uint64_t done, std::uint64_t total) {
             progress.emplace_back(done, total);
         }});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->bytes, fileBytes);
    EXPECT_EQ(result->resumedFrom, 0u);
    EXPECT_TRUE(result->verified);
    EXPECT_TRUE(readFile(local) == remote.content()) << "the downloaded bytes differ from the server's";

    const auto serverSha = remoteSha256(ssh, remote.path());
    ASSERT_TRUE(serverSha) << serverSha.error().message;
    EXPECT_EQ(result->sha256Hex, *serverSha);
    EXPECT_EQ(runLocal("sha256sum < " + local.string()).substr(0, 64), result->sha256Hex);
    // Nothing is left beside the final file.
    EXPECT_FALSE(std::filesystem::exists(partOf(local)));
    EXPECT_FALSE(std::filesystem::exists(local.string() + ".part.meta"));

    ASSERT_GE(progress.size(), 2u);
    EXPECT_EQ(progress.front(), std::make_pair(std::uint64_t{0}, fileBytes));
    EXPECT_EQ(progress.back(), std::make_pair(fileBytes, fileBytes));
    EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
    // At most about 10 a second, plus the first and the last.
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_LE(static_cast<double>(progress.size()), seconds * 10 + 3);
}

TEST(Devstack, SftpCancelledDownloadResumesWhereItStopped)
{
    DownloadCase download;
    auto& [ssh, remote, original, dir, local, part] = download;

    CancelSource stop;
    const auto cancelled = downloadFile(devstackSshTarget(), {}, cancelledAtCut(remote.path(), local, stop));
    ASSERT_FALSE(cancelled);
    EXPECT_EQ(cancelled.error().kind, ErrorKind::Cancelled) << cancelled.error().message;
    EXPECT_FALSE(std::filesystem::exists(local));
    expectValidPrefix(part, original);
    const auto kept = sizeOr0(part);
    EXPECT_GE(kept, cutAtBytes);

    const auto resumed = downloadFile(devstackSshTarget(), {}, {.remotePath = remote.path(), .localPath = local});
    ASSERT_TRUE(resumed) << resumed.error().message;
    EXPECT_EQ(resumed->resumedFrom, kept);
    EXPECT_TRUE(resumed->verified);
    EXPECT_TRUE(readFile(local) == original) << "the resumed download differs from the server's file";
    EXPECT_FALSE(std::filesystem::exists(part));
}

TEST(Devstack, SftpUnverifiedDownloadHashesNothingAndAVerifiedResumeHashesItsPrefix)
{
    DownloadCase download;
    auto& [ssh, remote, original, dir, local, part] = download;

    DownloadRequest plain{.remotePath = remote.path(), .localPath = local};
    plain.verify = false;
    const auto copied = downloadFile(devstackSshTarget(), {}, plain);
    ASSERT_TRUE(copied) << copied.error().message;
    EXPECT_FALSE(copied->verified);
    EXPECT_EQ(copied->sha256Hex, "");
    EXPECT_TRUE(readFile(local) == original) << "the unverified download differs from the server's file";
    std::filesystem::remove(local);

    // A prefix written without hashing, then resumed with verification: the kept bytes are hashed from disk.
    CancelSource stop;
    DownloadRequest cutShort = cancelledAtCut(remote.path(), local, stop);
    cutShort.verify = false;
    const auto cancelled = downloadFile(devstackSshTarget(), {}, cutShort);
    ASSERT_FALSE(cancelled);
    const auto kept = sizeOr0(part);
    const auto resumed = downloadFile(devstackSshTarget(), {}, {.remotePath = remote.path(), .localPath = local});
    ASSERT_TRUE(resumed) << resumed.error().message;
    EXPECT_EQ(resumed->resumedFrom, kept);
    EXPECT_TRUE(resumed->verified);
    EXPECT_EQ(runLocal("sha256sum < " + local.string()).substr(0, 64), resumed->sha256Hex);
}

TEST(Devstack, SftpCutConnectionKeepsAValidPrefixAndResumes)
{
    DownloadCase download;
    auto& [ssh, remote, original, dir, local, part] = download;
    const std::set<int> before = sshdProcessesOfOurConnections();

    // Between two reads, once 10 MiB are on disk, the download's own sshd processes are killed: the link drops with
    // reads in flight, as when a server reboots.
    std::vector<int> killed;
    const auto killOurSshd = [&] {
        std::string pids;
        for (const int pid : sshdProcessesOfOurConnections()) {
            if (before.count(pid) == 0) {
                killed.push_back(pid);
                pids += " " + std::to_string(pid);
            }
        }
        // One kill for both (the monitor and its session child): either may be gone once the other is.
        runLocal("kill -9" + pids + " 2>/dev/null; true");
    };
    const auto cut = downloadFile(devstackSshTarget(), {}, cutAt(remote.path(), local, killOurSshd));
    ASSERT_FALSE(killed.empty()) << "found no sshd process of the download's login";
    ASSERT_FALSE(cut);
    EXPECT_EQ(cut.error().kind, ErrorKind::Network) << cut.error().message;
    EXPECT_FALSE(std::filesystem::exists(local));
    expectValidPrefix(part, original);
    const auto kept = sizeOr0(part);

    const auto resumed = downloadFile(devstackSshTarget(), {}, {.remotePath = remote.path(), .localPath = local});
    ASSERT_TRUE(resumed) << resumed.error().message;
    EXPECT_EQ(resumed->resumedFrom, kept);
    EXPECT_GT(resumed->resumedFrom, 0u);
    EXPECT_TRUE(resumed->verified);
    EXPECT_TRUE(readFile(local) == original) << "the resumed download differs from the server's file";
}

TEST(Devstack, SftpChangedRemoteFileStartsOver)
{
    DownloadCase download;
    auto& [ssh, remote, original, dir, local, part] = download;
    CancelSource stop;
    const auto cancelled = downloadFile(devstackSshTarget(), {}, cancelledAtCut(remote.path(), local, stop));
    ASSERT_FALSE(cancelled);
    ASSERT_GE(sizeOr0(part), cutAtBytes);

    remote.replace(fileBytes - 12345);
    const auto fresh = downloadFile(devstackSshTarget(), {}, {.remotePath = remote.path(), .localPath = local});
    ASSERT_TRUE(fresh) << fresh.error().message;
    EXPECT_EQ(fresh->resumedFrom, 0u);
    EXPECT_EQ(fresh->bytes, fileBytes - 12345);
    EXPECT_TRUE(readFile(local) == remote.content()) << "the download is not the new content";
}

TEST(Devstack, SftpReadsLargerThanTheServerAllowsLeaveNoHole)
{
    // OpenSSH's sftp-server answers at most 255 KiB per read: asking for 1 MiB gets short answers, whose rest is
    // asked for again while later answers wait.
    SshConnection ssh(devstackSshTarget());
    RemoteFile remote(ssh, 5 * 1024 * 1024 + 777);
    TempDir dir;
    const std::filesystem::path local = dir.path() / "backup.bin";
    const auto result = downloadFile(devstackSshTarget(), {},
        {.remotePath = remote.path(), .localPath = local, .chunkBytes = std::size_t{1} << 20, .inFlight = 4});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(result->verified);
    EXPECT_TRUE(readFile(local) == remote.content()) << "the downloaded bytes differ from the server's";
}

TEST(Devstack, SftpEmptyRemoteFileDownloads)
{
    SshConnection ssh(devstackSshTarget());
    RemoteFile remote(ssh, 0);
    TempDir dir;
    const auto result = downloadFile(devstackSshTarget(), {}, {.remotePath = remote.path(), .localPath = dir / "e"});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->bytes, 0u);
    EXPECT_TRUE(result->verified);
    EXPECT_EQ(result->sha256Hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_TRUE(std::filesystem::exists(dir / "e"));
}

TEST(Devstack, SftpMissingRemoteFileIsNotFound)
{
    SshConnection ssh(devstackSshTarget());
    TempDir dir;
    const std::string missing = "/tmp/ragdesk-sftp-test-missing-" + std::to_string(::getpid());
    const auto result = downloadFile(devstackSshTarget(), {}, {.remotePath = missing, .localPath = dir / "x"});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::NotFound) << result.error().message;
    EXPECT_NE(result.error().message.find(missing), std::string::npos) << result.error().message;
    EXPECT_FALSE(std::filesystem::exists(dir / "x.part"));

    const auto sha = remoteSha256(ssh, missing);
    ASSERT_FALSE(sha);
    EXPECT_EQ(sha.error().kind, ErrorKind::NotFound) << sha.error().message;
}

TEST(Devstack, SftpUnreadableRemoteFileIsForbidden)
{
    SshConnection ssh(devstackSshTarget());
    RemoteFile remote(ssh, 1000);
    const auto locked = ssh.run({.argv = {"chmod", "000", remote.path()}});
    ASSERT_TRUE(locked && locked->succeeded());
    TempDir dir;
    const auto result = downloadFile(devstackSshTarget(), {}, {.remotePath = remote.path(), .localPath = dir / "x"});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Forbidden) << result.error().message;
    EXPECT_NE(result.error().message.find(remote.path()), std::string::npos) << result.error().message;
}

TEST(Devstack, SftpLocalErrorsNameTheLocalPath)
{
    SshConnection ssh(devstackSshTarget());
    RemoteFile remote(ssh, 1000);
    TempDir dir;
    const auto noFolder =
        downloadFile(devstackSshTarget(), {}, {.remotePath = remote.path(), .localPath = dir.path() / "missing" / "x"});
    ASSERT_FALSE(noFolder);
    EXPECT_EQ(noFolder.error().kind, ErrorKind::Validation);
    EXPECT_NE(noFolder.error().message.find(dir / "missing"), std::string::npos) << noFolder.error().message;

    const auto directory = downloadFile(devstackSshTarget(), {}, {.remotePath = "/tmp", .localPath = dir / "x"});
    ASSERT_FALSE(directory);
    EXPECT_EQ(directory.error().kind, ErrorKind::Validation) << directory.error().message;
}
