#include "LocalShell.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace ragdesk::test {

std::string runLocal(const std::string& commandLine)
{
    FILE* pipe = popen(commandLine.c_str(), "r");
    if (pipe == nullptr) {
        throw std::runtime_error("cannot run: " + commandLine);
    }
    std::string output;
    std::array<char, 4096> buffer{};
    size_t count = 0;
    while ((count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        output.append(buffer.data(), count);
    }
    const int status = pclose(pipe);
    if (status != 0) {
        throw std::runtime_error("failed (" + std::to_string(status) + "): " + commandLine);
    }
    return output;
}

TempDir::TempDir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "ragdesk-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    m_path = pattern;
}

TempDir::~TempDir()
{
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

} // namespace ragdesk::test
