// Against the running devstack (ctest label "devstack"): the client reads a real stack's health.
#include "DevstackEnv.h"

#include "ragdesk/client/api/ApiClient.h"

#include <gtest/gtest.h>

using ragdesk::client::ErrorKind;
using ragdesk::client::api::ApiClient;

TEST(Devstack, LivenessAndSystemHealthAreOk)
{
    ApiClient api(ragdesk::test::devstackEnv("RAGDESK_API_URL"));
    const auto live = api.liveness();
    ASSERT_TRUE(live) << live.error().message;
    const auto health = api.systemHealth();
    ASSERT_TRUE(health) << health.error().message;
    EXPECT_EQ(health->status, "ok");
    EXPECT_TRUE(health->postgres.ok);
    EXPECT_EQ(health->postgres.version.value_or("").rfind("PostgreSQL 15", 0), 0u) << *health->postgres.version;
    EXPECT_TRUE(health->redis.ok);
    EXPECT_TRUE(health->qdrant.ok);
}

TEST(Devstack, KeptConnectionServesRepeatedRequests)
{
    ApiClient api(ragdesk::test::devstackEnv("RAGDESK_API_URL"));
    for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(api.liveness()) << "request " << i;
    }
}

TEST(Devstack, UnknownPathIsNotFoundWithTheServersDetail)
{
    ragdesk::client::api::HttpClient http(ragdesk::test::devstackEnv("RAGDESK_API_URL"));
    const auto response = http.send({.method = "GET", .path = "/v1/no-such-route"});
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 404);
}

TEST(ClientTransport, RefusedConnectionIsANetworkError)
{
    // Port 1 on loopback: nothing listens there, so the connect is refused at once.
    ApiClient api("http://127.0.0.1:1");
    const auto live = api.liveness();
    ASSERT_FALSE(live);
    EXPECT_EQ(live.error().kind, ErrorKind::Network);
    EXPECT_NE(live.error().message.find("127.0.0.1:1"), std::string::npos);
}
