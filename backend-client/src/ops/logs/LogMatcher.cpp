#include "ops/logs/LogMatcherParts.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>

namespace ragdesk::client::ops {
namespace {

/// Literals shorter than this find too many candidates to be worth a pass over the text.
constexpr int kMinLiteral = 3;
/// More literals than this cost more passes than running the expression on every line.
constexpr size_t kMaxLiterals = 8;

bool isAscii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/// The literals one of which every match of the expression contains, found by RE2's prefilter; none when some
/// match may contain none of them. RE2 gives them in lower case, so they are looked for ignoring case (a superset of
/// the candidates for a case-sensitive expression); one with other than ASCII letters could be missed that way.
std::vector<Searcher> requiredLiterals(const std::string& pattern, const RE2::Options& options)
{
    re2::FilteredRE2 prefilter(kMinLiteral);
    int id = 0;
    if (prefilter.Add(pattern, options, &id) != RE2::NoError) {
        return {};
    }
    std::vector<std::string> atoms;
    prefilter.Compile(&atoms);
    std::vector<int> withoutAny;
    prefilter.AllPotentials({}, &withoutAny);
    if (!withoutAny.empty() || atoms.empty() || atoms.size() > kMaxLiterals ||
        !std::all_of(atoms.begin(), atoms.end(), [](const std::string& atom) { return isAscii(atom); })) {
        return {};
    }
    std::vector<Searcher> literals;
    literals.reserve(atoms.size());
    for (const std::string& atom : atoms) {
        literals.emplace_back(atom, false);
    }
    return literals;
}

} // namespace

uint8_t LogFilter::atLeast(LogLevel level)
{
    unsigned mask = 0;
    for (unsigned k = static_cast<unsigned>(level); k <= static_cast<unsigned>(LogLevel::Fatal); ++k) {
        mask |= 1u << k;
    }
    if (level != LogLevel::Unknown) {
        mask &= ~1u;
    }
    return static_cast<uint8_t>(mask);
}

LogMatcher::Compiled::Compiled() = default;
LogMatcher::Compiled::~Compiled() = default;

bool LogMatcher::Compiled::headMatches(unsigned level, bool isStderr, uint16_t source) const
{
    if (!(filter.levels & (1u << level))) {
        return false;
    }
    if (filter.stream && isStderr != (*filter.stream == LogStream::Stderr)) {
        return false;
    }
    return filter.sources.empty() ||
        std::find(filter.sources.begin(), filter.sources.end(), source) != filter.sources.end();
}

bool LogMatcher::Compiled::textMatches(std::string_view text) const
{
    if (regex) {
        return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *regex);
    }
    return !substring || substring->find(text.data(), 0, text.size()) != std::string_view::npos;
}

LogMatcher::LogMatcher(std::shared_ptr<const Compiled> compiled) : m_compiled(std::move(compiled)) { }

Result<LogMatcher> LogMatcher::compile(LogFilter filter)
{
    auto compiled = std::make_shared<Compiled>();
    if (!filter.text.empty() && filter.regex) {
        RE2::Options options;
        options.set_case_sensitive(filter.caseSensitive);
        options.set_log_errors(false);
        auto regex = std::make_unique<RE2>(filter.text, options);
        if (!regex->ok()) {
            return Error{.kind = ErrorKind::Validation, .message = "not a valid regular expression: " + regex->error()};
        }
        compiled->literals = requiredLiterals(filter.text, options);
        compiled->regex = std::move(regex);
    } else if (!filter.text.empty()) {
        compiled->substring.emplace(filter.text, filter.caseSensitive);
    }
    compiled->filter = std::move(filter);
    return LogMatcher(std::move(compiled));
}

const LogFilter& LogMatcher::filter() const
{
    return m_compiled->filter;
}

bool LogMatcher::matchesAnyText() const
{
    return m_compiled->filter.text.empty();
}

bool LogMatcher::headMatches(LogLevel level, LogStream stream, uint16_t source) const
{
    return m_compiled->headMatches(static_cast<unsigned>(level), stream == LogStream::Stderr, source);
}

bool LogMatcher::textMatches(std::string_view text) const
{
    return m_compiled->textMatches(text);
}

std::vector<TextRange> LogMatcher::find(std::string_view text, size_t limit) const
{
    std::vector<TextRange> found;
    const Compiled& compiled = *m_compiled;
    size_t at = 0;
    while (found.size() < limit && at <= text.size()) {
        TextRange range;
        if (compiled.regex) {
            re2::StringPiece match;
            if (!compiled.regex->Match(
                    re2::StringPiece(text.data(), text.size()), at, text.size(), RE2::UNANCHORED, &match, 1)) {
                break;
            }
            range.begin = static_cast<size_t>(match.data() - text.data());
            range.end = range.begin + match.size();
        } else if (compiled.substring) {
            range.begin = compiled.substring->find(text.data(), at, text.size());
            if (range.begin == std::string_view::npos) {
                break;
            }
            range.end = range.begin + compiled.substring->size();
        } else {
            break;
        }
        if (range.end == range.begin) {
            at = range.begin + 1; // an empty match: look on from the next byte
            continue;
        }
        found.push_back(range);
        at = range.end;
    }
    return found;
}

} // namespace ragdesk::client::ops
