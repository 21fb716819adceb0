#include "ragdesk/client/ops/AuditLog.h"

#include "ragdesk/client/ssh/SshConnection.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <sstream>

namespace ragdesk::client::ops {

namespace {

using nlohmann::json;

std::string lineOf(const AuditRecord& record)
{
    return json{{"time", record.time.time_since_epoch().count()}, {"actor", record.actor}, {"stack", record.stack},
               {"action", record.action}, {"target", record.target}, {"outcome", record.outcome},
               {"detail", record.detail}}
               .dump(-1, ' ', false, json::error_handler_t::replace) +
        "\n";
}

/// Lines that are not records (a torn write, a hand edit) are skipped rather than failing the whole log.
std::vector<AuditRecord> recordsOf(std::istream& in)
{
    std::vector<AuditRecord> records;
    std::string line;
    while (std::getline(in, line)) {
        const auto item = json::parse(line, nullptr, false);
        if (!item.is_object()) {
            continue;
        }
        records.push_back(AuditRecord{.time = std::chrono::sys_seconds(std::chrono::seconds(item.value("time", 0LL))),
            .actor = item.value("actor", ""),
            .stack = item.value("stack", ""),
            .action = item.value("action", ""),
            .target = item.value("target", ""),
            .outcome = item.value("outcome", ""),
            .detail = item.value("detail", "")});
    }
    return records;
}

std::string remoteFile(const std::string& stackDir)
{
    return stackDir + "/.ragdesk/audit.jsonl";
}

} // namespace

AuditLog::AuditLog(std::filesystem::path localFile, std::string remoteStackDir)
    : m_localFile(std::move(localFile)), m_remoteStackDir(std::move(remoteStackDir))
{
}

std::filesystem::path AuditLog::defaultLocalFile(const char* xdgStateHome, const char* home)
{
    std::filesystem::path base = xdgStateHome != nullptr ? xdgStateHome : "";
    if (base.empty() || base.is_relative()) {
        base = std::filesystem::path(home != nullptr ? home : "/") / ".local" / "state";
    }
    return base / "ragdesk" / "audit.jsonl";
}

std::string AuditLog::localActor()
{
    const passwd* user = getpwuid(getuid());
    std::array<char, 256> host{};
    gethostname(host.data(), host.size() - 1);
    return std::string(user != nullptr ? user->pw_name : "?") + "@" + host.data();
}

Result<Done> AuditLog::append(const AuditRecord& record, ssh::SshConnection* ssh) const
{
    const std::string line = lineOf(record);
    std::optional<Error> firstError;
    std::error_code ignored;
    std::filesystem::create_directories(m_localFile.parent_path(), ignored);
    // O_APPEND keeps concurrent writers (ragctl and the GUI) from interleaving inside a line.
    const int fd = ::open(m_localFile.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || ::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        firstError =
            Error{.kind = ErrorKind::Protocol, .message = "could not write the audit log " + m_localFile.string()};
    }
    if (fd >= 0) {
        ::close(fd);
    }
    if (ssh != nullptr && !m_remoteStackDir.empty()) {
        const auto remote =
            ssh->run({.argv = {"sh", "-c", "mkdir -p \"$1/.ragdesk\" && cat >> \"$1/.ragdesk/audit.jsonl\"", "sh",
                          m_remoteStackDir},
                .input = line,
                .timeout = std::chrono::seconds(20)});
        if (!remote || !remote->succeeded()) {
            if (!firstError) {
                firstError = remote ? ssh::remoteFailure("writing the server's audit log", *remote) : remote.error();
            }
        }
    }
    if (firstError) {
        return *firstError;
    }
    return Done{};
}

Result<std::vector<AuditRecord>> AuditLog::readLocal() const
{
    std::ifstream in(m_localFile);
    return recordsOf(in);
}

Result<std::vector<AuditRecord>> AuditLog::readRemote(ssh::SshConnection& ssh, size_t limit) const
{
    const auto result = ssh.run({.argv = {"sh", "-c", "[ ! -e \"$1\" ] || tail -n \"$2\" \"$1\"", "sh",
                                     remoteFile(m_remoteStackDir), std::to_string(limit)},
        .timeout = std::chrono::seconds(30)});
    if (!result) {
        return result.error();
    }
    if (!result->succeeded()) {
        return ssh::remoteFailure("reading the server's audit log", *result);
    }
    std::istringstream in(result->out);
    return recordsOf(in);
}

} // namespace ragdesk::client::ops
