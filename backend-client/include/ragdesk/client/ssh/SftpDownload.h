#pragma once

#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ssh/SshConnection.h"
#include "ragdesk/client/ssh/SshTarget.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace ragdesk::client::ssh {

/// One file to fetch from the server over SFTP (a backup, a dump).
struct DownloadRequest {
    std::string remotePath; ///< as the server's SFTP subsystem names it; relative paths start at the login's home
    std::filesystem::path localPath; ///< the final name; the bytes go to `<localPath>.part` until verified
    /// Continue a `<localPath>.part` left by an earlier attempt, if its sidecar `<localPath>.part.meta` says it is
    /// a prefix of the same remote file (same server, path, size and modification time); otherwise start over.
    bool resume = true;
    /// Hash the bytes as they arrive and compare the SHA-256 with the server's (remoteSha256's command), which runs on
    /// a second channel while the bytes travel and reads the whole file once more on the server. Off: a plain
    /// transfer, like OpenSSH's `sftp get`, with no hash on either side.
    bool verify = true;
    /// Bytes asked for by one SFTP read (1 KiB to 1 MiB). 16 KiB costs the least CPU with libssh 0.10, which reads
    /// SFTP packets in 16 KiB pieces and copies every answer several times: small answers stay in the L1 cache.
    /// Measured per GiB on the loopback bench, verifying: 2.9 s CPU at 16 KiB x 64, 3.4 s at 64 KiB x 16, 4.2 s at
    /// 255 KiB x 8 (OpenSSH's sftp-server answers at most 255 KiB; a server that answers less is asked for less from
    /// then on).
    std::size_t chunkBytes = 16 * 1024;
    /// Reads kept in flight (1 MiB at the default chunk size): serial reads are bound by round trips (13-29 MiB/s),
    /// and libssh's channel window (at most about 1.2 MiB) keeps the server from sending more ahead anyway.
    int inFlight = 64;
    /// Called on the calling thread when the count changes, at most once per progressInterval, and once at the end
    /// with done == total. `done` counts bytes already on disk from an earlier attempt.
    std::function<void(std::uint64_t done, std::uint64_t total)> onProgress;
    /// 0: after every read written to disk (a caller that stops at an exact byte count).
    std::chrono::milliseconds progressInterval{100};
    /// Looked at before each read and every 20 ms while waiting for data or the server's checksum; stopping it ends
    /// the download with a Cancelled error and keeps `.part` for a later resume.
    CancelToken cancel;
};

/// A completed download: the file is under its final name.
struct DownloadResult {
    std::uint64_t bytes = 0; ///< size of the file
    std::uint64_t resumedFrom = 0; ///< bytes that were already in `.part` (0: downloaded from the start)
    std::string sha256Hex; ///< of the local file, lowercase hex (empty when verify was off)
    bool verified = false; ///< the server's SHA-256 was computed and equal (false only when verify was off)
};

/// Downloads one file over SFTP on a login of its own (libssh's SFTP calls block, which the kept SshConnection's
/// event loop must not), with `inFlight` reads outstanding, and returns when it is complete and verified. Runs
/// entirely on the calling thread; call it from a worker.
///
/// The file under its final name is always complete: bytes are written in order to `<localPath>.part` (never a
/// hole, nothing buffered in the process) and renamed after they are flushed to disk and verified. What happens to
/// `.part` when it fails:
/// - Network (the connection was cut or stalled for the keepalive budget of `options`) and Cancelled: kept with
///   every byte received so far, to be resumed.
/// - Protocol (the SHA-256 differs from the server's, e.g. the file changed during the download): kept for
///   inspection, but its sidecar is removed, so the next attempt starts over.
/// - Conflict: the remote file shrank while it was read; the next attempt starts over.
/// Other errors: NotFound and Forbidden (the remote file, named in the message), Validation (a bad request, a
/// remote directory, or a local file that cannot be written: missing folder, no permission, disk full, with the
/// local path and the system's reason), Remote (the server's SHA-256 command failed; a completed `.part` is kept and
/// the next attempt only verifies it), plus the login's HostKey, Auth, Network and Timeout errors.
Result<DownloadResult> downloadFile(
    const SshTarget& target, const SshPrompts& prompts, const DownloadRequest& request, const SshOptions& options = {});

/// The SHA-256 of a file on the server, lowercase hex: `openssl dgst -sha256 -r -- PATH` where the server has
/// OpenSSL (3.4x faster than coreutils 9.1, which has no SHA-NI code: 0.95 s against 3.2 s per GiB here), else
/// `sha256sum -- PATH`, both under `nice -n 19`. NotFound or Forbidden when the file is missing or unreadable, Remote
/// for other failures; hashing a large backup takes a while, hence the long default timeout.
Result<std::string> remoteSha256(SshConnection& connection, const std::string& remotePath,
    std::chrono::milliseconds timeout = std::chrono::hours(1));

} // namespace ragdesk::client::ssh
