#include "ragdesk/client/ops/logs/LogBuffer.h"

#include "LocalShell.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

using namespace ragdesk::client;
using namespace ragdesk::client::ops;
using ragdesk::test::grepLines;
using ragdesk::test::TempDir;

namespace {

LogMatcher matcherOf(const std::string& text, bool regex, bool caseSensitive = false)
{
    auto matcher = LogMatcher::compile(LogFilter{.text = text, .regex = regex, .caseSensitive = caseSensitive});
    if (!matcher) {
        throw std::runtime_error(text + ": " + matcher.error().message);
    }
    return std::move(matcher).value();
}

LogRecord record(std::string text)
{
    LogRecord record;
    record.text = std::move(text);
    return record;
}

/// Log-like lines with words, numbers, punctuation, upper case and a few letters beyond ASCII.
std::vector<std::string> corpus(size_t count)
{
    std::mt19937 random(11);
    const char* words[] = {"GET", "/api/v1/chat", "error", "Timeout", "TIMEOUT", "cache", "hit", "miss", "user_id=9123",
        "seq=117", "ab", "ba", "abab", "\xc3\xa9t\xc3\xa9", "\xc3\x89T\xc3\x89", "2026-12-07", "a.c", "abc", "xyyz",
        "loading", "Pending", "[warn]", "200", "{\"k\": 1}"};
    std::vector<std::string> lines;
    for (size_t k = 0; k < count; ++k) {
        std::string line;
        const size_t length = random() % 8;
        for (size_t w = 0; w < length; ++w) {
            line += words[random() % std::size(words)];
            line += random() % 3 ? " " : "";
        }
        lines.push_back(line);
    }
    return lines;
}

std::vector<size_t> indicesOf(const LogBuffer& buffer, const std::vector<LogLineId>& ids)
{
    std::vector<size_t> indices;
    for (const LogLineId id : ids) {
        indices.push_back(*buffer.indexOf(id));
    }
    return indices;
}

} // namespace

TEST(LogMatcher, RegularExpressionsFindTheLinesGrepFinds)
{
    const auto lines = corpus(20'000);
    const TempDir dir;
    const std::filesystem::path file = dir / "lines.log";
    std::ofstream(file) << [&] {
        std::string all;
        for (const auto& line : lines) {
            all += line + "\n";
        }
        return all;
    }();
    LogBuffer buffer;
    for (const auto& line : lines) {
        buffer.append(record(line));
    }
    const char* patterns[] = {"error|timeout", "^GET /api/v[0-9]+", "seq=[0-9]*7 .*(hit|miss)$", "[a-z]+ing",
        "(ab|ba){2,}", "user_id=9[0-9]{3}", "x?y+z*", "[[:digit:]]{4}-[[:digit:]]{2}", "\xc3\xa9+t", "a\\.c", "a.c",
        "^$", "\\[warn\\] [0-9]", "Timeout|ERROR", "\\{\"k\": [0-9]\\}"};
    for (const char* pattern : patterns) {
        for (const bool caseSensitive : {true, false}) {
            const auto expected = grepLines(file, pattern, caseSensitive);
            EXPECT_EQ(indicesOf(buffer, buffer.filter(matcherOf(pattern, true, caseSensitive))), expected)
                << pattern << (caseSensitive ? "" : " (ignoring case)");
            EXPECT_FALSE(expected.empty()) << pattern << ": the corpus should hold a match";
        }
    }
}

TEST(LogMatcher, TheLiteralsFoundFirstNeverHideAMatch)
{
    // The block search looks for the expression's literals first; a line-by-line match is the reference.
    const auto lines = corpus(5'000);
    LogBuffer buffer;
    for (const auto& line : lines) {
        buffer.append(record(line));
    }
    for (const char* pattern :
        {"Timeout|ERROR", "cache (hit|miss)", "abc|xyyz", "T[a-z]+out", "(?i)pending", "\xc3\x89T", "[0-9]{3}"}) {
        for (const bool caseSensitive : {true, false}) {
            const LogMatcher matcher = matcherOf(pattern, true, caseSensitive);
            std::vector<LogLineId> expected;
            buffer.forEach(0, buffer.size(), [&](const LogLine& line) {
                if (matcher.textMatches(line.text)) {
                    expected.push_back(line.id);
                }
            });
            EXPECT_EQ(buffer.filter(matcher), expected) << pattern << " " << caseSensitive;
        }
    }
}

TEST(LogMatcher, AnInvalidExpressionSaysWhatIsWrong)
{
    for (const char* pattern : {"(ab", "a{2,1}", "(a)\\1", "*"}) {
        const auto matcher = LogMatcher::compile(LogFilter{.text = pattern, .regex = true});
        ASSERT_FALSE(matcher) << pattern;
        EXPECT_EQ(matcher.error().kind, ErrorKind::Validation);
        EXPECT_NE(matcher.error().message.find("not a valid regular expression: "), std::string::npos);
        EXPECT_GT(matcher.error().message.size(), 34u) << "the reason follows";
    }
    // The same text as a substring is fine.
    EXPECT_TRUE(LogMatcher::compile(LogFilter{.text = "(ab"}));
}

TEST(LogMatcher, FindMarksEachMatchOnce)
{
    auto ranges = [](const LogMatcher& matcher, std::string_view text) {
        std::vector<std::pair<size_t, size_t>> found;
        for (const TextRange& range : matcher.find(text)) {
            found.emplace_back(range.begin, range.end);
        }
        return found;
    };
    using Ranges = std::vector<std::pair<size_t, size_t>>;
    EXPECT_EQ(ranges(matcherOf("ab", false), "abcABab"), (Ranges{{0, 2}, {3, 5}, {5, 7}}));
    EXPECT_EQ(ranges(matcherOf("ab", false, true), "abcABab"), (Ranges{{0, 2}, {5, 7}}));
    EXPECT_EQ(ranges(matcherOf("a*", true), "baac"), (Ranges{{1, 3}})); // empty matches mark nothing
    EXPECT_EQ(ranges(matcherOf("[0-9]+", true), "id 12, 345"), (Ranges{{3, 5}, {7, 10}}));
    EXPECT_TRUE(ranges(matcherOf("", false), "anything").empty());
    EXPECT_EQ(matcherOf("x", false).find(std::string(1000, 'x'), 10).size(), 10u);
}

TEST(LogMatcher, ASnapshotIsSearchedWhileTheBufferGoesOn)
{
    LogBuffer buffer(LogBufferLimits{.maxLines = 30'000, .maxBytes = size_t{1} << 30});
    for (int k = 0; k < 30'000; ++k) {
        buffer.append(record("line " + std::to_string(k) + (k % 7 == 0 ? " error" : "")));
    }
    const LogMatcher matcher = matcherOf("err.r", true);
    const auto expected = buffer.filter(matcher);
    ASSERT_FALSE(expected.empty());
    const LogSnapshot snapshot = buffer.snapshot();
    EXPECT_EQ(snapshot.size(), 30'000u);

    std::vector<std::vector<LogLineId>> calls;
    std::thread search([&] {
        snapshot.filter(matcher, [&](std::vector<LogLineId>&& ids) {
            calls.push_back(std::move(ids));
            return true;
        });
    });
    // Meanwhile every line of the snapshot is evicted, block by block, and new ones come.
    for (int k = 0; k < 60'000; ++k) {
        buffer.append(record("new " + std::to_string(k) + " error"));
    }
    search.join();

    std::vector<LogLineId> found;
    for (auto call = calls.rbegin(); call != calls.rend(); ++call) { // newest block first: reversed, oldest first
        if (!found.empty() && !call->empty()) {
            EXPECT_LT(found.back(), call->front());
        }
        found.insert(found.end(), call->begin(), call->end());
    }
    EXPECT_EQ(found, expected);
    // The new lines are not in the snapshot, and the buffer took them all.
    EXPECT_EQ(buffer.filter(matcher).size(), 30'000u);
}

TEST(LogMatcher, ASnapshotSearchStopsWhenAsked)
{
    LogBuffer buffer;
    std::vector<LogRecord> batch;
    for (int k = 0; k < 20'000; ++k) {
        batch.push_back(record(std::string(200, 'x'))); // several blocks
    }
    buffer.append(batch);
    int calls = 0;
    buffer.snapshot().filter(matcherOf("x", false), [&](std::vector<LogLineId>&&) { return ++calls < 2; });
    EXPECT_EQ(calls, 2);
}

TEST(LogMatcher, ASnapshotSplitSearchesEachLineOnce)
{
    LogBuffer buffer;
    for (int k = 0; k < 50'000; ++k) {
        buffer.append(record("line " + std::to_string(k) + std::string(static_cast<size_t>(k % 300), ' ')));
    }
    const LogMatcher matcher = matcherOf("line [0-9]*7 ", true);
    const auto expected = buffer.filter(matcher);
    const LogSnapshot snapshot = buffer.snapshot();
    for (const size_t parts : {1, 2, 3, 1000}) {
        const auto dealt = snapshot.split(parts);
        EXPECT_LE(dealt.size(), parts);
        size_t lines = 0;
        std::vector<LogLineId> found;
        for (const LogSnapshot& part : dealt) {
            lines += part.size();
            part.filter(matcher, [&](std::vector<LogLineId>&& ids) {
                found.insert(found.end(), ids.begin(), ids.end());
                return true;
            });
        }
        EXPECT_EQ(lines, buffer.size());
        std::sort(found.begin(), found.end());
        EXPECT_EQ(found, expected) << parts;
    }
    EXPECT_EQ(LogSnapshot().split(4).size(), 1u);
}
