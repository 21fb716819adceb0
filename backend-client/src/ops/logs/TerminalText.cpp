#include "ragdesk/client/ops/logs/TerminalText.h"

#include <array>
#include <cstdlib>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ragdesk::client::ops {
namespace {

constexpr char kEsc = '\x1b';
constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

// Eight bytes at a time: true when every byte is printable ASCII (0x20..0x7E).
inline bool allPrintable(uint64_t word)
{
    constexpr uint64_t ones = 0x0101010101010101ULL;
    constexpr uint64_t highs = 0x8080808080808080ULL;
    const uint64_t below = (word - ones * 0x20) & ~word & highs; // a byte < 0x20 (valid when no high bit set)
    const uint64_t del = word ^ (ones * 0x7F);
    const uint64_t isDel = (del - ones) & ~del & highs;
    return ((word & highs) | below | isDel) == 0;
}

// Index of the first byte at or after `from` that is not printable ASCII, or size.
inline size_t skipPrintable(const char* data, size_t from, size_t size)
{
    size_t i = from;
#if defined(__SSE2__)
    // 16 at a time where the target has SSE2 (x86-64 always does): as signed bytes, printable ASCII is 0x20..0x7E
    // and everything else is below 0x20 or is 0x7F (DEL) or negative (0x80 and up).
    const __m128i belowPrintable = _mm_set1_epi8(0x1F);
    const __m128i del = _mm_set1_epi8(0x7F);
    while (i + 16 <= size) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
        const __m128i printable = _mm_and_si128(_mm_cmpgt_epi8(bytes, belowPrintable), _mm_cmplt_epi8(bytes, del));
        if (_mm_movemask_epi8(printable) != 0xFFFF) {
            break;
        }
        i += 16;
    }
#endif
    while (i + 8 <= size) {
        uint64_t word;
        std::memcpy(&word, data + i, 8);
        if (!allPrintable(word)) {
            break;
        }
        i += 8;
    }
    while (i < size) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c < 0x20 || c >= 0x7F) {
            break;
        }
        ++i;
    }
    return i;
}

// One UTF-8 sequence at data[0..avail): its length when valid (codePoint set), else the length of its maximal
// subpart (at least 1) with codePoint = kInvalid.
constexpr uint32_t kInvalid = 0xFFFFFFFF;

inline size_t decodeUtf8(const unsigned char* data, size_t avail, uint32_t& codePoint)
{
    const unsigned char lead = data[0];
    codePoint = kInvalid;
    if (lead < 0x80) {
        codePoint = lead;
        return 1;
    }
    if (lead < 0xC2 || lead >= 0xF5) {
        return 1;
    }
    size_t need = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    uint32_t value = 0;
    if (lead < 0xE0) {
        need = 1;
        value = lead & 0x1Fu;
    } else if (lead < 0xF0) {
        need = 2;
        value = lead & 0x0Fu;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else {
        need = 3;
        value = lead & 0x07u;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    }
    for (size_t k = 1; k <= need; ++k) {
        if (k >= avail) {
            return k;
        }
        const unsigned char c = data[k];
        if (c < low || c > high) {
            return k;
        }
        low = 0x80;
        high = 0xBF;
        value = (value << 6) | (c & 0x3Fu);
    }
    codePoint = value;
    return need + 1;
}

struct Style {
    uint16_t fg = 0;
    uint16_t bg = 0;
    bool bold = false;
    bool faint = false;
    bool italic = false;
    bool underline = false;
    bool inverse = false;
    bool strike = false;

    bool isDefault() const { return *this == Style{}; }
    friend bool operator==(const Style&, const Style&) = default;
};

bool sameStyle(const StyleSpan& span, const Style& style)
{
    return span.fg == style.fg && span.bg == style.bg && span.bold == style.bold && span.faint == style.faint &&
        span.italic == style.italic && span.underline == style.underline && span.inverse == style.inverse &&
        span.strike == style.strike;
}

// SGR parameters as read: up to kMaxParams parameters of up to kMaxSub colon-separated values; -1 = empty.
// Without member initialisers, so that the array of them is not cleared per sequence (1 KiB, a third of the cost of
// a coloured line): only the values counted are read.
constexpr size_t kMaxParams = 32;
constexpr size_t kMaxSub = 6;
struct SgrParam {
    std::array<int, kMaxSub> values;
    size_t count;
};

int valueOr(int value, int fallback)
{
    return value < 0 ? fallback : value;
}

std::optional<uint16_t> paletteColour(int index)
{
    if (index < 0 || index > 255) {
        return std::nullopt;
    }
    return static_cast<uint16_t>(index + 1);
}

std::optional<uint16_t> rgbColour(int red, int green, int blue)
{
    if (red < 0 || red > 255 || green < 0 || green > 255 || blue < 0 || blue > 255) {
        return std::nullopt;
    }
    return static_cast<uint16_t>(
        nearestPaletteIndex(static_cast<uint8_t>(red), static_cast<uint8_t>(green), static_cast<uint8_t>(blue)) + 1);
}

// 38/48: the colour and how many following ';' parameters it used.
std::optional<uint16_t> extendedColour(const std::array<SgrParam, kMaxParams>& params, size_t count, size_t& k)
{
    const SgrParam& param = params[k];
    if (param.count > 1) { // colon form: 38:5:n, 38:2:r:g:b or 38:2:colourspace:r:g:b
        const int mode = param.values[1];
        if (mode == 5 && param.count >= 3) {
            return paletteColour(param.values[2]);
        }
        if (mode == 2 && param.count >= 6) {
            return rgbColour(valueOr(param.values[3], 0), valueOr(param.values[4], 0), valueOr(param.values[5], 0));
        }
        if (mode == 2 && param.count == 5) {
            return rgbColour(valueOr(param.values[2], 0), valueOr(param.values[3], 0), valueOr(param.values[4], 0));
        }
        return std::nullopt;
    }
    if (k + 1 >= count) {
        return std::nullopt;
    }
    const int mode = params[k + 1].values[0];
    if (mode == 5) {
        if (k + 2 >= count) {
            k = count;
            return std::nullopt;
        }
        const int index = params[k + 2].values[0];
        k += 2;
        return paletteColour(index);
    }
    if (mode == 2) {
        if (k + 4 >= count) {
            k = count;
            return std::nullopt;
        }
        const int red = valueOr(params[k + 2].values[0], 0);
        const int green = valueOr(params[k + 3].values[0], 0);
        const int blue = valueOr(params[k + 4].values[0], 0);
        k += 4;
        return rgbColour(red, green, blue);
    }
    k += 1;
    return std::nullopt;
}

void applySgr(std::string_view text, Style& style)
{
    std::array<SgrParam, kMaxParams> params; // [0, count) filled
    size_t count = 0;
    SgrParam current{};
    int value = -1;
    auto endValue = [&] {
        if (current.count < kMaxSub) {
            current.values[current.count++] = value;
        }
        value = -1;
    };
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            value = value < 0 ? c - '0' : (value > 100000 ? value : value * 10 + (c - '0'));
        } else if (c == ':') {
            endValue();
        } else { // ';' (other parameter bytes do not occur: the caller checked the first one)
            endValue();
            if (count < kMaxParams) {
                params[count++] = current;
            }
            current = SgrParam{};
        }
    }
    endValue();
    if (count < kMaxParams) {
        params[count++] = current;
    }

    for (size_t k = 0; k < count; ++k) {
        const int code = valueOr(params[k].values[0], 0);
        if (code >= 30 && code <= 37) {
            style.fg = static_cast<uint16_t>(code - 30 + 1);
        } else if (code >= 40 && code <= 47) {
            style.bg = static_cast<uint16_t>(code - 40 + 1);
        } else if (code >= 90 && code <= 97) {
            style.fg = static_cast<uint16_t>(code - 90 + 9);
        } else if (code >= 100 && code <= 107) {
            style.bg = static_cast<uint16_t>(code - 100 + 9);
        } else {
            switch (code) {
            case 0:
                style = Style{};
                break;
            case 1:
                style.bold = true;
                break;
            case 2:
                style.faint = true;
                break;
            case 3:
                style.italic = true;
                break;
            case 4:
                style.underline = params[k].count < 2 || params[k].values[1] != 0;
                break;
            case 7:
                style.inverse = true;
                break;
            case 9:
                style.strike = true;
                break;
            case 21:
                style.underline = true;
                break;
            case 22:
                style.bold = false;
                style.faint = false;
                break;
            case 23:
                style.italic = false;
                break;
            case 24:
                style.underline = false;
                break;
            case 27:
                style.inverse = false;
                break;
            case 29:
                style.strike = false;
                break;
            case 38:
                if (const auto colour = extendedColour(params, count, k)) {
                    style.fg = *colour;
                }
                break;
            case 48:
                if (const auto colour = extendedColour(params, count, k)) {
                    style.bg = *colour;
                }
                break;
            case 39:
                style.fg = 0;
                break;
            case 49:
                style.bg = 0;
                break;
            default:
                break;
            }
        }
    }
}

// The slow path: a small terminal that keeps only what it would show on one line.
class Cleaner {
public:
    // text and spans from textBase and spanBase on are this line's.
    Cleaner(std::string& text, std::vector<StyleSpan>& spans, size_t textBase, size_t spanBase, size_t maxBytes)
        : m_text(text), m_spans(spans), m_textBase(textBase), m_spanBase(spanBase), m_maxBytes(maxBytes)
    {
    }

    TerminalTextFlags run(std::string_view raw, size_t from)
    {
        const char* data = raw.data();
        const size_t size = raw.size();
        size_t i = from;
        while (i < size && !m_flags.truncated) {
            const auto c = static_cast<unsigned char>(data[i]);
            if (c >= 0x20 && c < 0x7F) {
                const size_t end = skipPrintable(data, i, size);
                emit(data + i, end - i);
                i = end;
            } else if (c == '\t') {
                emit(data + i, 1);
                ++i;
            } else if (c == static_cast<unsigned char>(kEsc)) {
                i = escape(raw, i);
            } else if (c == '\r') {
                m_pendingCr = true;
                ++i;
            } else if (c < 0x80) {
                ++i; // C0 control or DEL
            } else {
                uint32_t codePoint = 0;
                const size_t length = decodeUtf8(reinterpret_cast<const unsigned char*>(data + i), size - i, codePoint);
                if (codePoint == kInvalid) {
                    m_flags.repairedUtf8 = true;
                    emit(kReplacement.data(), kReplacement.size());
                } else if (codePoint >= 0xA0) {
                    emit(data + i, length);
                } // else a C1 control: removed
                i += length;
            }
        }
        closeSpan();
        return m_flags;
    }

private:
    size_t length() const { return m_text.size() - m_textBase; }

    void emit(const char* bytes, size_t count)
    {
        if (m_pendingCr) {
            m_pendingCr = false;
            m_text.resize(m_textBase);
            m_spans.resize(m_spanBase);
            m_spanStart = 0;
        }
        if (length() + count > m_maxBytes) {
            // Cut at a character boundary: never inside a multi-byte sequence.
            size_t room = m_maxBytes - length();
            while (room > 0 && (static_cast<unsigned char>(bytes[room]) & 0xC0) == 0x80) {
                --room;
            }
            m_text.append(bytes, room);
            m_flags.truncated = true;
            return;
        }
        m_text.append(bytes, count);
    }

    void setStyle(const Style& style)
    {
        if (style == m_style) {
            return;
        }
        closeSpan();
        m_style = style;
        m_spanStart = length();
    }

    void closeSpan()
    {
        const size_t end = length();
        if (m_style.isDefault() || end <= m_spanStart) {
            m_spanStart = end;
            return;
        }
        const auto begin = static_cast<uint32_t>(m_spanStart);
        const auto count = static_cast<uint32_t>(end - m_spanStart);
        m_spanStart = end;
        if (m_spans.size() > m_spanBase) {
            StyleSpan& last = m_spans.back();
            if (last.begin + last.length == begin && sameStyle(last, m_style)) {
                last.length += count;
                return;
            }
        }
        StyleSpan span;
        span.begin = begin;
        span.length = count;
        span.fg = m_style.fg;
        span.bg = m_style.bg;
        span.bold = m_style.bold;
        span.faint = m_style.faint;
        span.italic = m_style.italic;
        span.underline = m_style.underline;
        span.inverse = m_style.inverse;
        span.strike = m_style.strike;
        m_spans.push_back(span);
    }

    // data[i] is ESC; returns where reading goes on.
    size_t escape(std::string_view raw, size_t i)
    {
        const size_t size = raw.size();
        if (i + 1 >= size) {
            return size;
        }
        const auto kind = static_cast<unsigned char>(raw[i + 1]);
        if (kind == '[') {
            return csi(raw, i + 2);
        }
        if (kind == ']' || kind == 'P' || kind == 'X' || kind == '^' || kind == '_') {
            return stringSequence(raw, i + 2);
        }
        if (kind >= 0x20 && kind <= 0x2F) { // ESC, intermediates, one final byte: ESC ( B, ESC # 8...
            size_t j = i + 1;
            while (
                j < size && static_cast<unsigned char>(raw[j]) >= 0x20 && static_cast<unsigned char>(raw[j]) <= 0x2F) {
                ++j;
            }
            if (j < size && static_cast<unsigned char>(raw[j]) >= 0x30 && static_cast<unsigned char>(raw[j]) <= 0x7E) {
                return j + 1;
            }
            return j;
        }
        if (kind >= 0x30 && kind <= 0x7E) { // ESC 7, ESC =, ESC c ...
            return i + 2;
        }
        return i + 1; // a lone ESC: the next byte is read as usual
    }

    size_t csi(std::string_view raw, size_t start)
    {
        const size_t size = raw.size();
        size_t j = start;
        while (j < size && raw[j] >= 0x30 && raw[j] <= 0x3F) {
            ++j;
        }
        const size_t paramsEnd = j;
        while (j < size && raw[j] >= 0x20 && raw[j] <= 0x2F) {
            ++j;
        }
        if (j >= size) {
            return size; // cut off at the line end: dropped
        }
        const auto final = static_cast<unsigned char>(raw[j]);
        if (final < 0x40 || final > 0x7E) {
            return j; // aborted by a byte that cannot be in it
        }
        const std::string_view params = raw.substr(start, paramsEnd - start);
        const bool isPrivate = !params.empty() && params.front() >= '<';
        if (final == 'm' && paramsEnd == j && !isPrivate) {
            Style style = m_style;
            applySgr(params, style);
            setStyle(style);
        }
        return j + 1;
    }

    // OSC, DCS, SOS, PM, APC: up to BEL or ESC \ (CAN and SUB abort it). Without a terminator only the introducer
    // is dropped. Once a search found no terminator up to the end, later searches cannot find one either.
    size_t stringSequence(std::string_view raw, size_t start)
    {
        const size_t size = raw.size();
        if (start >= m_noTerminatorFrom) {
            return start;
        }
        for (size_t j = start; j < size; ++j) {
            const char c = raw[j];
            if (c == '\a' || c == '\x18' || c == '\x1a') {
                return j + 1;
            }
            if (c == kEsc && j + 1 < size && raw[j + 1] == '\\') {
                return j + 2;
            }
        }
        m_noTerminatorFrom = start;
        return start;
    }

    std::string& m_text;
    std::vector<StyleSpan>& m_spans;
    const size_t m_textBase;
    const size_t m_spanBase;
    const size_t m_maxBytes;
    Style m_style;
    size_t m_spanStart = 0;
    bool m_pendingCr = false;
    size_t m_noTerminatorFrom = SIZE_MAX;
    TerminalTextFlags m_flags;
};

} // namespace

TerminalTextFlags appendCleanTerminalText(
    std::string_view raw, std::string& text, std::vector<StyleSpan>& spans, size_t maxBytes)
{
    // Fast path: printable ASCII and valid UTF-8 without C1 controls, no longer than maxBytes.
    const char* data = raw.data();
    const size_t size = raw.size();
    size_t i = 0;
    if (size <= maxBytes) {
        while (true) {
            i = skipPrintable(data, i, size);
            if (i >= size) {
                text.append(raw);
                return {};
            }
            const auto c = static_cast<unsigned char>(data[i]);
            if (c == '\t') {
                ++i;
                continue;
            }
            if (c < 0x80) {
                break;
            }
            uint32_t codePoint = 0;
            const size_t length = decodeUtf8(reinterpret_cast<const unsigned char*>(data + i), size - i, codePoint);
            if (codePoint == kInvalid || codePoint < 0xA0) {
                break;
            }
            i += length;
        }
    } else {
        i = 0;
    }
    // [0, i) is clean: copy it and go on with the slow path from there.
    const size_t textBase = text.size();
    text.append(data, i);
    Cleaner cleaner(text, spans, textBase, spans.size(), maxBytes);
    return cleaner.run(raw, i);
}

CleanText cleanTerminalText(std::string_view raw, size_t maxBytes)
{
    CleanText result;
    result.flags = appendCleanTerminalText(raw, result.text, result.spans, maxBytes);
    return result;
}

bool isValidUtf8(std::string_view text)
{
    const auto* data = reinterpret_cast<const unsigned char*>(text.data());
    const size_t size = text.size();
    size_t i = 0;
    while (i < size) {
        if (data[i] < 0x80) {
            ++i;
            continue;
        }
        uint32_t codePoint = 0;
        const size_t length = decodeUtf8(data + i, size - i, codePoint);
        if (codePoint == kInvalid) {
            return false;
        }
        i += length;
    }
    return true;
}

uint8_t nearestPaletteIndex(uint8_t red, uint8_t green, uint8_t blue)
{
    static constexpr std::array<int, 6> levels{0, 95, 135, 175, 215, 255};
    auto nearestLevel = [](int value) {
        int best = 0;
        for (int k = 1; k < 6; ++k) {
            if (std::abs(levels[static_cast<size_t>(k)] - value) <
                std::abs(levels[static_cast<size_t>(best)] - value)) {
                best = k;
            }
        }
        return best;
    };
    auto square = [](int value) { return value * value; };
    const int r = nearestLevel(red);
    const int g = nearestLevel(green);
    const int b = nearestLevel(blue);
    const int cubeDistance = square(levels[static_cast<size_t>(r)] - red) +
        square(levels[static_cast<size_t>(g)] - green) + square(levels[static_cast<size_t>(b)] - blue);
    // Grey ramp 232..255: 8, 18, ..., 238.
    const int average = (red + green + blue) / 3;
    int grey = (average - 8 + 5) / 10;
    grey = grey < 0 ? 0 : (grey > 23 ? 23 : grey);
    const int greyLevel = 8 + 10 * grey;
    const int greyDistance = square(greyLevel - red) + square(greyLevel - green) + square(greyLevel - blue);
    if (greyDistance < cubeDistance) {
        return static_cast<uint8_t>(232 + grey);
    }
    return static_cast<uint8_t>(16 + 36 * r + 6 * g + b);
}

} // namespace ragdesk::client::ops
