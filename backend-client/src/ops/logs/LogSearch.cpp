#include "ops/logs/LogSearch.h"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ragdesk::client::ops {
namespace {

constexpr std::array<char, 256> makeFoldTable()
{
    std::array<char, 256> table{};
    for (size_t c = 0; c < 256; ++c) {
        table[c] = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    }
    return table;
}
constexpr std::array<char, 256> kFold = makeFoldTable();

inline char fold(char c)
{
    return kFold[static_cast<unsigned char>(c)];
}

bool equalFolded(const char* text, const char* foldedNeedle, size_t count)
{
    for (size_t k = 0; k < count; ++k) {
        if (fold(text[k]) != foldedNeedle[k]) {
            return false;
        }
    }
    return true;
}

char upperOf(char c)
{
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

} // namespace

Searcher::Searcher(std::string_view needle, bool caseSensitive) : m_caseSensitive(caseSensitive)
{
    m_needle.reserve(needle.size());
    for (const char c : needle) {
        m_needle.push_back(caseSensitive ? c : fold(c));
    }
}

size_t Searcher::find(const char* data, size_t from, size_t to) const
{
    const size_t n = m_needle.size();
    if (n == 0 || to < from + n) {
        return n == 0 && from <= to ? from : std::string_view::npos;
    }
    const char first = m_needle.front();
    const char last = m_needle.back();
    size_t i = from;
#if defined(__SSE2__)
    const __m128i firstLower = _mm_set1_epi8(first);
    const __m128i firstUpper = _mm_set1_epi8(m_caseSensitive ? first : upperOf(first));
    const __m128i lastLower = _mm_set1_epi8(last);
    const __m128i lastUpper = _mm_set1_epi8(m_caseSensitive ? last : upperOf(last));
    for (; i + n - 1 + 16 <= to; i += 16) {
        const __m128i heads = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
        const __m128i tails = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i + n - 1));
        const __m128i headMatch = _mm_or_si128(_mm_cmpeq_epi8(heads, firstLower), _mm_cmpeq_epi8(heads, firstUpper));
        const __m128i tailMatch = _mm_or_si128(_mm_cmpeq_epi8(tails, lastLower), _mm_cmpeq_epi8(tails, lastUpper));
        auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(headMatch, tailMatch)));
        while (mask != 0) {
            const auto bit = static_cast<size_t>(__builtin_ctz(mask));
            if (n <= 2 ||
                (m_caseSensitive ? std::memcmp(data + i + bit + 1, m_needle.data() + 1, n - 2) == 0
                                 : equalFolded(data + i + bit + 1, m_needle.data() + 1, n - 2))) {
                return i + bit;
            }
            mask &= mask - 1;
        }
    }
#else
    if (m_caseSensitive) {
        const void* hit = memmem(data + from, to - from, m_needle.data(), n);
        return hit ? static_cast<size_t>(static_cast<const char*>(hit) - data) : std::string_view::npos;
    }
#endif
    for (; i + n <= to; ++i) {
        if (m_caseSensitive ? (data[i] == first && std::memcmp(data + i, m_needle.data(), n) == 0)
                            : (fold(data[i]) == first && equalFolded(data + i, m_needle.data(), n))) {
            return i;
        }
    }
    return std::string_view::npos;
}

} // namespace ragdesk::client::ops
