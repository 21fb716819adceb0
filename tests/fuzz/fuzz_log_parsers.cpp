// libFuzzer target for the log pipeline: LogParser in its three formats, cleanTerminalText, detectLevel,
// historyCut and the LogBuffer. Input: one byte choosing the format and options, two bytes seeding where the
// bytes are cut into feeds, then the log bytes. Checks that any cutting gives the records of one feed, written as
// records or straight into a LogBatch, that every text is valid UTF-8 without control characters, that spans lie
// inside their text, and that the buffer gives back what it was given as history and live.
#include "ops/logs/LogParsers.h"
#include "ragdesk/client/ops/logs/LogBuffer.h"
#include "ragdesk/client/ops/logs/TerminalText.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

using namespace ragdesk::client::ops;

namespace {

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

void checkClean(std::string_view text, const std::vector<StyleSpan>& spans)
{
    check(isValidUtf8(text));
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        check((byte >= 0x20 || byte == '\t') && byte != 0x7F);
    }
    size_t previousEnd = 0;
    for (const StyleSpan& span : spans) {
        check(span.length > 0);
        check(span.begin >= previousEnd);
        check(size_t{span.begin} + span.length <= text.size());
        previousEnd = span.begin + span.length;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 3) {
        return 0;
    }
    const uint8_t selector = data[0];
    uint32_t seed = (uint32_t{data[1]} << 8) | data[2];
    const std::string_view bytes(reinterpret_cast<const char*>(data + 3), size - 3);

    const auto format = static_cast<LogFormat>(selector % 3);
    LogParserOptions options;
    options.rejoinTimestampedParts = (selector & 4) == 0;
    options.stream = (selector & 8) ? LogStream::Stderr : LogStream::Stdout;
    options.maxLineBytes = (selector & 16) ? 64 : kMaxLogLineBytes; // small: the truncation paths

    std::vector<LogRecord> whole;
    {
        LogParser parser(format, options);
        parser.feed(bytes, whole);
        parser.finish(whole);
    }
    std::vector<LogRecord> pieces;
    {
        LogParser parser(format, options);
        size_t at = 0;
        while (at < bytes.size()) {
            seed = seed * 1103515245u + 12345u;
            const size_t length = 1 + (seed >> 16) % ((selector & 32) ? 3 : 97);
            parser.feed(bytes.substr(at, length), pieces);
            at += length;
            check(parser.pendingBytes() <= 2 * (2 * options.maxLineBytes + 64 * 1024));
        }
        parser.finish(pieces);
    }
    check(whole == pieces);
    // Written straight into a batch, cut yet another way: the same lines.
    LogBatch batch;
    {
        LogParser parser(format, options);
        size_t at = 0;
        while (at < bytes.size()) {
            seed = seed * 1103515245u + 12345u;
            const size_t length = 1 + (seed >> 16) % 4096;
            parser.feed(bytes.substr(at, length), batch);
            at += length;
        }
        parser.finish(batch);
    }
    check(batch.size() == whole.size());
    for (size_t k = 0; k < batch.size(); ++k) {
        const LogLine line = batch.at(k);
        const LogRecord& record = whole[k];
        check(line.text == record.text && line.time == record.time && line.level == record.level);
        check(line.stream == record.stream && line.source == record.source && line.rejoined == record.rejoined);
        check(line.repairedUtf8 == record.repairedUtf8 && line.truncated == record.truncated);
        check(line.malformed == record.malformed);
        check(std::equal(line.spans.begin(), line.spans.end(), record.spans.begin(), record.spans.end()));
    }
    for (const LogRecord& record : whole) {
        checkClean(record.text, record.spans);
        check(record.text.size() <= options.maxLineBytes + 100);
    }

    const CleanText clean = cleanTerminalText(bytes, (selector & 16) ? 64 : kMaxLogLineBytes);
    checkClean(clean.text, clean.spans);
    (void)detectLevel(bytes);
    (void)detectLevel(clean.text);
    const size_t cut = historyCut(format, bytes, (selector & 64) ? 16 : 1024);
    check(cut == std::string_view::npos || cut <= bytes.size());

    LogBuffer buffer(LogBufferLimits{(selector & 128) ? size_t{3} : size_t{1000}, 1 << 20});
    // The lines before a split the seed picks go in as history (a batch), the rest are appended live.
    const size_t split = whole.empty() ? 0 : seed % (whole.size() + 1);
    LogBatch live = batch.splitAt(split);
    for (size_t k = 0; k < live.size(); ++k) {
        check(live.at(k).text == whole[split + k].text);
    }
    buffer.prepend(std::move(batch));
    buffer.append(std::span<const LogRecord>(whole).subspan(split));
    const size_t kept = buffer.size();
    check(kept <= whole.size());
    for (size_t k = 0; k < kept; ++k) {
        const LogRecord& record = whole[whole.size() - kept + k];
        const LogLine line = buffer.at(k);
        check(line.text == record.text);
        check(line.spans.size() == record.spans.size());
        check(line.level == record.level && line.time == record.time);
    }
    if (!clean.text.empty()) {
        LogFilter filter;
        filter.text = clean.text.substr(0, 3);
        filter.caseSensitive = (selector & 2) != 0;
        filter.regex = (selector & 4) != 0; // three bytes of any text may not be an expression: then an error
        const auto matcher = LogMatcher::compile(filter);
        check(matcher || filter.regex);
        for (const LogLineId id : matcher ? buffer.filter(*matcher) : std::vector<LogLineId>{}) {
            check(buffer.indexOf(id).has_value());
        }
    }
    return 0;
}
