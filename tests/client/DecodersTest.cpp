// The result decoders on edge cases of the contract: number forms, zone-less times, unknown fields and values.
#include "Decoders.h"
#include "JsonDecode.h"
#include "ragdesk/client/api/Sources.h"

#include <gtest/gtest.h>

using namespace ragdesk::client::api;
using nlohmann::json;

TEST(Decoders, CostsReadExactlyInEveryNumberForm)
{
    // Python's json writes 4.5e-05 where Pydantic writes 0.000045; both are the same cost.
    const auto small = decode::botUsageFrom(json::parse(R"({"bot_profile_id":"b","cost_usd":4.5e-05})"));
    const auto decimal = decode::botUsageFrom(json::parse(R"({"bot_profile_id":"b","cost_usd":0.000045})"));
    EXPECT_EQ(small.costUsd, decimal.costUsd);
    EXPECT_EQ(decode::botUsageFrom(json::parse(R"({"bot_profile_id":"b","cost_usd":1e-7})")).costUsd, 1e-7);
    EXPECT_EQ(decode::botUsageFrom(json::parse(R"({"bot_profile_id":"b","cost_usd":123456789.123456})")).costUsd,
        123456789.123456);
    EXPECT_EQ(decode::botUsageFrom(json::parse(R"({"bot_profile_id":"b","total_tokens":9007199254740993})"))
                  .tokens.totalTokens,
        9007199254740993)
        << "token counts are integers, not doubles";
}

TEST(Decoders, UnknownFieldsAndEnumValuesDoNotFailADecode)
{
    const json source = json::parse(R"({"id":"s","tenant_id":"t","bot_profile_id":"b","name":"n",
        "source_type":"sharepoint","status":"queued","config":{"url":"https://x"},"created_at":"2026-03-25T19:58:00",
        "updated_at":"2026-03-25T19:58:00.5","brand_new_field":[1,2,3]})");
    const Source decoded = decode::sourceFrom(source);
    EXPECT_EQ(decoded.type, SourceType::Unknown);
    EXPECT_EQ(decoded.status, SourceStatus::Unknown);
    EXPECT_EQ(decoded.url, "https://x");
    EXPECT_FALSE(decoded.parentId.has_value()) << "optional fields may be absent";
    EXPECT_EQ(decoded.updatedAt - decoded.createdAt, std::chrono::milliseconds(500));
}

TEST(Decoders, AMissingRequiredFieldIsAProtocolErrorNamingWhatWasRead)
{
    const auto result = decode::reply<BotProfile>(json::parse(R"({"id":"b"})"), "bot profile", decode::botFrom);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ragdesk::client::ErrorKind::Protocol);
    EXPECT_NE(result.error().message.find("bot profile"), std::string::npos);
    const auto badTime = decode::reply<Chat>(json::parse(R"({"id":"c","tenant_id":"t","bot_profile_id":"b",
        "created_at":"yesterday","updated_at":"2026-03-25T19:58:00"})"),
        "chat", decode::chatFrom);
    ASSERT_FALSE(badTime);
    EXPECT_NE(badTime.error().message.find("created_at"), std::string::npos);
}

TEST(SourceConfig, AUrlSourceConfigIsTheJsonObjectTheApiWants)
{
    EXPECT_EQ(ragdesk::client::api::urlSourceConfig("https://example.com/a?b=\"c\""),
        R"({"url":"https://example.com/a?b=\"c\""})");
}
