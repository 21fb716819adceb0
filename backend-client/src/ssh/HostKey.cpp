#include "ragdesk/client/ssh/HostKey.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace ragdesk::client::ssh {

Result<Done> trustHostKey(const HostKeyInfo& key)
{
    if (key.knownHostsLine.empty() || key.knownHostsFile.empty() ||
        key.knownHostsLine.find_first_of("\r\n") != std::string::npos) {
        return Error{.kind = ErrorKind::HostKey, .message = "no host key line to trust"};
    }
    const std::filesystem::path file(key.knownHostsFile);
    std::error_code error;
    if (file.has_parent_path() && !std::filesystem::exists(file.parent_path(), error)) {
        std::filesystem::create_directories(file.parent_path(), error);
        std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all, error); // as ~/.ssh
        if (error) {
            return Error{.kind = ErrorKind::HostKey,
                .message = "could not make " + file.parent_path().string() + ": " + error.message()};
        }
    }
    std::string existing;
    if (std::ifstream in(file, std::ios::binary); in) {
        existing.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::istringstream lines(existing);
    for (std::string line; std::getline(lines, line);) {
        if (line == key.knownHostsLine) {
            return Done{};
        }
    }
    std::ofstream out(file, std::ios::binary | std::ios::app);
    if (!existing.empty() && existing.back() != '\n') {
        out << '\n'; // a last line without its newline stays a line of its own
    }
    out << key.knownHostsLine << '\n';
    out.close();
    if (!out) {
        return Error{.kind = ErrorKind::HostKey, .message = "could not write " + file.string()};
    }
    spdlog::info("ssh: trusted the host key of {} ({}) in {}", key.host, key.fingerprint, file.string());
    return Done{};
}

} // namespace ragdesk::client::ssh
