#include "ragdesk/client/api/Timestamp.h"

#include <gtest/gtest.h>

using namespace std::chrono;
using ragdesk::client::api::formatTimestamp;
using ragdesk::client::api::parseTimestamp;

TEST(Timestamp, ReadsZeroToSixFractionDigitsAsUtc)
{
    const auto base = sys_days(2026y / March / 25) + 19h + 50min + 12s;
    EXPECT_EQ(parseTimestamp("2026-03-25T19:50:12"), base);
    EXPECT_EQ(parseTimestamp("2026-03-25T19:50:12.5"), base + 500ms);
    EXPECT_EQ(parseTimestamp("2026-03-25T19:50:12.500000"), base + 500ms);
    EXPECT_EQ(parseTimestamp("2026-03-25T19:50:12.345678"), base + 345678us);
    EXPECT_EQ(parseTimestamp("2026-03-25T19:50:12.000001Z"), base + 1us);
    EXPECT_EQ(parseTimestamp("2026-03-25T19:50:12+00:00"), base);
}

TEST(Timestamp, RejectsWhatIsNotAnApiTime)
{
    for (const char* text :
        {"", "2026-03-25", "2026-03-25T19:50", "2026-13-01T00:00:00", "2026-02-30T00:00:00", "2026-03-25T19:50:12.",
            "2026-03-25T19:50:12.1234567", "2026-03-25T19:50:12+02:00", "2026-03-25T25:00:00", "20x6-03-25T19:50:12"}) {
        EXPECT_FALSE(parseTimestamp(text).has_value()) << text;
    }
}

TEST(Timestamp, FormatsLikeTheServer)
{
    const auto base = sys_days(2026y / March / 5) + 9h + 5min + 7s;
    EXPECT_EQ(formatTimestamp(base), "2026-03-05T09:05:07");
    EXPECT_EQ(formatTimestamp(base + 500ms), "2026-03-05T09:05:07.500000");
    EXPECT_EQ(parseTimestamp(formatTimestamp(base + 123456us)), base + 123456us);
}
