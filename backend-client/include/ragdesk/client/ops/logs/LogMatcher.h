#pragma once

#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ops/logs/LogRecord.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

/// Which lines a search keeps. Everything given must match.
struct LogFilter {
    /// A substring, or a regular expression when `regex`; empty matches every line.
    std::string text;
    /// `text` is a regular expression in RE2's syntax (egrep's, plus \d \w \s and (?i); no backreferences),
    /// found anywhere in a line.
    bool regex = false;
    /// Case-insensitive substrings compare ASCII letters only (bytes of other letters exactly); a
    /// case-insensitive regular expression folds every Unicode letter.
    bool caseSensitive = false;
    uint8_t levels = 0x7F; ///< bit (1 << int(LogLevel)) per level kept
    std::optional<LogStream> stream;
    std::vector<uint16_t> sources; ///< empty = all

    /// Levels at least as severe as `level` (Unknown excluded unless level is Unknown).
    static uint8_t atLeast(LogLevel level);
};

/// Where a match lies in a line's text: bytes [begin, end).
struct TextRange {
    size_t begin = 0;
    size_t end = 0;
};

/// A LogFilter ready to run, on any number of threads at once (copies share the compiled form). A regular
/// expression is compiled with RE2, whose matching time grows linearly with the text: no pattern an operator types
/// can stall a search. As grep does, the literals every match of it must contain are looked for first over whole
/// text blocks, and the expression runs only on the lines that have one.
class LogMatcher {
public:
    /// A Validation error saying what is wrong with a regular expression.
    static Result<LogMatcher> compile(LogFilter filter);

    const LogFilter& filter() const;
    /// The text part is empty: only the level, stream and sources decide.
    bool matchesAnyText() const;
    /// Whether the line's level, stream and source pass.
    bool headMatches(LogLevel level, LogStream stream, uint16_t source) const;
    bool textMatches(std::string_view text) const;
    bool matches(const LogLineHead& head, std::string_view text) const
    {
        return headMatches(head.level, head.stream, head.source) && textMatches(text);
    }
    /// The matches in a line's text, in order and not overlapping, at most `limit` of them: to mark them on
    /// screen. An empty match marks nothing.
    std::vector<TextRange> find(std::string_view text, size_t limit = 256) const;

    /// The compiled form, for the block searches of LogBuffer (ops/logs/LogMatcherParts.h).
    struct Compiled;
    const Compiled& compiled() const { return *m_compiled; }

private:
    explicit LogMatcher(std::shared_ptr<const Compiled> compiled);

    std::shared_ptr<const Compiled> m_compiled;
};

} // namespace ragdesk::client::ops
