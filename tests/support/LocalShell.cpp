#include "LocalShell.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
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

std::vector<size_t> grepLines(const std::filesystem::path& file, const std::string& pattern, bool caseSensitive)
{
    // The pattern goes through the environment: no shell quoting to get wrong. grep exits 1 when nothing matches,
    // 2 on an error, which must fail the caller.
    setenv("RAGDESK_TEST_PATTERN", pattern.c_str(), 1);
    const std::string hits = "'" + file.string() + ".hits'";
    std::istringstream numbers(runLocal(std::string("LC_ALL=C.UTF-8 grep -nE ") + (caseSensitive ? "" : "-i ") +
        "-e \"$RAGDESK_TEST_PATTERN\" '" + file.string() + "' > " + hits + "; status=$?; cut -d: -f1 " + hits +
        "; rm -f " + hits + "; [ $status -lt 2 ]"));
    std::vector<size_t> lines;
    size_t number = 0;
    while (numbers >> number) {
        lines.push_back(number - 1);
    }
    return lines;
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

std::string readFile(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

} // namespace ragdesk::test
