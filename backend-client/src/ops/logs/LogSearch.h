#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ragdesk::client::ops {

/// Substring search over a block's text. Candidates are positions whose first and last bytes match the needle's
/// (in either case when ignoring case), found 16 at a time with SSE2 where the target has it (x86-64 always does),
/// then checked whole. Elsewhere memmem, or a plain scan when ignoring case. Private to the client library.
class Searcher {
public:
    Searcher(std::string_view needle, bool caseSensitive);

    size_t size() const { return m_needle.size(); }

    /// The first match in [from, to) of data, or npos.
    size_t find(const char* data, size_t from, size_t to) const;

private:
    bool m_caseSensitive;
    std::string m_needle;
};

} // namespace ragdesk::client::ops
