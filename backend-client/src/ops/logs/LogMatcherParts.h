#pragma once

#include "ops/logs/LogSearch.h"
#include "ragdesk/client/ops/logs/LogMatcher.h"

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace ragdesk::client::ops {

/// What LogMatcher::compile made of a LogFilter: one of the substring searcher or the regular expression, and for
/// the latter the literals one of which every match contains (none: no such literals, every line is a candidate).
/// Private to the client library.
struct LogMatcher::Compiled {
    Compiled();
    ~Compiled();

    bool headMatches(unsigned level, bool isStderr, uint16_t source) const;
    bool textMatches(std::string_view text) const;

    LogFilter filter;
    std::optional<Searcher> substring;
    std::unique_ptr<re2::RE2> regex;
    std::vector<Searcher> literals;
};

} // namespace ragdesk::client::ops
