#include "ops/logs/LogLevels.h"

#include "common/Ascii.h"

#include <algorithm>
#include <optional>
#include <string_view>

namespace ragdesk::client::ops {
namespace {

using ascii::equalsIgnoreCase;
using ascii::isAlpha;
using ascii::isDigit;
using ascii::isUpper;
using ascii::lower;

/// How far into a JSON line a level member is looked for.
constexpr size_t kLevelScanBytes = size_t{64} << 10;

struct LevelWord {
    std::string_view word;
    LogLevel level;
    bool colonOnly; ///< a level only when followed by ':' (postgres LOG:)
};

constexpr LevelWord kLevelWords[] = {
    {"trace", LogLevel::Trace, false},
    {"trc", LogLevel::Trace, false},
    {"trac", LogLevel::Trace, false},
    {"verbose", LogLevel::Trace, false},
    {"debug", LogLevel::Debug, false},
    {"dbg", LogLevel::Debug, false},
    {"debu", LogLevel::Debug, false},
    {"info", LogLevel::Info, false},
    {"inf", LogLevel::Info, false},
    {"information", LogLevel::Info, false},
    {"informational", LogLevel::Info, false},
    {"notice", LogLevel::Info, false},
    {"log", LogLevel::Info, true},
    {"warn", LogLevel::Warning, false},
    {"warning", LogLevel::Warning, false},
    {"wrn", LogLevel::Warning, false},
    {"error", LogLevel::Error, false},
    {"err", LogLevel::Error, false},
    {"erro", LogLevel::Error, false},
    {"eror", LogLevel::Error, false},
    {"severe", LogLevel::Error, false},
    {"fatal", LogLevel::Fatal, false},
    {"fata", LogLevel::Fatal, false},
    {"ftl", LogLevel::Fatal, false},
    {"critical", LogLevel::Fatal, false},
    {"crit", LogLevel::Fatal, false},
    {"panic", LogLevel::Fatal, false},
    {"pani", LogLevel::Fatal, false},
    {"emerg", LogLevel::Fatal, false},
    {"emergency", LogLevel::Fatal, false},
    {"alert", LogLevel::Fatal, false},
};

// The level a word names (any case), with postgres DEBUG1..DEBUG5.
std::optional<LevelWord> levelWord(std::string_view word)
{
    if (word.size() == 6 && equalsIgnoreCase(word.substr(0, 5), "debug") && word[5] >= '1' && word[5] <= '5') {
        return LevelWord{word, LogLevel::Debug, false};
    }
    if (word.size() < 3 || word.size() > 13) {
        return std::nullopt;
    }
    const char first = lower(word.front());
    for (const LevelWord& entry : kLevelWords) {
        // Length and first letter first: most words are no level word, and most entries are not the one.
        if (entry.word.size() == word.size() && entry.word.front() == first && equalsIgnoreCase(word, entry.word)) {
            return entry;
        }
    }
    return std::nullopt;
}

bool allUpper(std::string_view word)
{
    return std::all_of(word.begin(), word.end(), [](char c) { return isUpper(c) || isDigit(c); });
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

std::string_view trimmed(std::string_view text)
{
    return ascii::trimmed(text, " \t");
}

// A level value of a JSON or logfmt field.
LogLevel levelValue(std::string_view value)
{
    value = trimmed(value);
    if (!value.empty() && isDigit(value.front())) {
        if (value == "10") {
            return LogLevel::Trace;
        }
        if (value == "20") {
            return LogLevel::Debug;
        }
        if (value == "30") {
            return LogLevel::Info;
        }
        if (value == "40") {
            return LogLevel::Warning;
        }
        if (value == "50") {
            return LogLevel::Error;
        }
        if (value == "60") {
            return LogLevel::Fatal;
        }
        return LogLevel::Unknown;
    }
    const auto word = levelWord(value);
    return word ? word->level : LogLevel::Unknown;
}

bool isLevelKey(std::string_view key)
{
    return key == "level" || key == "lvl" || key == "severity" || key == "levelname" || key == "loglevel" ||
        key == "log.level" || key == "@l" || key == "Level" || key == "LEVEL" || key == "Severity" || key == "SEVERITY";
}

// A JSON object's level member. Keys are recognised only right after '{' or ',' (so not inside string values).
LogLevel jsonLevel(std::string_view text)
{
    const size_t limit = std::min(text.size(), kLevelScanBytes);
    for (size_t quote = text.find('"'); quote != std::string_view::npos && quote < limit;
         quote = text.find('"', quote + 1)) {
        size_t before = quote;
        while (before > 0 && isSpace(text[before - 1])) {
            --before;
        }
        if (before == 0 || (text[before - 1] != '{' && text[before - 1] != ',')) {
            continue;
        }
        const size_t keyEnd = text.find('"', quote + 1);
        if (keyEnd == std::string_view::npos || keyEnd - quote > 12) {
            continue;
        }
        const std::string_view key = text.substr(quote + 1, keyEnd - quote - 1);
        if (!isLevelKey(key)) {
            quote = keyEnd;
            continue;
        }
        size_t pos = keyEnd + 1;
        while (pos < text.size() && isSpace(text[pos])) {
            ++pos;
        }
        if (pos >= text.size() || text[pos] != ':') {
            quote = keyEnd;
            continue;
        }
        ++pos;
        while (pos < text.size() && isSpace(text[pos])) {
            ++pos;
        }
        if (pos < text.size() && text[pos] == '"') {
            const size_t valueEnd = text.find('"', pos + 1);
            if (valueEnd != std::string_view::npos && valueEnd - pos <= 16) {
                return levelValue(text.substr(pos + 1, valueEnd - pos - 1));
            }
        } else {
            size_t end = pos;
            while (end < text.size() && isDigit(text[end])) {
                ++end;
            }
            return levelValue(text.substr(pos, end - pos));
        }
        return LogLevel::Unknown;
    }
    return LogLevel::Unknown;
}

bool isKeyChar(char c)
{
    return isAlpha(c) || isDigit(c) || c == '_' || c == '.' || c == '-' || c == '@';
}

// logfmt pairs from the line's start: key=value or key="quoted value".
std::optional<LogLevel> logfmtLevel(std::string_view text)
{
    size_t pos = 0;
    for (int pair = 0; pair < 32 && pos < text.size(); ++pair) {
        while (pos < text.size() && text[pos] == ' ') {
            ++pos;
        }
        const size_t keyStart = pos;
        while (pos < text.size() && isKeyChar(text[pos])) {
            ++pos;
        }
        if (pos == keyStart || pos >= text.size() || text[pos] != '=') {
            return pair == 0 ? std::nullopt : std::optional<LogLevel>(LogLevel::Unknown);
        }
        const std::string_view key = text.substr(keyStart, pos - keyStart);
        ++pos;
        std::string_view value;
        if (pos < text.size() && text[pos] == '"') {
            size_t end = pos + 1;
            while (end < text.size() && text[end] != '"') {
                end += text[end] == '\\' ? 2 : 1;
            }
            value = text.substr(pos + 1, std::min(end, text.size()) - pos - 1);
            pos = end + 1;
        } else {
            const size_t end = std::min(text.find(' ', pos), text.size());
            value = text.substr(pos, end - pos);
            pos = end;
        }
        if (isLevelKey(key)) {
            return levelValue(value);
        }
    }
    return LogLevel::Unknown;
}

// glog/klog: "E1125 12:00:00.123456 ..." (D as debug, which some glog look-alikes print).
std::optional<LogLevel> glogLevel(std::string_view text)
{
    if (text.size() < 14 || text[5] != ' ' || text[8] != ':' || text[11] != ':') {
        return std::nullopt;
    }
    for (const size_t k : {1u, 2u, 3u, 4u, 6u, 7u, 9u, 10u, 12u, 13u}) {
        if (!isDigit(text[k])) {
            return std::nullopt;
        }
    }
    switch (text[0]) {
    case 'I':
        return LogLevel::Info;
    case 'W':
        return LogLevel::Warning;
    case 'E':
        return LogLevel::Error;
    case 'F':
        return LogLevel::Fatal;
    case 'D':
        return LogLevel::Debug;
    default:
        return std::nullopt;
    }
}

// redis: "1:M 25 Nov 2026 12:00:00.123 # message" (older: no year); the mark tells the level.
std::optional<LogLevel> redisLevel(std::string_view text)
{
    size_t pos = 0;
    while (pos < text.size() && isDigit(text[pos])) {
        ++pos;
    }
    if (pos == 0 || pos + 3 > text.size() || text[pos] != ':' ||
        std::string_view("XCSM").find(text[pos + 1]) == std::string_view::npos || text[pos + 2] != ' ') {
        return std::nullopt;
    }
    pos += 3;
    for (int token = 0; token < 6 && pos < text.size(); ++token) {
        const size_t end = std::min(text.find(' ', pos), text.size());
        const std::string_view word = text.substr(pos, end - pos);
        if (word.size() == 1) {
            switch (word[0]) {
            case '.':
            case '-':
                return LogLevel::Debug;
            case '*':
                return LogLevel::Info;
            case '#':
                return LogLevel::Warning;
            default:
                return std::nullopt;
            }
        }
        pos = end + 1;
    }
    return std::nullopt;
}

bool isStampChar(char c)
{
    return isDigit(c) || c == '-' || c == ':' || c == '.' || c == ',' || c == '/' || c == 'T' || c == 'Z' || c == '+';
}

// The level a line's leading words name, after timestamps, numbers, a time zone and bracketed prefixes.
LogLevel prefixLevel(std::string_view text, bool inBracket, int depth)
{
    size_t pos = 0;
    bool context = inBracket; // after a timestamp (or inside brackets) any case is taken
    bool afterTime = false;
    int skippedBrackets = 0;
    for (int token = 0; token < 8; ++token) {
        while (pos < text.size() && isSpace(text[pos])) {
            ++pos;
        }
        if (pos >= text.size()) {
            return LogLevel::Unknown;
        }
        const char c = text[pos];
        if (c == '[' && depth == 0) {
            const size_t close = text.find(']', pos + 1);
            if (close == std::string_view::npos || close - pos > 80) {
                return LogLevel::Unknown;
            }
            const std::string_view inner = text.substr(pos + 1, close - pos - 1);
            const LogLevel level = prefixLevel(inner, true, depth + 1);
            if (level != LogLevel::Unknown) {
                return level;
            }
            if (++skippedBrackets > 2) {
                return LogLevel::Unknown;
            }
            context = context || (!trimmed(inner).empty() && isDigit(trimmed(inner).front()));
            pos = close + 1;
            continue;
        }
        if (isDigit(c)) {
            size_t end = pos;
            while (end < text.size() && isStampChar(text[end])) {
                ++end;
            }
            afterTime = text.substr(pos, end - pos).find(':') != std::string_view::npos;
            context = true;
            pos = end;
            continue;
        }
        if (!isAlpha(c)) {
            return LogLevel::Unknown;
        }
        size_t end = pos;
        while (end < text.size() && (isAlpha(text[end]) || isDigit(text[end]))) {
            ++end;
        }
        const std::string_view word = text.substr(pos, end - pos);
        const char next = end < text.size() ? text[end] : '\0';
        const auto level = levelWord(word);
        if (level) {
            const bool colon = next == ':';
            const bool bracketNext = next == '[';
            const bool boundary = next == '\0' || isSpace(next) || colon || next == ']' || next == '|' || next == '/' ||
                bracketNext || next == ',' || next == ')';
            if (!boundary) {
                return LogLevel::Unknown;
            }
            if (level->colonOnly) {
                return colon && allUpper(word) ? level->level : LogLevel::Unknown;
            }
            if (context || colon || allUpper(word)) {
                return level->level;
            }
            return LogLevel::Unknown;
        }
        // A time zone after a time ("... 12:00:00.123 UTC [1] LOG:  ..."), once.
        if (afterTime && word.size() >= 2 && word.size() <= 5 && allUpper(word) && isSpace(next)) {
            afterTime = false;
            pos = end;
            continue;
        }
        return LogLevel::Unknown;
    }
    return LogLevel::Unknown;
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

// "pkg.module.SomeError: message" or "SomeException" alone.
bool isExceptionLine(std::string_view text)
{
    size_t end = 0;
    while (end < text.size() && (isAlpha(text[end]) || isDigit(text[end]) || text[end] == '_' || text[end] == '.')) {
        ++end;
    }
    if (end == 0 || (end < text.size() && text[end] != ':')) {
        return false;
    }
    std::string_view name = text.substr(0, end);
    const size_t dot = name.rfind('.');
    if (dot != std::string_view::npos) {
        name.remove_prefix(dot + 1);
    }
    auto endsWith = [&](std::string_view suffix) {
        return name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
    };
    return endsWith("Error") || endsWith("Exception");
}

} // namespace

LogLevel detectLevel(std::string_view text)
{
    if (text.empty()) {
        return LogLevel::Unknown;
    }
    if (text.front() == '{') {
        return jsonLevel(text);
    }
    if (const auto level = logfmtLevel(text)) {
        return *level;
    }
    if (const auto level = glogLevel(text)) {
        return *level;
    }
    if (isDigit(text.front())) {
        if (const auto level = redisLevel(text)) {
            return *level;
        }
    }
    return prefixLevel(text, false, 0);
}

bool isContinuationLine(std::string_view text)
{
    if (text.empty()) {
        return false;
    }
    if (isSpace(text.front())) {
        return true;
    }
    static constexpr std::string_view prefixes[] = {
        "Traceback (most recent call last)",
        "During handling of the above exception",
        "The above exception was the direct cause",
        "Caused by: ",
        "DETAIL:  ",
        "HINT:  ",
        "STATEMENT:  ",
        "CONTEXT:  ",
        "QUERY:  ",
    };
    for (const std::string_view prefix : prefixes) {
        if (startsWith(text, prefix)) {
            return true;
        }
    }
    return isExceptionLine(text);
}

bool startsTraceback(std::string_view text)
{
    return startsWith(text, "Traceback (most recent call last)") || isExceptionLine(text);
}

} // namespace ragdesk::client::ops
