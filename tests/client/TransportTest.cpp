// HttpClient against real local peers: a self-signed HTTPS front (refused by default, accepted with its CA file
// or its pinned key) and a listener that never answers (cancel from another thread ends the request).
#include "WaitUntil.h"

#include "ragdesk/client/api/ApiClient.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace ragdesk::client;
using namespace ragdesk::client::api;
using namespace std::chrono_literals;

namespace {

std::string run(const std::string& command)
{
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[512];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        out.append(buffer, n);
    }
    if (pclose(pipe) != 0) {
        throw std::runtime_error("failed: " + command);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
        out.pop_back();
    }
    return out;
}

/// A self-signed certificate for 127.0.0.1 and the HTTPS server from tests/support, for one test.
class SelfSignedServer {
public:
    SelfSignedServer()
    {
        char pattern[] = "/tmp/ragdesk-tls-XXXXXX";
        m_dir = mkdtemp(pattern);
        run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 "
            "-addext subjectAltName=IP:127.0.0.1 -keyout " +
            key() + " -out " + cert() + " 2>/dev/null");
        m_pin = "sha256//" +
            run("openssl x509 -in " + cert() +
                " -pubkey -noout | openssl pkey -pubin -outform der"
                " | openssl dgst -sha256 -binary | base64");
        const auto portFile = m_dir / "port";
        m_server = popen(("/usr/bin/python3 " RAGDESK_TEST_SUPPORT "/https_server.py " + cert() + " " + key() + " " +
                             portFile.string())
                             .c_str(),
            "w");
        if (!ragdesk::test::waitUntil([&] { return std::filesystem::exists(portFile); }, 20s)) {
            throw std::runtime_error("the HTTPS test server did not start");
        }
        std::ifstream(portFile) >> m_port;
    }
    ~SelfSignedServer()
    {
        pclose(m_server); // closing its stdin ends it
        std::filesystem::remove_all(m_dir);
    }

    std::string url() const { return "https://127.0.0.1:" + std::to_string(m_port); }
    std::string cert() const { return (m_dir / "cert.pem").string(); }
    std::string key() const { return (m_dir / "key.pem").string(); }
    const std::string& pin() const { return m_pin; }

private:
    std::filesystem::path m_dir;
    std::string m_pin;
    FILE* m_server = nullptr;
    int m_port = 0;
};

} // namespace

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
    // A listener that accepts connections (the kernel does) but never answers.
    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(listener, 4), 0);
    socklen_t length = sizeof address;
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);

    HttpClient http("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)),
        HttpOptions{.totalTimeout = std::chrono::milliseconds(60000)});
    std::atomic<bool> started{false};
    std::optional<Result<HttpResponse>> result;
    std::thread requester([&] {
        started = true;
        result.emplace(http.send({.path = "/never"}));
    });
    ASSERT_TRUE(ragdesk::test::waitUntil([&] { return started.load(); }, 5s));
    // The request is in flight once the listener has a connection waiting.
    const int connection = accept(listener, nullptr, nullptr);
    ASSERT_GE(connection, 0);
    const auto cancelledAt = std::chrono::steady_clock::now();
    http.cancel();
    requester.join();
    const auto took = std::chrono::steady_clock::now() - cancelledAt;
    close(connection);
    close(listener);
    ASSERT_TRUE(result.has_value());
    ASSERT_FALSE(*result);
    EXPECT_EQ(result->error().kind, ErrorKind::Cancelled);
    EXPECT_LT(took, 10s) << "generous: the promise (100 ms) is measured in bench/, not asserted here";
}
