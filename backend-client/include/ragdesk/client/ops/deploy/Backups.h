#pragma once

#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ops/StackOps.h"
#include "ragdesk/client/ssh/SftpDownload.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace ragdesk::client::ops {

/// One backup file in the stack's backup directory.
struct BackupFile {
    enum class Kind { Postgres, Snapshot, Other };
    std::string name;
    std::uint64_t bytes = 0;
    std::int64_t modified = 0; ///< seconds since the epoch
    Kind kind = Kind::Other;
};

/// A nightly backup plus slack: when the newest dump is older, the backup job has stopped.
constexpr std::chrono::hours kNewestDumpStaleAfter{26};

/// What verify() found in a backup.
struct BackupCheck {
    bool ok = false;
    bool compressionIntact = false; ///< gzip -t passed (true for uncompressed files)
    bool dumpComplete = false; ///< begins as a pg_dump and ends with its "dump complete" line (or a valid tar)
    std::uint64_t contentBytes = 0; ///< uncompressed size
    std::string problem;
};

/// The stack's backups: MiniRAG's `postgres_*.sql.gz` and `qdrant_*.snapshot` (directory and patterns from the
/// StackLocation) listed, made now, verified on the server, downloaded over SFTP with checksum, and restored
/// through the Deployer (which takes a fresh backup first and shows the maintenance page while it runs).
class Backups {
public:
    explicit Backups(StackOps& ops);

    /// Newest first.
    Result<std::vector<BackupFile>> list();
    /// Runs the stack's backup command now (audited); returns the files it wrote. Each line the command prints
    /// (stdout or stderr, cleaned of terminal controls) goes to `onLine` as it comes, on the calling thread: the
    /// script's own progress. Stopping
    /// `cancel` stops the command on the server (TERM) and is recorded as cancelled.
    Result<std::vector<BackupFile>> create(
        const CancelToken& cancel = {}, const std::function<void(const std::string&)>& onLine = {});
    /// Checks a backup on the server: gzip integrity and a dump that is whole.
    Result<BackupCheck> verify(const std::string& name);
    /// Downloads a backup (SFTP, reads in flight, resumable, SHA-256 compared with the server's).
    Result<ssh::DownloadResult> download(const std::string& name, ssh::DownloadRequest request);

    /// The path of a backup on the server; Validation error for names that leave the directory.
    Result<std::string> pathOf(const std::string& name) const;

private:
    StackOps& m_ops;
};

} // namespace ragdesk::client::ops
