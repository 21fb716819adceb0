#include "ragdesk/client/ops/logs/TerminalText.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace ragdesk::client::ops;

namespace {

StyleSpan span(uint32_t begin, uint32_t length, uint16_t fg = 0, uint16_t bg = 0)
{
    StyleSpan result;
    result.begin = begin;
    result.length = length;
    result.fg = fg;
    result.bg = bg;
    return result;
}

StyleSpan bold(StyleSpan result)
{
    result.bold = true;
    return result;
}

const std::string kFffd = "\xEF\xBF\xBD";

std::string replaced(int count)
{
    std::string text;
    for (int k = 0; k < count; ++k) {
        text += kFffd;
    }
    return text;
}

// What every cleaned text must satisfy, whatever came in.
void expectWellFormed(const CleanText& clean)
{
    EXPECT_TRUE(isValidUtf8(clean.text));
    uint32_t previousEnd = 0;
    for (const StyleSpan& s : clean.spans) {
        EXPECT_GT(s.length, 0u);
        EXPECT_GE(s.begin, previousEnd);
        EXPECT_LE(size_t{s.begin} + s.length, clean.text.size());
        previousEnd = s.begin + s.length;
    }
    for (const char c : clean.text) {
        const auto byte = static_cast<unsigned char>(c);
        EXPECT_TRUE(byte >= 0x20 || byte == '\t') << int(byte);
        EXPECT_NE(byte, 0x7F);
    }
}

} // namespace

TEST(TerminalText, PlainTextPassesUnchanged)
{
    for (const std::string text : {"", "hello", "2026-11-25 19:15:29,810 INFO auth: seq=92 slow query took 1870 ms",
             "tab\tseparated", "Grüße from the scheduler ✅ 😀 (Müller)"}) {
        const CleanText clean = cleanTerminalText(text);
        EXPECT_EQ(clean.text, text);
        EXPECT_TRUE(clean.spans.empty());
        EXPECT_FALSE(clean.flags.repairedUtf8);
        EXPECT_FALSE(clean.flags.truncated);
    }
}

TEST(TerminalText, NoiseAnsiLineBecomesTextAndSpans)
{
    // As the devstack's noise service prints it (tests/data/ops/logs).
    const CleanText clean = cleanTerminalText("\x1b[2m2026-11-25T19:15:29.810Z\x1b[0m \x1b[1;31mERROR\x1b[0m "
                                              "\x1b[36mworker.ingest\x1b[0m seq=90 token refresh skipped");
    EXPECT_EQ(clean.text, "2026-11-25T19:15:29.810Z ERROR worker.ingest seq=90 token refresh skipped");
    ASSERT_EQ(clean.spans.size(), 3u);
    StyleSpan faint = span(0, 24);
    faint.faint = true;
    EXPECT_EQ(clean.spans[0], faint);
    EXPECT_EQ(clean.spans[1], bold(span(25, 5, 2)));
    EXPECT_EQ(clean.spans[2], span(31, 13, 7));
}

TEST(TerminalText, SgrAttributesAndTheirResets)
{
    const CleanText clean =
        cleanTerminalText("\x1b[1ma\x1b[22mb\x1b[3mc\x1b[23md\x1b[4me\x1b[24mf\x1b[7mg\x1b[27mh\x1b[9mi\x1b[29mj");
    EXPECT_EQ(clean.text, "abcdefghij");
    ASSERT_EQ(clean.spans.size(), 5u);
    EXPECT_TRUE(clean.spans[0].bold);
    EXPECT_EQ(clean.spans[0].begin, 0u);
    EXPECT_TRUE(clean.spans[1].italic);
    EXPECT_EQ(clean.spans[1].begin, 2u);
    EXPECT_TRUE(clean.spans[2].underline);
    EXPECT_TRUE(clean.spans[3].inverse);
    EXPECT_TRUE(clean.spans[4].strike);
    for (const StyleSpan& s : clean.spans) {
        EXPECT_EQ(s.length, 1u);
    }
}

TEST(TerminalText, Colours)
{
    // 30-37 -> 1..8, 90-97 -> 9..16, 40-47 / 100-107 the same for the background, 39/49 default.
    EXPECT_EQ(cleanTerminalText("\x1b[30mx").spans, std::vector<StyleSpan>{span(0, 1, 1)});
    EXPECT_EQ(cleanTerminalText("\x1b[37mx").spans, std::vector<StyleSpan>{span(0, 1, 8)});
    EXPECT_EQ(cleanTerminalText("\x1b[90mx").spans, std::vector<StyleSpan>{span(0, 1, 9)});
    EXPECT_EQ(cleanTerminalText("\x1b[97mx").spans, std::vector<StyleSpan>{span(0, 1, 16)});
    EXPECT_EQ(cleanTerminalText("\x1b[41mx").spans, std::vector<StyleSpan>{span(0, 1, 0, 2)});
    EXPECT_EQ(cleanTerminalText("\x1b[107mx").spans, std::vector<StyleSpan>{span(0, 1, 0, 16)});
    EXPECT_EQ(cleanTerminalText("\x1b[31;42mx\x1b[39my\x1b[49mz").spans,
        (std::vector<StyleSpan>{span(0, 1, 2, 3), span(1, 1, 0, 3)}));
    // 256 colours: index + 1, in ';' and ':' forms.
    EXPECT_EQ(cleanTerminalText("\x1b[38;5;208mx").spans, std::vector<StyleSpan>{span(0, 1, 209)});
    EXPECT_EQ(cleanTerminalText("\x1b[38:5:208mx").spans, std::vector<StyleSpan>{span(0, 1, 209)});
    EXPECT_EQ(cleanTerminalText("\x1b[48;5;0mx").spans, std::vector<StyleSpan>{span(0, 1, 0, 1)});
    EXPECT_EQ(cleanTerminalText("\x1b[48;5;255mx").spans, std::vector<StyleSpan>{span(0, 1, 0, 256)});
    // Truecolor: the nearest palette entry (pure red is cube entry 196).
    EXPECT_EQ(cleanTerminalText("\x1b[38;2;255;0;0mx").spans, std::vector<StyleSpan>{span(0, 1, 197)});
    EXPECT_EQ(cleanTerminalText("\x1b[38:2::255:0:0mx").spans, std::vector<StyleSpan>{span(0, 1, 197)});
    EXPECT_EQ(cleanTerminalText("\x1b[1;38;2;255;0;0;4mx").spans.front().underline, true);
    // Out of range or cut short: ignored, nothing else breaks.
    EXPECT_TRUE(cleanTerminalText("\x1b[38;5;300mx").spans.empty());
    EXPECT_TRUE(cleanTerminalText("\x1b[38;5mx").spans.empty());
    EXPECT_TRUE(cleanTerminalText("\x1b[38;2;1;2mx").spans.empty());
    EXPECT_EQ(cleanTerminalText("\x1b[38;5;300mx").text, "x");
}

TEST(TerminalText, NearestPaletteEntries)
{
    EXPECT_EQ(nearestPaletteIndex(0, 0, 0), 16);
    EXPECT_EQ(nearestPaletteIndex(255, 255, 255), 231);
    EXPECT_EQ(nearestPaletteIndex(255, 0, 0), 196);
    EXPECT_EQ(nearestPaletteIndex(128, 128, 128), 244);
    EXPECT_EQ(nearestPaletteIndex(95, 135, 175), 16 + 36 * 1 + 6 * 2 + 3);
}

TEST(TerminalText, ResetEndsSpansAndEqualStylesMerge)
{
    EXPECT_EQ(cleanTerminalText("\x1b[31mab\x1b[31mcd\x1b[0mef").spans, std::vector<StyleSpan>{span(0, 4, 2)});
    EXPECT_EQ(cleanTerminalText("\x1b[mplain").spans, std::vector<StyleSpan>{});
    EXPECT_EQ(cleanTerminalText("\x1b[31m\x1b[0mplain").spans, std::vector<StyleSpan>{});
    EXPECT_EQ(cleanTerminalText("a\x1b[4:0mb\x1b[4:3mc").spans, [] {
        StyleSpan s = span(2, 1);
        s.underline = true;
        return std::vector<StyleSpan>{s};
    }());
}

TEST(TerminalText, OtherEscapesAreRemoved)
{
    EXPECT_EQ(cleanTerminalText("\x1b[2K\x1b[1;1Hx\x1b[?25l\x1b[>4;2m\x1b[ q").text, "x");
    EXPECT_TRUE(cleanTerminalText("\x1b[?1mx").spans.empty()); // private SGR-looking CSI is not SGR
    EXPECT_EQ(cleanTerminalText("a\x1b]0;window title\x07"
                                "b")
                  .text,
        "ab");
    EXPECT_EQ(cleanTerminalText("a\x1b]0;window title\x1b\\b").text, "ab");
    EXPECT_EQ(cleanTerminalText("see \x1b]8;;https://example.com/x\x1b\\the docs\x1b]8;;\x1b\\ now").text,
        "see the docs now");
    EXPECT_EQ(cleanTerminalText("a\x1bPq#0;2;0;0;0#0~~@@\x1b\\b").text, "ab"); // DCS (sixel)
    EXPECT_EQ(cleanTerminalText("a\x1b_apc\x1b\\b\x1b^pm\x07"
                                "c\x1bXsos\x1b\\d")
                  .text,
        "abcd");
    EXPECT_EQ(cleanTerminalText("a\x1b(Bb\x1b)0c\x1b#8d\x1b"
                                "7e\x1b=f\x1b"
                                "cg")
                  .text,
        "abcdefg");
    EXPECT_EQ(cleanTerminalText("lone at end\x1b").text, "lone at end");
    EXPECT_EQ(cleanTerminalText("a\x1b\x01"
                                "b")
                  .text,
        "ab");
}

TEST(TerminalText, CutSequencesDoNotHideText)
{
    // A CSI cut by a byte that cannot be in it ends there; that byte is read as text.
    EXPECT_EQ(cleanTerminalText("a\x1b[31\xc3\xa9"
                                "b")
                  .text,
        "a\xc3\xa9"
        "b");
    EXPECT_EQ(cleanTerminalText("a\x1b[31\x1b[32mb").spans, std::vector<StyleSpan>{span(1, 1, 3)});
    // A CSI cut by the line end is dropped.
    EXPECT_EQ(cleanTerminalText("abc\x1b[31;4").text, "abc");
    // An unterminated string sequence loses only its introducer.
    EXPECT_EQ(cleanTerminalText("a\x1b]0;title and the rest").text, "a0;title and the rest");
    // CAN ends a string sequence.
    EXPECT_EQ(cleanTerminalText("a\x1b]0;title\x18"
                                "b")
                  .text,
        "ab");
}

TEST(TerminalText, ControlCharacters)
{
    EXPECT_EQ(cleanTerminalText(std::string("a\0b\x01\x07\x08\x0b\x0c\x7f"
                                            "c\td",
                                    12))
                  .text,
        "abc\td");
    EXPECT_EQ(cleanTerminalText("a\nb").text, "ab");
    // C1 controls encoded in UTF-8 (NEL, CSI) are removed; U+00A0 and up stay.
    EXPECT_EQ(cleanTerminalText("a\xc2\x85"
                                "b\xc2\x9b"
                                "c\xc2\xa0"
                                "d")
                  .text,
        "abc\xc2\xa0"
        "d");
}

TEST(TerminalText, CarriageReturns)
{
    EXPECT_EQ(cleanTerminalText("tty line\r").text, "tty line");
    EXPECT_EQ(cleanTerminalText("tty line\r\r").text, "tty line");
    EXPECT_EQ(cleanTerminalText("10%\r20%\r100% done").text, "100% done");
    EXPECT_EQ(cleanTerminalText("kept\r\x1b[0m").text, "kept");
    // The style in effect survives the overwrite; the overwritten spans do not.
    const CleanText clean = cleanTerminalText("\x1b[1mbold\x1b[31m red\rnow");
    EXPECT_EQ(clean.text, "now");
    EXPECT_EQ(clean.spans, std::vector<StyleSpan>{bold(span(0, 3, 2))});
}

TEST(TerminalText, InvalidUtf8BecomesOneReplacementPerMaximalSubpart)
{
    struct Case {
        std::string in;
        std::string out;
    };
    const Case cases[] = {
        // Unicode 15 ch. 3, table 3-8 (U+FFFD for maximal subparts).
        {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
            "a" + replaced(3) + "b" + replaced(1) + "c" + replaced(2) + "d"},
        {"\xC0\xAF", replaced(2)}, // overlong '/'
        {"\xE0\x80\xAF", replaced(3)}, // overlong
        {"\xF0\x80\x80\xAF", replaced(4)}, // overlong
        {"\xED\xA0\x80", replaced(3)}, // a surrogate
        {"\xF4\x90\x80\x80", replaced(4)}, // past U+10FFFF
        {"\xF5\xFF", replaced(2)},
        {"caf\xE9 ok", "caf" + replaced(1) + " ok"}, // Latin-1
        {"end \xE2\x82", "end " + replaced(1)}, // cut at the end: one
        {"\xE2\x82\xAC", "\xE2\x82\xAC"}, // a valid euro sign
        {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
        // The devstack's noise line: stray continuation bytes, overlong, surrogate, Latin-1.
        {"\xff\xfe \xc0\xaf \xed\xa0\x80 caf\xe9 \x80\x81",
            replaced(2) + " " + replaced(2) + " " + replaced(3) + " caf" + replaced(1) + " " + replaced(2)},
    };
    for (const Case& c : cases) {
        const CleanText clean = cleanTerminalText(c.in);
        EXPECT_EQ(clean.text, c.out) << c.in;
        EXPECT_EQ(clean.flags.repairedUtf8, c.in != c.out) << c.in;
        EXPECT_EQ(isValidUtf8(c.in), c.in == c.out) << c.in;
    }
}

TEST(TerminalText, StopsAtMaxBytesOnACharacterBoundary)
{
    const CleanText ascii = cleanTerminalText(std::string(100, 'x'), 10);
    EXPECT_EQ(ascii.text, std::string(10, 'x'));
    EXPECT_TRUE(ascii.flags.truncated);
    const CleanText wide = cleanTerminalText("\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC", 7);
    EXPECT_EQ(wide.text, "\xE2\x82\xAC\xE2\x82\xAC");
    EXPECT_TRUE(wide.flags.truncated);
    const CleanText spans = cleanTerminalText("\x1b[31m" + std::string(50, 'r'), 20);
    EXPECT_EQ(spans.spans, std::vector<StyleSpan>{span(0, 20, 2)});
    EXPECT_FALSE(cleanTerminalText(std::string(10, 'x'), 10).flags.truncated);
}

TEST(TerminalText, AppendsAfterExistingText)
{
    std::string text = "prefix:";
    std::vector<StyleSpan> spans{span(0, 3, 5)};
    appendCleanTerminalText("\x1b[32mgreen\rg", text, spans);
    EXPECT_EQ(text, "prefix:g");
    EXPECT_EQ(spans, (std::vector<StyleSpan>{span(0, 3, 5), span(0, 1, 3)}));
}

TEST(TerminalText, HostileLines)
{
    // Escape floods of each kind: removed, in linear time (a quadratic scan would not finish here).
    const size_t n = 1 << 20;
    std::string oscFlood;
    for (size_t k = 0; k < n / 2; ++k) {
        oscFlood += "\x1b]";
    }
    EXPECT_EQ(cleanTerminalText(oscFlood).text, "");
    std::string csiFlood;
    for (size_t k = 0; k < n / 4; ++k) {
        csiFlood += "\x1b[1m";
    }
    EXPECT_EQ(cleanTerminalText(csiFlood + "x").spans, std::vector<StyleSpan>{bold(span(0, 1))});
    std::string colourFlood;
    for (size_t k = 0; k < n / 8; ++k) {
        colourFlood += k % 2 ? "\x1b[31mx" : "\x1b[32mx";
    }
    const CleanText colours = cleanTerminalText(colourFlood);
    EXPECT_EQ(colours.text.size(), n / 8);
    EXPECT_EQ(colours.spans.size(), n / 8);
    // NUL bytes, 0xFF bytes (three bytes out for each byte in: capped), a huge line.
    EXPECT_EQ(cleanTerminalText(std::string(n, '\0')).text, "");
    const CleanText ff = cleanTerminalText(std::string(3 * n, '\xff'), n);
    EXPECT_TRUE(ff.flags.truncated);
    EXPECT_LE(ff.text.size(), n);
    expectWellFormed(ff);
    const CleanText huge = cleanTerminalText(std::string(8 * n, 'a'));
    EXPECT_EQ(huge.text.size(), kMaxLogLineBytes);
    EXPECT_TRUE(huge.flags.truncated);
}

TEST(TerminalText, RandomBytesGiveWellFormedText)
{
    std::mt19937 random(42);
    std::string alphabet = "\x1b[]Pm;:0123456789\x07\\\r\t\n\x18 abc\xc3\xa9\xe2\x82\xff\x80\xed\xf0";
    alphabet += '\0';
    for (int round = 0; round < 2000; ++round) {
        std::string input;
        const size_t length = random() % 64;
        for (size_t k = 0; k < length; ++k) {
            input += alphabet[random() % alphabet.size()];
        }
        const CleanText clean = cleanTerminalText(input);
        expectWellFormed(clean);
    }
}
