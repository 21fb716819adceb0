#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ragdesk::test {

/// Runs a command line with /bin/sh on this machine and returns its stdout; throws with the exit status when it
/// fails. For test set-up (ssh-keygen, ssh-agent), never for the code under test.
std::string runLocal(const std::string& commandLine);

/// The numbers (0-based) of the lines of a file that `grep -E` (`-i` unless caseSensitive) finds, in a UTF-8
/// locale: the reference for the log filter's regular expressions.
std::vector<size_t> grepLines(const std::filesystem::path& file, const std::string& pattern, bool caseSensitive);

/// A file's bytes; empty when it cannot be read.
std::string readFile(const std::filesystem::path& file);

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
