#include "common/LineSplitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using ragdesk::client::LineSplitter;

namespace {

std::vector<std::string> drain(LineSplitter& lines)
{
    std::vector<std::string> out;
    while (auto line = lines.next()) {
        out.push_back(std::move(*line));
    }
    return out;
}

} // namespace

TEST(LineSplitter, JoinsLinesThatArriveInPieces)
{
    LineSplitter lines;
    lines.append("[date] Start");
    EXPECT_TRUE(drain(lines).empty());
    lines.append("ing backup...\n[date] PostgreSQL dump: postgres_1.sql.gz\n[date] Qdr");
    EXPECT_EQ(drain(lines),
        (std::vector<std::string>{"[date] Starting backup...", "[date] PostgreSQL dump: postgres_1.sql.gz"}));
    lines.append("ant snapshot\n");
    EXPECT_EQ(drain(lines), std::vector<std::string>{"[date] Qdrant snapshot"});
    EXPECT_EQ(lines.rest(), std::nullopt);
}

TEST(LineSplitter, KeepsEmptyLinesAndCarriageReturns)
{
    LineSplitter lines;
    lines.append("a\r\n\n\nb\n");
    EXPECT_EQ(drain(lines), (std::vector<std::string>{"a\r", "", "", "b"}));
}

TEST(LineSplitter, HandsOutTheUnfinishedLastLineAtTheEnd)
{
    LineSplitter lines;
    lines.append("whole\nno newline at the end");
    EXPECT_EQ(drain(lines), std::vector<std::string>{"whole"});
    EXPECT_EQ(lines.rest(), "no newline at the end");
    EXPECT_EQ(lines.rest(), std::nullopt);
    EXPECT_EQ(lines.next(), std::nullopt);
}

TEST(LineSplitter, ClearDropsAPartialLine)
{
    LineSplitter lines;
    lines.append("{\"seq\":1,\"st");
    lines.clear(); // a reconnect starts the stream over
    lines.append("{\"seq\":2}\n");
    EXPECT_EQ(drain(lines), std::vector<std::string>{"{\"seq\":2}"});
}
