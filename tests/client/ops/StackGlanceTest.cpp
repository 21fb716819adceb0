#include "ragdesk/client/ops/StackGlance.h"

#include <gtest/gtest.h>

using ragdesk::client::ops::ContainerState;
using ragdesk::client::ops::ContainerStatus;
using ragdesk::client::ops::countServices;
using ragdesk::client::ops::Health;

namespace {

ContainerStatus container(const std::string& service, ContainerState state, Health health)
{
    return ContainerStatus{.name = "stack-" + service + "-1", .service = service, .state = state, .health = health};
}

} // namespace

TEST(StackGlance, AServiceIsHealthyWhenEachOfItsContainersRunsAndPassesItsCheck)
{
    const auto counts = countServices({
        container("web", ContainerState::Running, Health::Healthy),
        container("web", ContainerState::Exited, Health::None), // one of two replicas down
        container("worker", ContainerState::Running, Health::None), // no healthcheck: running is enough
        container("postgres", ContainerState::Running, Health::Unhealthy),
        container("redis", ContainerState::Running, Health::Starting),
        container("proxy", ContainerState::Running, Health::Healthy),
    });
    EXPECT_EQ(counts.total, 5);
    EXPECT_EQ(counts.healthy, 2);
    EXPECT_EQ(counts.unhealthy, (std::vector<std::string>{"postgres", "redis", "web"}));
}

TEST(StackGlance, AContainerWithoutAServiceLabelCountsByItsName)
{
    ContainerStatus loose{.name = "one-off", .state = ContainerState::Running};
    const auto counts = countServices({loose});
    EXPECT_EQ(counts.total, 1);
    EXPECT_EQ(counts.healthy, 1);
    EXPECT_TRUE(countServices({}).unhealthy.empty());
}
