// The cancel-aware wait the client uses instead of sleeping (deploy follow's reconnect backoff).
#include "ragdesk/client/common/Cancel.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace std::chrono_literals;
using ragdesk::client::CancelSource;
using ragdesk::client::waitUnlessCancelled;

TEST(Cancel, WaitRunsItsFullTimeWhenNothingStopsIt)
{
    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(waitUnlessCancelled(CancelSource().get_token(), 50ms));
    EXPECT_GE(std::chrono::steady_clock::now() - started, 50ms);
    EXPECT_TRUE(waitUnlessCancelled({}, 1ms)) << "a default token never stops";
}

TEST(Cancel, WaitEndsWhenStoppedDuringItAndAtOnceWhenStoppedBefore)
{
    CancelSource stop;
    std::thread stopper([&] { stop.request_stop(); });
    EXPECT_FALSE(waitUnlessCancelled(stop.get_token(), 10min)) << "only a stop can end this wait before the deadline";
    stopper.join();
    EXPECT_FALSE(waitUnlessCancelled(stop.get_token(), 10min));
}
