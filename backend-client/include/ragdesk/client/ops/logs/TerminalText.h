#pragma once

// What a terminal would show of one line of container output, as plain UTF-8 text plus style spans: what the log
// parsers make of each line, and what the GUI shows of a command's output. Pure, no I/O.

#include "ragdesk/client/ops/logs/LogRecord.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

/// What cleanTerminalText found besides the text.
struct TerminalTextFlags {
    bool repairedUtf8 = false; ///< some bytes were not UTF-8 and became U+FFFD
    bool truncated = false; ///< the text reached maxBytes and the rest was dropped
};

/// The text of a cleaned line and its styled runs.
struct CleanText {
    std::string text;
    std::vector<StyleSpan> spans;
    TerminalTextFlags flags;
};

/// Cleans one line (no line end inside, or it is removed like any control):
/// - ECMA-48 SGR sequences (`ESC [ ... m`, parameters separated by ';' or ':') become StyleSpans over the cleaned
///   text: 0 reset, 1 bold, 2 faint, 3 italic, 4 underline (4:0 off, 4:n on), 7 inverse, 9 strike, 21 underline,
///   22/23/24/27/29 off, 30-37/90-97 and 40-47/100-107 colours, 38;5;n/48;5;n, 38;2;r;g;b/48;2;r;g;b (nearest
///   palette entry), 39/49 default. Other SGR codes (blink, conceal, fonts...) are ignored.
/// - Every other escape is removed: CSI with any other final byte or with a private/intermediate byte, OSC
///   (`ESC ]` ... BEL or `ESC \`, OSC 8 hyperlinks keep their visible text), DCS/SOS/PM/APC strings, two- and
///   three-byte escapes (`ESC 7`, `ESC ( B`), and a lone ESC. A sequence cut by a byte that cannot be in it ends
///   there and that byte is read as text; a string sequence (OSC, DCS...) without its terminator loses only its
///   introducer, so a stray `ESC ]` never hides the rest of a line.
/// - C0 controls except TAB are removed, and so are DEL and the C1 controls U+0080-U+009F.
/// - Carriage return: trailing CRs are dropped; a CR followed by more visible text discards what came before it
///   (the line's visible text and spans, not the style in effect), as a terminal overwrites a progress line:
///   "10%\r20%\r100%" gives "100%".
/// - Invalid UTF-8 becomes U+FFFD, one per maximal subpart (Unicode ch. 3 / WHATWG decoder): overlong forms,
///   surrogates (ED A0..BF) and code points past U+10FFFF are invalid; nothing is dropped.
/// - The text stops at maxBytes (at a character boundary) and flags.truncated is set.
/// Lines of printable ASCII / valid UTF-8 without controls take a fast path (one scan, one copy).
CleanText cleanTerminalText(std::string_view raw, size_t maxBytes = kMaxLogLineBytes);

/// The same, appending to text and spans (spans are relative to the start of what this call appends). For callers
/// that reuse buffers.
TerminalTextFlags appendCleanTerminalText(
    std::string_view raw, std::string& text, std::vector<StyleSpan>& spans, size_t maxBytes = kMaxLogLineBytes);

/// True when text is valid UTF-8 (the rules above).
bool isValidUtf8(std::string_view text);

/// The xterm palette index (0..255) nearest to an RGB colour, from the 6x6x6 cube and the grey ramp.
uint8_t nearestPaletteIndex(uint8_t red, uint8_t green, uint8_t blue);

} // namespace ragdesk::client::ops
