#include "common/TimeText.h"

#include <gtest/gtest.h>

#include <chrono>

using namespace ragdesk::client::timetext;
using namespace std::chrono;

namespace {

int64_t epochSeconds(int y, unsigned m, unsigned d, int hh, int mm, int ss)
{
    return duration_cast<seconds>(
        (sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm) + seconds(ss)).time_since_epoch())
        .count();
}

} // namespace

TEST(TimeText, ReadsDateAndTimeOfDay)
{
    EXPECT_EQ(readDateTime("2026-11-25T18:44:45", false), epochSeconds(2026, 11, 25, 18, 44, 45));
    EXPECT_EQ(readDateTime("2026-11-25t18:44:45.5Z", false), epochSeconds(2026, 11, 25, 18, 44, 45));
    EXPECT_EQ(readDateTime("2024-02-29 00:00:00", true), epochSeconds(2024, 2, 29, 0, 0, 0));
    EXPECT_EQ(readDateTime("1970-01-01T00:00:00", false), 0);
    EXPECT_EQ(readDateTime("0001-01-01T00:00:00", false), epochSeconds(1, 1, 1, 0, 0, 0)); // Go's zero time
    EXPECT_EQ(readDateTime("2026-12-31T23:59:60", false), epochSeconds(2027, 1, 1, 0, 0, 0)); // a leap second
    EXPECT_FALSE(readDateTime("2026-11-25 18:44:45", false)); // a space only where the format has one
    for (const char* bad : {"2026-11-25T18:44:4", "2026-02-29T00:00:00", "2100-02-29T00:00:00", "2026-13-01T00:00:00",
             "2026-00-01T00:00:00", "2026-11-31T00:00:00", "2026-11-25T24:00:00", "2026-11-25T18:60:00",
             "2026-11-25T18:44:61", "2026/11/25T18:44:45", "2026-11-25T18-44:45", "2026-1a-25T18:44:45", ""}) {
        EXPECT_FALSE(readDateTime(bad, true)) << bad;
    }
}

TEST(TimeText, ReadsDigitsWithinTheText)
{
    EXPECT_EQ(readDigits("+01:30", 1, 2), 1);
    EXPECT_EQ(readDigits("+01:30", 4, 2), 30);
    EXPECT_EQ(readDigits("+01:3", 4, 2), -1); // past the end
    EXPECT_EQ(readDigits("+01", 7, 2), -1);
    EXPECT_EQ(readDigits("+0a", 1, 2), -1);
}

TEST(TimeText, ReadsFractionsToMicroseconds)
{
    const auto none = readFraction("2026-11-25T18:44:45Z", kDateTimeBytes);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->digits, 0u);
    EXPECT_EQ(none->end, kDateTimeBytes);
    const auto nanos = readFraction("2026-11-25T18:44:45.867458770+00:00", kDateTimeBytes);
    ASSERT_TRUE(nanos);
    EXPECT_EQ(nanos->micros, 867458);
    EXPECT_EQ(nanos->digits, 9u);
    EXPECT_EQ(nanos->end, kDateTimeBytes + 10);
    const auto tenths = readFraction(".5", 0);
    ASSERT_TRUE(tenths);
    EXPECT_EQ(tenths->micros, 500000);
    EXPECT_FALSE(readFraction("2026-11-25T18:44:45.Z", kDateTimeBytes)); // a dot without digits
}
