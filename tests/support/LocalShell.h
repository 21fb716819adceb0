#pragma once

#include <filesystem>
#include <string>

namespace ragdesk::test {

/// Runs a command line with /bin/sh on this machine and returns its stdout; throws with the exit status when it
/// fails. For test set-up (ssh-keygen, ssh-agent), never for the code under test.
std::string runLocal(const std::string& commandLine);

/// A fresh directory under the system temp dir, removed with everything in it when the object goes.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::string operator/(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

} // namespace ragdesk::test
