#include "ragdesk/client/api/SystemHealth.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

using ragdesk::client::ErrorKind;
using ragdesk::client::api::decodeDetailedHealth;
using ragdesk::client::api::decodeSystemHealth;

TEST(SystemHealth, DecodesTheContractShapeAndIgnoresUnknownFields)
{
    const char* body = R"({"status":"degraded","extra":1,
        "postgres":{"status":"ok","detail":null,"version":"PostgreSQL 16.6 on x86_64-pc-linux-musl","latency_ms":2},
        "qdrant":{"status":"ok","detail":null,"version":"1.13.2","latency_ms":4,"new_field":"x"},
        "redis":{"status":"error","detail":"Error -2 connecting to redis:6379.","version":null,"latency_ms":null}})";
    const auto health = decodeSystemHealth(body);
    ASSERT_TRUE(health) << health.error().message;
    EXPECT_EQ(health->status, "degraded");
    EXPECT_TRUE(health->postgres.ok);
    EXPECT_EQ(health->postgres.version, "PostgreSQL 16.6 on x86_64-pc-linux-musl");
    EXPECT_EQ(health->qdrant.latencyMs, 4);
    EXPECT_FALSE(health->redis.ok);
    EXPECT_EQ(health->redis.detail, "Error -2 connecting to redis:6379.");
    EXPECT_FALSE(health->redis.version.has_value());
    EXPECT_FALSE(health->redis.latencyMs.has_value());
}

TEST(SystemHealth, OptionalFieldsMayBeAbsent)
{
    const auto health = decodeSystemHealth(
        R"({"status":"ok","postgres":{"status":"ok"},"qdrant":{"status":"ok"},"redis":{"status":"ok"}})");
    ASSERT_TRUE(health);
    EXPECT_FALSE(health->postgres.detail.has_value());
}

TEST(SystemHealth, WrongShapesAreProtocolErrors)
{
    for (const char* body : {"", "[]", "not json", R"({"status":"ok"})", R"({"status":1,"postgres":{}})",
             R"({"status":"ok","postgres":{"status":"ok"},"qdrant":{"status":"ok"},"redis":"x"})"}) {
        const auto health = decodeSystemHealth(body);
        ASSERT_FALSE(health) << body;
        EXPECT_EQ(health.error().kind, ErrorKind::Protocol) << body;
    }
}

TEST(DetailedHealth, DecodesTheContractExample)
{
    std::ifstream in(std::string(RAGDESK_TEST_DATA) + "/api/detailed-health.json");
    const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto detailed = decodeDetailedHealth(body);
    ASSERT_TRUE(detailed) << detailed.error().message;
    EXPECT_EQ(detailed->health.status, "degraded");
    EXPECT_FALSE(detailed->health.redis.ok);
    EXPECT_EQ(detailed->uptimeSeconds, 86512);
    EXPECT_EQ(detailed->sourcesByStatus.at("ready"), 4);
    EXPECT_EQ(detailed->databaseTotals.at("total_chats"), 57);
    EXPECT_FALSE(detailed->databaseError.has_value());
    EXPECT_EQ(detailed->vectorStore.at("points_count"), "65");
    EXPECT_EQ(detailed->redis.at("error"), "Error -2 connecting to redis:6379. Name or service not known.");
    ASSERT_EQ(detailed->bots.size(), 1u);
    EXPECT_EQ(detailed->bots[0].readySources, 4);
    EXPECT_EQ(detailed->config.at("jwt_configured"), "true");
    EXPECT_EQ(detailed->config.at("database_url"), "postgresql+asyncpg://minirag:***@postgres:5432/minirag");
}

TEST(DetailedHealth, ADatabaseErrorIsKeptNotFatal)
{
    const auto detailed = decodeDetailedHealth(R"({"status":"degraded","postgres":{"status":"error","detail":"down"},
        "qdrant":{"status":"ok"},"redis":{"status":"ok"},"db_stats":{"error":"connection refused"},"bot_sources":[]})");
    ASSERT_TRUE(detailed) << detailed.error().message;
    EXPECT_EQ(detailed->databaseError, "connection refused");
    EXPECT_TRUE(detailed->databaseTotals.empty());
}
