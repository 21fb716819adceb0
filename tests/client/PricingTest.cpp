#include "ragdesk/client/api/Stats.h"

#include <gtest/gtest.h>

using ragdesk::client::api::Pricing;

TEST(Pricing, CostFollowsTheServersFormulaWithTheFallbackForUnlistedModels)
{
    const Pricing pricing{{{"gpt-4o-mini", {0.15, 0.60}}}, {1.0, 3.0}};
    // (prompt x prompt rate + completion x completion rate) / 1,000,000
    EXPECT_DOUBLE_EQ(pricing.costUsd("gpt-4o-mini", 1'000'000, 0), 0.15);
    EXPECT_DOUBLE_EQ(pricing.costUsd("gpt-4o-mini", 812, 27), (812 * 0.15 + 27 * 0.60) / 1e6);
    EXPECT_DOUBLE_EQ(pricing.costUsd("my-local-llm", 1000, 1000), (1000 * 1.0 + 1000 * 3.0) / 1e6);
    EXPECT_DOUBLE_EQ(pricing.priceOf("unknown").completionPer1m, 3.0);
}
