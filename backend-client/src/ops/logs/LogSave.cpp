// Saving a buffer's lines to a file, with their timestamps.

#include "ragdesk/client/ops/logs/LogBuffer.h"

#include <algorithm>
#include <fstream>
#include <ostream>
#include <system_error>

namespace ragdesk::client::ops {
namespace {

constexpr size_t kSaveChunkBytes = size_t{1} << 20;

void appendTime(std::string& out, ContainerTime time)
{
    using namespace std::chrono;
    const auto day = floor<days>(time);
    const year_month_day date(day);
    const hh_mm_ss<microseconds> clock(time - day);
    char text[32];
    const int year = static_cast<int>(date.year());
    auto put = [&](size_t at, unsigned value, size_t width) {
        for (size_t k = width; k-- > 0;) {
            text[at + k] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, static_cast<unsigned>(std::clamp(year, 0, 9999)), 4);
    text[4] = '-';
    put(5, static_cast<unsigned>(date.month()), 2);
    text[7] = '-';
    put(8, static_cast<unsigned>(date.day()), 2);
    text[10] = 'T';
    put(11, static_cast<unsigned>(clock.hours().count()), 2);
    text[13] = ':';
    put(14, static_cast<unsigned>(clock.minutes().count()), 2);
    text[16] = ':';
    put(17, static_cast<unsigned>(clock.seconds().count()), 2);
    text[19] = '.';
    put(20, static_cast<unsigned>(clock.subseconds().count()), 6);
    text[26] = 'Z';
    out.append(text, 27);
}

Error writeError(std::string message)
{
    Error error;
    error.kind = ErrorKind::Protocol;
    error.message = std::move(message);
    return error;
}

} // namespace

std::string formatLogTime(ContainerTime time)
{
    std::string text;
    appendTime(text, time);
    return text;
}

Result<SaveSummary> saveLogs(const LogBuffer& buffer, std::ostream& out, const SaveBounds& bounds)
{
    const size_t first = std::min(bounds.first, buffer.size());
    const size_t last = std::min(bounds.last, buffer.size());
    auto selected = [&](const LogLine& line) {
        if ((bounds.from && line.time < *bounds.from) || (bounds.to && *bounds.to < line.time)) {
            return false;
        }
        return !bounds.filter || bounds.filter->matches(line, line.text);
    };
    auto lineBytes = [&](const LogLine& line) {
        const size_t streamMark = line.stream == LogStream::Stderr ? 9 : 0; // " (stderr)"
        return 27 + 1 + buffer.sourceName(line.source).size() + streamMark + 3 + line.text.size() + 1;
    };
    // Which lines go out: count from the kept end until a bound is reached.
    SaveSummary summary;
    size_t begin = first;
    size_t end = last;
    {
        size_t lines = 0;
        size_t bytes = 0;
        bool stopped = false;
        auto consider = [&](size_t index) {
            const LogLine line = buffer.at(index);
            if (!selected(line)) {
                return true;
            }
            const size_t cost = lineBytes(line);
            if (stopped || lines + 1 > bounds.maxLines || bytes + cost > bounds.maxBytes) {
                stopped = true;
                ++summary.skipped;
                return false;
            }
            ++lines;
            bytes += cost;
            return true;
        };
        if (bounds.keepNewest) {
            for (size_t index = last; index > first; --index) {
                if (!consider(index - 1) && begin == first) {
                    begin = index;
                }
            }
        } else {
            for (size_t index = first; index < last; ++index) {
                if (!consider(index) && end == last) {
                    end = index;
                }
            }
        }
    }
    std::string chunk;
    chunk.reserve(kSaveChunkBytes);
    auto flush = [&] {
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        chunk.clear();
    };
    for (size_t index = begin; index < end; ++index) {
        const LogLine line = buffer.at(index);
        if (!selected(line)) {
            continue;
        }
        const size_t before = chunk.size();
        appendTime(chunk, line.time);
        chunk += ' ';
        chunk += buffer.sourceName(line.source);
        if (line.stream == LogStream::Stderr) {
            chunk += " (stderr)";
        }
        chunk += " | ";
        chunk += line.text;
        chunk += '\n';
        summary.bytes += chunk.size() - before;
        ++summary.lines;
        if (chunk.size() >= kSaveChunkBytes) {
            flush();
            if (!out) {
                return writeError("could not write the log lines");
            }
        }
    }
    flush();
    out.flush();
    if (!out) {
        return writeError("could not write the log lines");
    }
    return summary;
}

Result<SaveSummary> saveLogs(const LogBuffer& buffer, const std::filesystem::path& path, const SaveBounds& bounds)
{
    std::filesystem::path part = path;
    part += ".part";
    Result<SaveSummary> result = SaveSummary{};
    {
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        if (!out) {
            return writeError("could not create " + part.string());
        }
        // Logs hold what a stack's users asked and were told: readable by the owner only, from before the first
        // byte is written.
        std::error_code denied;
        std::filesystem::permissions(part, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace, denied);
        if (denied) {
            return writeError("could not make " + part.string() + " private: " + denied.message());
        }
        result = saveLogs(buffer, out, bounds);
        out.close();
        if (result && !out) {
            result = writeError("could not write " + part.string());
        }
    }
    std::error_code error;
    if (!result) {
        std::filesystem::remove(part, error);
        return writeError(result.error().message + " (" + path.string() + ")");
    }
    std::filesystem::rename(part, path, error);
    if (error) {
        std::filesystem::remove(part, error);
        return writeError("could not rename " + part.string() + " to " + path.string() + ": " + error.message());
    }
    return result;
}

} // namespace ragdesk::client::ops
