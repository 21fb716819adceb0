// HttpClient against real local peers: a self-signed HTTPS front (refused by default, accepted with its CA file
// or its pinned key) and a listener that never answers (cancel tokens: before the start, while blocked, after the end).
#include "SelfSignedServer.h"
#include "SilentListener.h"

#include "ragdesk/client/api/ApiClient.h"

#include <gtest/gtest.h>

#include <optional>
#include <thread>

using namespace ragdesk::client;
using namespace ragdesk::client::api;
using namespace std::chrono_literals;
using ragdesk::test::SelfSignedServer;
using ragdesk::test::SilentListener;

TEST(Transport, SelfSignedStackIsRefusedByDefault)
{
    SelfSignedServer server;
    ApiClient api(server.url());
    const auto live = api.liveness();
    ASSERT_FALSE(live);
    EXPECT_EQ(live.error().kind, ErrorKind::Tls) << live.error().message;
}

TEST(Transport, SelfSignedStackIsAcceptedWithItsCaFile)
{
    SelfSignedServer server;
    ApiClient api(server.url(), {}, HttpOptions{.caFile = server.cert()});
    const auto live = api.liveness();
    EXPECT_TRUE(live) << live.error().message;
}

TEST(Transport, SelfSignedStackIsAcceptedWithItsPinnedKeyAndRefusedWithAnother)
{
    SelfSignedServer server;
    ApiClient pinned(server.url(), {}, HttpOptions{.pinnedPublicKey = server.pin()});
    const auto live = pinned.liveness();
    EXPECT_TRUE(live) << live.error().message;

    ApiClient wrongPin(
        server.url(), {}, HttpOptions{.pinnedPublicKey = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="});
    const auto refused = wrongPin.liveness();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Tls) << refused.error().message;
}

TEST(Transport, CancelFromAnotherThreadEndsARequestThatNeverAnswers)
{
    SilentListener listener;
    HttpClient http(listener.url(), HttpOptions{.totalTimeout = std::chrono::milliseconds(60000)});
    CancelSource stop;
    std::optional<Result<HttpResponse>> result;
    std::thread requester([&] { result.emplace(http.send({.path = "/never", .cancel = stop.get_token()})); });
    // The request is in flight once the listener has a connection waiting.
    const int connection = listener.acceptOne();
    ASSERT_GE(connection, 0);
    const auto cancelledAt = std::chrono::steady_clock::now();
    stop.request_stop();
    requester.join();
    const auto took = std::chrono::steady_clock::now() - cancelledAt;
    close(connection);
    ASSERT_TRUE(result.has_value());
    ASSERT_FALSE(*result);
    EXPECT_EQ(result->error().kind, ErrorKind::Cancelled);
    EXPECT_LT(took, 10s) << "generous: how soon is measured in bench/, not asserted here";
}

TEST(Transport, CancelBeforeTheRequestStartsSendsNothingAndEndsOnlyThatRequest)
{
    SilentListener listener;
    HttpClient http(listener.url(), HttpOptions{.totalTimeout = std::chrono::milliseconds(60000)});
    CancelSource early;
    early.request_stop(); // e.g. Stop pressed while the request was queued behind another
    const auto refused = http.send({.path = "/never", .cancel = early.get_token()});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Cancelled);
    EXPECT_FALSE(listener.hasPendingConnection()) << "a request cancelled before it started still connected";

    // The next request, with a token of its own, goes out: the early stop was for the first one only.
    CancelSource next;
    std::optional<Result<HttpResponse>> result;
    std::thread requester([&] { result.emplace(http.send({.path = "/never", .cancel = next.get_token()})); });
    const int connection = listener.acceptOne();
    ASSERT_GE(connection, 0);
    next.request_stop();
    requester.join();
    close(connection);
    ASSERT_TRUE(result.has_value() && !*result);
    EXPECT_EQ(result->error().kind, ErrorKind::Cancelled);
}

TEST(Transport, CancelScopeCoversTheCallsInsideItAndALateStopChangesNothingAfter)
{
    SelfSignedServer server;
    ApiClient api(server.url(), {}, HttpOptions{.pinnedPublicKey = server.pin()});
    CancelSource first;
    {
        const auto scope = api.cancelWith(first.get_token());
        const auto live = api.liveness();
        ASSERT_TRUE(live) << live.error().message;
    }
    first.request_stop(); // after its call ended: nothing left to stop
    const auto after = api.liveness();
    EXPECT_TRUE(after) << "a stop after the end reached the next call: " << after.error().message;

    CancelSource stopped;
    stopped.request_stop();
    {
        const auto scope = api.cancelWith(stopped.get_token());
        const auto refused = api.liveness();
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().kind, ErrorKind::Cancelled);
    }
    const auto outside = api.liveness();
    EXPECT_TRUE(outside) << "the scope's token outlived the scope: " << outside.error().message;
}

TEST(Transport, PlainHttpIsInsecureBeyondLoopbackOnly)
{
    for (const char* url : {"http://rag.example.com", "http://10.0.0.5:8000", "HTTP://rag.example.com/x",
             "http://127.evil.example", "http://[2001:db8::1]", "not a url", "http://127.0.0.1@rag.example.com",
             "http://rag.example.com#@127.0.0.1"}) {
        EXPECT_TRUE(isInsecureHttp(url)) << url;
    }
    for (const char* url : {"https://rag.example.com", "http://127.0.0.1:8000", "http://127.9.9.9", "http://localhost",
             "http://api.localhost:81", "http://[::1]:8000", "http://LOCALHOST", "http://localhost.:8000",
             "http://127.1", "http://[::ffff:127.0.0.1]"}) {
        EXPECT_FALSE(isInsecureHttp(url)) << url;
    }
}

TEST(Transport, InsecureHttpIsRefusedBeforeAnythingIsSentUnlessTheProfileAllowsIt)
{
    // 192.0.2.0/24 is TEST-NET-1: never routed. Neither request below may go out (the second is already cancelled).
    CancelSource stopped;
    stopped.request_stop();
    HttpClient refused("http://192.0.2.1:8000");
    const auto answer = refused.send({.path = "/health", .cancel = stopped.get_token()});
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().kind, ErrorKind::Tls);
    EXPECT_NE(answer.error().message.find("allow_insecure_http"), std::string::npos) << answer.error().message;

    StackProfile stack{.name = "lab", .apiUrl = "http://192.0.2.1:8000"};
    stack.allowInsecureHttp = true;
    HttpClient allowed(stack.apiUrl, httpOptionsFor(stack));
    const auto passed = allowed.send({.path = "/health", .cancel = stopped.get_token()});
    ASSERT_FALSE(passed);
    EXPECT_EQ(passed.error().kind, ErrorKind::Cancelled) << "the consent lets the request past the refusal";
}
