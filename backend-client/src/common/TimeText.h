#pragma once

// The parts every timestamp format of the client shares, read one way: the date and time of day
// ("2026-11-25T18:44:45") and a decimal fraction of a second. The formats differ in what follows (the API's bare
// UTC times, RFC 3339 zones in the engines' logs, Go's "+0000 UTC" in `docker ps`); their parsers build on these.
// Private to the client library.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ragdesk::client::timetext {

/// Exactly count decimal digits at text[at] as a number; -1 when one is not a digit or past the text's end.
int readDigits(std::string_view text, size_t at, size_t count);

/// The length of "YYYY-MM-DDThh:mm:ss".
inline constexpr size_t kDateTimeBytes = 19;

/// Seconds since the epoch (UTC) of "YYYY-MM-DDThh:mm:ss" at the start of text: 'T' or 't' between date and time,
/// or ' ' where spaceSeparated; a real date, hours to 23, minutes to 59, seconds to 60 (a leap second). nullopt
/// otherwise.
std::optional<int64_t> readDateTime(std::string_view text, bool spaceSeparated);

/// A fraction of a second: the first six digits as microseconds, how many digits there were, and where it ends.
struct Fraction {
    int64_t micros = 0;
    size_t digits = 0;
    size_t end = 0;
};

/// The fraction at text[pos]: ".123456789" (cut to microseconds), or none at all (0 digits, end = pos). nullopt for
/// a '.' without digits.
std::optional<Fraction> readFraction(std::string_view text, size_t pos);

} // namespace ragdesk::client::timetext
