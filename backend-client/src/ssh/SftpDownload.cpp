#include "ragdesk/client/ssh/SftpDownload.h"

#include "SshLogin.h"

#include <libssh/sftp.h>
#include <openssl/evp.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

namespace ragdesk::client::ssh {

namespace {

using Clock = std::chrono::steady_clock;

/// Bounds for DownloadRequest::chunkBytes. A server that answers less than asked (OpenSSH: 255 KiB) is asked for
/// what it answered from then on.
constexpr std::size_t maxChunkBytes = std::size_t{1} << 20;
constexpr std::size_t minChunkBytes = 1024;
constexpr std::uint64_t writebackBytes = 8 << 20;
/// libssh's waits on this login cannot be woken from another thread, so a stopped cancel token is seen at the
/// end of the slice: short enough to feel at once, long enough to cost nothing while the server is silent.
constexpr int pollSliceMs = 20;

struct SftpSessionDeleter {
    void operator()(sftp_session sftp) const { sftp_free(sftp); }
};
struct SftpFileDeleter {
    void operator()(sftp_file file) const { sftp_close(file); }
};
struct AttributesDeleter {
    void operator()(sftp_attributes attributes) const { sftp_attributes_free(attributes); }
};
struct ChannelDeleter {
    void operator()(ssh_channel channel) const { ssh_channel_free(channel); }
};
struct DigestDeleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using SftpPtr = std::unique_ptr<sftp_session_struct, SftpSessionDeleter>;
using SftpFilePtr = std::unique_ptr<sftp_file_struct, SftpFileDeleter>;
using AttributesPtr = std::unique_ptr<sftp_attributes_struct, AttributesDeleter>;
using ChannelPtr = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;
using DigestPtr = std::unique_ptr<EVP_MD_CTX, DigestDeleter>;

/// A POSIX file descriptor, closed when it goes.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd = -1) : m_fd(fd) { }
    ~FileDescriptor() { reset(); }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return m_fd; }
    explicit operator bool() const { return m_fd >= 0; }
    /// Closes now and reports close()'s own error (a write the kernel could not complete shows up here).
    int close()
    {
        const int result = m_fd >= 0 ? ::close(m_fd) : 0;
        m_fd = -1;
        return result;
    }
    void reset(int fd = -1)
    {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = fd;
    }

private:
    int m_fd;
};

std::string hexOf(const unsigned char* bytes, std::size_t size)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex += digits[bytes[i] >> 4];
        hex += digits[bytes[i] & 0x0f];
    }
    return hex;
}

Error localError(const std::filesystem::path& path, const std::string& action, int errorNumber)
{
    return Error{.kind = ErrorKind::Validation,
        .message = "could not " + action + " " + path.string() + ": " + std::strerror(errorNumber)};
}

Result<Done> writeAll(int fd, const char* data, std::size_t size, const std::filesystem::path& path)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return localError(path, "write to", errno);
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    return Done{};
}

/// What `.part.meta` records: `.part` is a prefix of this remote file, as it was when the download began.
struct PartialOrigin {
    std::uint64_t size = 0;
    std::uint64_t mtime = 0;
    std::string server; ///< user@host:port
    std::string remotePath;

    bool operator==(const PartialOrigin&) const = default;
};

constexpr std::string_view metaMagic = "ragdesk-sftp-partial 1";

std::optional<PartialOrigin> readMeta(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string magic;
    std::string numbers;
    PartialOrigin origin;
    if (!std::getline(in, magic) || magic != metaMagic || !std::getline(in, numbers) ||
        !std::getline(in, origin.server)) {
        return std::nullopt;
    }
    std::istringstream parsed(numbers);
    if (!(parsed >> origin.size >> origin.mtime)) {
        return std::nullopt;
    }
    // The path is the rest of the file, verbatim: a remote path may hold newlines.
    origin.remotePath.assign(std::istreambuf_iterator<char>(in), {});
    return origin;
}

Result<Done> writeMeta(const std::filesystem::path& path, const PartialOrigin& origin)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << metaMagic << '\n'
        << origin.size << ' ' << origin.mtime << '\n'
        << origin.server << '\n'
        << origin.remotePath;
    out.close();
    if (!out) {
        return localError(path, "write", errno != 0 ? errno : EIO);
    }
    return Done{};
}

std::filesystem::path withSuffix(const std::filesystem::path& path, const char* suffix)
{
    auto result = path;
    result += suffix;
    return result;
}

std::string serverOf(const SshTarget& target)
{
    return target.user + "@" + target.host + ":" + std::to_string(target.port);
}

/// The server's SHA-256 of a file: OpenSSL's when the server has it, else coreutils' sha256sum (same output format
/// and error texts). The brief asked for sha256sum; OpenSSL hashes 1 GiB in 0.95 s where sha256sum (coreutils 9.1,
/// no SHA-NI code) takes 3.2 s on the bench machine. At the lowest priority: it runs while the server encrypts the
/// transfer and should take only the CPU time left over, as it should beside a production stack (measured on the
/// loopback bench: 0.80 of OpenSSH's speed with `nice -n 19`, 0.76 without).
std::vector<std::string> sha256Argv(const std::string& remotePath)
{
    static constexpr const char* script =
        "if command -v openssl >/dev/null 2>&1; then exec nice -n 19 openssl dgst -sha256 -r -- \"$1\"; fi; "
        "exec nice -n 19 sha256sum -- \"$1\"";
    return {"sh", "-c", script, "sha256", remotePath};
}

/// The hash from sha256Argv's output ("<hex>  <name>" or "<hex> *<name>", with a leading backslash when the name
/// needed escaping), or the error its exit status and stderr describe.
Result<std::string> sha256Result(const CommandResult& result, const std::string& remotePath)
{
    if (!result.succeeded()) {
        if (result.err.find("No such file") != std::string::npos) {
            return Error{.kind = ErrorKind::NotFound,
                .message = "no such file on the server: " + remotePath,
                .detail = result.err};
        }
        if (result.err.find("Permission denied") != std::string::npos) {
            return Error{.kind = ErrorKind::Forbidden,
                .message = "the server refuses to let the login read " + remotePath + " (permission denied)",
                .detail = result.err};
        }
        return remoteFailure("the SHA-256 of " + remotePath, result);
    }
    std::string_view out = result.out;
    if (!out.empty() && out.front() == '\\') {
        out.remove_prefix(1);
    }
    const bool wellFormed = out.size() > 64 && out[64] == ' ' &&
        std::all_of(out.begin(), out.begin() + 64, [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (!wellFormed) {
        return Error{.kind = ErrorKind::Protocol,
            .message = "the server printed no SHA-256 for " + remotePath,
            .detail = result.out};
    }
    std::string hex(out.substr(0, 64));
    std::transform(hex.begin(), hex.end(), hex.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    return hex;
}

/// One download on its own blocking libssh session. Members are in the order libssh needs them torn down: the
/// remote file and checksum channel before the SFTP session, all of them before the login.
class Download {
public:
    Download(const SshTarget& target, const DownloadRequest& request, const SshOptions& options, Login login)
        : m_target(target),
          m_request(request),
          m_login(std::move(login)),
          m_session(m_login.session.get()),
          m_partPath(withSuffix(request.localPath, ".part")),
          m_metaPath(withSuffix(request.localPath, ".part.meta")),
          m_stallBudget(options.keepaliveInterval * std::max(1, options.keepaliveCountMax))
    {
    }

    ~Download()
    {
        if (m_abandon && ssh_is_connected(m_session)) {
            // Closing the remote file waits for the server's answer, which a stalled link never sends and a
            // cancelled one sends only after every read in flight: end the TCP stream first, so the SFTP objects
            // are freed at once (libssh sends with MSG_NOSIGNAL).
            ::shutdown(ssh_get_fd(m_session), SHUT_RDWR);
        }
    }

    Result<DownloadResult> run()
    {
        if (auto opened = openRemote(); !opened) {
            return opened.error();
        }
        if (m_request.verify) {
            if (auto started = startRemoteHash(); !started) {
                return started.error();
            }
        }
        if (auto prepared = preparePart(); !prepared) {
            return prepared.error();
        }
        m_abandon = true;
        reportProgress(true);
        if (auto transferred = transfer(); !transferred) {
            return transferred.error();
        }
        reportProgress(true);
        auto finished = finish();
        if (finished) {
            m_abandon = false;
        }
        return finished;
    }

private:
    std::string where() const { return m_request.remotePath + " on " + m_target.host; }

    bool cancelled() const { return m_request.cancel.stop_requested(); }

    Error cancelledError() const
    {
        return Error{.kind = ErrorKind::Cancelled, .message = "the download of " + where() + " was cancelled"};
    }

    /// What a Cancelled or Network error adds once `.part` holds everything that arrived.
    std::string keptForResume() const
    {
        return " after " + std::to_string(m_written) + " of " + std::to_string(m_size) + " bytes; " +
            m_partPath.string() + " keeps them for a resume";
    }

    /// What a failed libssh or SFTP call means: the link is gone (Network), or the server refused (by SFTP status).
    Error sftpError(const std::string& action) const
    {
        const bool linkLost = !ssh_is_connected(m_session) || ssh_get_error_code(m_session) == SSH_FATAL ||
            (m_sftp && (ssh_channel_is_eof(m_sftp->channel) || ssh_channel_is_closed(m_sftp->channel)));
        const std::string why = ssh_get_error(m_session);
        if (linkLost) {
            return Error{.kind = ErrorKind::Network,
                .message = "the connection to " + m_target.host + " was cut while " + action + " (" + why + ")"};
        }
        switch (m_sftp ? sftp_get_error(m_sftp.get()) : SSH_FX_OK) {
        case SSH_FX_NO_SUCH_FILE:
        case SSH_FX_NO_SUCH_PATH:
            return Error{.kind = ErrorKind::NotFound, .message = "no such file: " + where(), .detail = why};
        case SSH_FX_PERMISSION_DENIED:
            return Error{.kind = ErrorKind::Forbidden,
                .message =
                    m_target.host + " refuses to let the login read " + m_request.remotePath + " (permission denied)",
                .detail = why};
        default:
            return Error{.kind = ErrorKind::Remote, .message = "the server failed " + action + ": " + why};
        }
    }

    Result<Done> openRemote()
    {
        m_sftp.reset(sftp_new(m_session));
        if (!m_sftp) {
            return sftpError("opening an SFTP channel");
        }
        if (sftp_init(m_sftp.get()) != SSH_OK) {
            return sftpError("starting SFTP (is the sftp subsystem enabled in sshd_config?)");
        }
        m_file.reset(sftp_open(m_sftp.get(), m_request.remotePath.c_str(), O_RDONLY, 0));
        if (!m_file) {
            return sftpError("opening " + m_request.remotePath);
        }
        const AttributesPtr attributes(sftp_fstat(m_file.get()));
        if (!attributes) {
            return sftpError("reading the size of " + m_request.remotePath);
        }
        if (attributes->type != SSH_FILEXFER_TYPE_REGULAR) {
            return Error{.kind = ErrorKind::Validation,
                .message = where() + " is not a regular file" +
                    (attributes->type == SSH_FILEXFER_TYPE_DIRECTORY ? " but a directory" : "")};
        }
        if ((attributes->flags & SSH_FILEXFER_ATTR_SIZE) == 0) {
            return Error{.kind = ErrorKind::Protocol, .message = "the server did not tell the size of " + where()};
        }
        m_size = attributes->size;
        m_origin = PartialOrigin{.size = m_size,
            .mtime = (attributes->flags & SSH_FILEXFER_ATTR_ACMODTIME) != 0 ? attributes->mtime : 0,
            .server = serverOf(m_target),
            .remotePath = m_request.remotePath};
        return Done{};
    }

    /// The server's SHA-256 runs on a second channel of this login while the bytes travel; its answer waits in
    /// libssh's channel buffer until finish() reads it.
    Result<Done> startRemoteHash()
    {
        const auto line = shellCommandLine(sha256Argv(m_request.remotePath));
        if (!line) {
            return line.error();
        }
        m_hashChannel.reset(ssh_channel_new(m_session));
        if (!m_hashChannel || ssh_channel_open_session(m_hashChannel.get()) != SSH_OK ||
            ssh_channel_request_exec(m_hashChannel.get(), line->c_str()) != SSH_OK) {
            return Error{.kind = ErrorKind::Remote,
                .message =
                    "could not start a SHA-256 of the file on " + m_target.host + ": " + ssh_get_error(m_session)};
        }
        return Done{};
    }

    /// Decides between resuming `.part` and starting over, opens it for appending and hashes what it keeps.
    Result<Done> preparePart()
    {
        std::error_code error;
        const auto partSize = std::filesystem::file_size(m_partPath, error);
        std::uint64_t keep = 0;
        if (m_request.resume && !error && partSize <= m_size && readMeta(m_metaPath) == m_origin) {
            keep = partSize;
        }
        m_part.reset(::open(m_partPath.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
        if (!m_part) {
            return localError(m_partPath, "create", errno);
        }
        if (m_request.verify) {
            m_digest.reset(EVP_MD_CTX_new());
            if (!m_digest || EVP_DigestInit_ex(m_digest.get(), EVP_sha256(), nullptr) != 1) {
                return Error{.kind = ErrorKind::Protocol, .message = "OpenSSL offers no SHA-256"};
            }
        }
        if (keep == 0) {
            // Truncate before the new sidecar is written: a crash in between must not pair it with old bytes.
            if (::ftruncate(m_part.get(), 0) != 0) {
                return localError(m_partPath, "truncate", errno);
            }
            return writeMeta(m_metaPath, m_origin);
        }
        if (m_digest) {
            if (auto hashed = hashExisting(keep); !hashed) {
                return hashed;
            }
        }
        if (::lseek(m_part.get(), static_cast<off_t>(keep), SEEK_SET) < 0) {
            return localError(m_partPath, "seek in", errno);
        }
        m_resumedFrom = m_written = m_writebackFrom = keep;
        return Done{};
    }

    Result<Done> hashExisting(std::uint64_t size)
    {
        const FileDescriptor in(::open(m_partPath.c_str(), O_RDONLY | O_CLOEXEC));
        if (!in) {
            return localError(m_partPath, "read", errno);
        }
        std::vector<char> buffer(1 << 20);
        for (std::uint64_t done = 0; done < size;) {
            if (cancelled()) {
                auto error = cancelledError();
                error.message += " before it resumed; " + m_partPath.string() + " is kept";
                return error;
            }
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - done));
            const ssize_t got = ::read(in.get(), buffer.data(), want);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got <= 0) {
                return localError(m_partPath, "read", got < 0 ? errno : EIO);
            }
            EVP_DigestUpdate(m_digest.get(), buffer.data(), static_cast<std::size_t>(got));
            done += static_cast<std::uint64_t>(got);
        }
        return Done{};
    }

    /// Keeps `inFlight` reads outstanding and takes their answers in the order they were asked for, which is file
    /// order except after a short read: the missing rest is asked for again at the back of the queue, and answers
    /// beyond it wait in memory until it arrives, so `.part` never has a hole. Whatever happens, every byte received
    /// in order is in `.part` when this returns. All on one thread: handing answers to a writer thread for hashing and
    /// writing cost 0.4-0.8 s more CPU per GiB in wake-ups and was slower on the 2-vCPU bench machine, whose CPUs the
    /// server shares.
    Result<Done> transfer()
    {
        auto received = receive();
        if (!received) {
            auto error = received.error();
            if (error.kind == ErrorKind::Cancelled || error.kind == ErrorKind::Network) {
                error.message += keptForResume();
            }
            return error;
        }
        return Done{};
    }

    Result<Done> receive()
    {
        auto chunk = static_cast<std::uint32_t>(std::clamp(m_request.chunkBytes, minChunkBytes, maxChunkBytes));
        const auto inFlight = static_cast<std::size_t>(std::max(1, m_request.inFlight));
        std::vector<char> buffer(chunk);
        std::uint64_t nextRequest = m_written;
        while (m_written < m_size) {
            if (cancelled()) {
                return cancelledError();
            }
            while (m_pending.size() < inFlight && nextRequest < m_size) {
                const auto length = static_cast<std::uint32_t>(std::min<std::uint64_t>(chunk, m_size - nextRequest));
                if (auto asked = ask(nextRequest, length); !asked) {
                    return asked;
                }
                nextRequest += length;
            }
            if (m_pending.empty()) { // every missing range has a read in flight: this cannot happen
                return Error{.kind = ErrorKind::Protocol, .message = "the download of " + where() + " lost track"};
            }
            if (auto ready = waitForData(); !ready) {
                return ready;
            }
            const Pending head = m_pending.front();
            m_pending.pop_front();
            const int got = sftp_async_read(m_file.get(), buffer.data(), head.length, head.id);
            if (got < 0) {
                return sftpError("reading " + m_request.remotePath);
            }
            if (got == 0) {
                return Error{.kind = ErrorKind::Conflict,
                    .message = where() + " shrank during the download (it ended at " + std::to_string(head.offset) +
                        " of " + std::to_string(m_size) + " bytes); download it again"};
            }
            const auto length = static_cast<std::uint32_t>(got);
            if (length < head.length) {
                // A short read: the server's limit per read (later reads ask for no more), or a file that shrank,
                // which the read of the rest finds out.
                chunk = std::min(chunk, std::max(length, static_cast<std::uint32_t>(minChunkBytes)));
                if (auto asked = ask(head.offset + length, head.length - length); !asked) {
                    return asked;
                }
            }
            if (auto delivered = deliver(head.offset, buffer.data(), length); !delivered) {
                return delivered;
            }
            reportProgress(false);
        }
        return Done{};
    }

    Result<Done> ask(std::uint64_t offset, std::uint32_t length)
    {
        // libssh moves its own offset by what each read asked for and corrects it by what the answer held, which
        // is wrong with several reads in flight: every read names its offset.
        sftp_seek64(m_file.get(), offset);
        const int id = sftp_async_read_begin(m_file.get(), length);
        if (id < 0) {
            return sftpError("asking for " + m_request.remotePath);
        }
        m_pending.push_back({static_cast<std::uint32_t>(id), offset, length});
        return Done{};
    }

    /// Waits until the SFTP channel has bytes, looking at the cancel token every slice; a link silent for the keepalive
    /// budget is cut.
    Result<Done> waitForData()
    {
        int available = ssh_channel_poll(m_sftp->channel, 0);
        const auto silentSince = Clock::now();
        while (available == 0) {
            if (cancelled()) {
                return cancelledError();
            }
            if (Clock::now() - silentSince > m_stallBudget) {
                return Error{.kind = ErrorKind::Network,
                    .message = "no data from " + m_target.host + " for " + std::to_string(m_stallBudget.count()) +
                        " s while downloading " + m_request.remotePath};
            }
            available = ssh_channel_poll_timeout(m_sftp->channel, pollSliceMs, 0);
        }
        if (available < 0) {
            return sftpError("reading " + m_request.remotePath);
        }
        return Done{};
    }

    Result<Done> deliver(std::uint64_t offset, const char* data, std::uint32_t length)
    {
        if (offset != m_written) {
            m_held.emplace(offset, std::vector<char>(data, data + length));
            return Done{};
        }
        if (auto stored = store(data, length); !stored) {
            return stored;
        }
        for (auto next = m_held.begin(); next != m_held.end() && next->first == m_written; next = m_held.begin()) {
            if (auto stored = store(next->second.data(), next->second.size()); !stored) {
                return stored;
            }
            m_held.erase(next);
        }
        return Done{};
    }

    /// Appends to `.part` (no buffering in the process: a cut leaves everything received on disk) and hashes when
    /// verifying.
    Result<Done> store(const char* data, std::size_t length)
    {
        if (auto written = writeAll(m_part.get(), data, length, m_partPath); !written) {
            return written;
        }
        if (m_digest) {
            EVP_DigestUpdate(m_digest.get(), data, length);
        }
        m_written += length;
        if (m_written - m_writebackFrom >= writebackBytes) {
            // Start writing the last few MiB to disk now, so the fsync before the rename waits for little.
            ::sync_file_range(m_part.get(), static_cast<off_t>(m_writebackFrom),
                static_cast<off_t>(m_written - m_writebackFrom), SYNC_FILE_RANGE_WRITE);
            m_writebackFrom = m_written;
        }
        return Done{};
    }

    void reportProgress(bool always)
    {
        if (!m_request.onProgress) {
            return;
        }
        const auto now = Clock::now();
        if (always || (now - m_lastProgress >= m_request.progressInterval && m_written != m_reported)) {
            m_lastProgress = now;
            m_reported = m_written;
            m_request.onProgress(m_written, m_size);
        }
    }

    /// Reads the server's checksum once its command ends, looking at the cancel token every slice.
    Result<std::string> remoteHash()
    {
        ssh_channel channel = m_hashChannel.get();
        CommandResult result;
        char buffer[4096];
        while (!ssh_channel_is_eof(channel)) {
            if (cancelled()) {
                return Error{.kind = ErrorKind::Cancelled,
                    .message = "cancelled while the server computed the SHA-256 of " + where() + "; " +
                        m_partPath.string() + " is complete and will only be verified next time"};
            }
            const int got = ssh_channel_read_timeout(channel, buffer, sizeof buffer, 0, pollSliceMs);
            if (got < 0) {
                return sftpError("waiting for the SHA-256 of " + m_request.remotePath);
            }
            result.out.append(buffer, static_cast<std::size_t>(got));
            for (int err; (err = ssh_channel_read_nonblocking(channel, buffer, sizeof buffer, 1)) > 0;) {
                result.err.append(buffer, static_cast<std::size_t>(err));
            }
        }
        result.exitStatus = ssh_channel_get_exit_status(channel);
        return sha256Result(result, where());
    }

    Result<DownloadResult> finish()
    {
        // The final name only ever holds bytes that are on disk: a crash after the rename must not leave a file
        // with holes where the page cache was.
        if (::fsync(m_part.get()) != 0) {
            return localError(m_partPath, "flush", errno);
        }
        if (m_part.close() != 0) {
            return localError(m_partPath, "close", errno);
        }
        DownloadResult result{.bytes = m_size, .resumedFrom = m_resumedFrom, .sha256Hex = {}, .verified = false};
        if (m_digest) {
            unsigned char digest[EVP_MAX_MD_SIZE];
            unsigned int digestSize = 0;
            EVP_DigestFinal_ex(m_digest.get(), digest, &digestSize);
            result.sha256Hex = hexOf(digest, digestSize);
            auto serverHash = remoteHash();
            if (!serverHash) {
                return serverHash.error();
            }
            if (*serverHash != result.sha256Hex) {
                std::error_code ignored;
                std::filesystem::remove(m_metaPath, ignored);
                return Error{.kind = ErrorKind::Protocol,
                    .message = "the downloaded " + where() + " does not match the server's copy (SHA-256 " +
                        result.sha256Hex + " here, " + *serverHash + " there): the file may have changed during " +
                        "the download. The bytes stay in " + m_partPath.string() +
                        " for inspection; the next download starts over"};
            }
            result.verified = true;
        }
        std::error_code error;
        std::filesystem::rename(m_partPath, m_request.localPath, error);
        if (error) {
            return localError(m_request.localPath, "rename " + m_partPath.string() + " to", error.value());
        }
        std::filesystem::remove(m_metaPath, error);
        return result;
    }

    struct Pending {
        std::uint32_t id;
        std::uint64_t offset;
        std::uint32_t length;
    };

    const SshTarget& m_target;
    const DownloadRequest& m_request;
    Login m_login;
    ssh_session m_session;
    SftpPtr m_sftp;
    SftpFilePtr m_file;
    ChannelPtr m_hashChannel;
    bool m_abandon = false; ///< set once `.part` is being written: failures from then on drop the link

    std::filesystem::path m_partPath;
    std::filesystem::path m_metaPath;
    std::chrono::seconds m_stallBudget;
    FileDescriptor m_part;
    DigestPtr m_digest;
    PartialOrigin m_origin;
    std::uint64_t m_size = 0;
    std::uint64_t m_written = 0;
    std::uint64_t m_resumedFrom = 0;
    std::uint64_t m_writebackFrom = 0; ///< where the bytes not yet handed to the disk begin
    std::map<std::uint64_t, std::vector<char>> m_held; ///< answers beyond a missing range, by offset
    std::deque<Pending> m_pending;
    Clock::time_point m_lastProgress;
    std::uint64_t m_reported = ~std::uint64_t{0};
};

} // namespace

Result<DownloadResult> downloadFile(
    const SshTarget& target, const SshPrompts& prompts, const DownloadRequest& request, const SshOptions& options)
{
    if (request.remotePath.empty() || request.localPath.empty()) {
        return Error{.kind = ErrorKind::Validation, .message = "a download needs a remote and a local path"};
    }
    if (request.remotePath.find('\0') != std::string::npos) {
        return Error{.kind = ErrorKind::Validation, .message = "the remote path contains a NUL byte"};
    }
    const auto folder = request.localPath.has_parent_path() ? request.localPath.parent_path() : ".";
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error)) {
        return Error{.kind = ErrorKind::Validation,
            .message = "could not download to " + request.localPath.string() + ": the folder " + folder.string() +
                " does not exist"};
    }
    if (request.cancel.stop_requested()) {
        return cancelledError("download of " + request.remotePath + " cancelled before it started");
    }
    auto login = logIn(target, prompts, options);
    if (!login) {
        return login.error();
    }
    Download download(target, request, options, std::move(login).value());
    return download.run();
}

Result<std::string> remoteSha256(
    SshConnection& connection, const std::string& remotePath, std::chrono::milliseconds timeout)
{
    auto result = connection.run({.argv = sha256Argv(remotePath), .timeout = timeout});
    if (!result) {
        return result.error();
    }
    return sha256Result(*result, remotePath);
}

} // namespace ragdesk::client::ssh
