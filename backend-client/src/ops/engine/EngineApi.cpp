#include "ops/engine/EngineApi.h"

#include <nlohmann/json.hpp>

namespace ragdesk::client::ops {

namespace {

/// The API version both Docker Engine (>= 20.10) and podman (>= 3) serve.
constexpr std::string_view kApiPrefix = "/v1.41";

Error engineError(const std::string& target, const http::Response& response)
{
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    const std::string message = body.is_object() && body.contains("message") && body["message"].is_string()
        ? body["message"].get<std::string>()
        : response.body.substr(0, 200);
    const auto kind = response.status == 404 ? ErrorKind::NotFound
        : response.status == 409             ? ErrorKind::Conflict
                                             : ErrorKind::Server;
    return Error{.kind = kind,
        .httpStatus = response.status,
        .message = "the container engine refused " + target + ": " + message,
        .detail = response.body};
}

} // namespace

EngineApi::EngineApi(ssh::SshConnection& ssh, std::string socketPath) : m_ssh(ssh), m_socketPath(std::move(socketPath))
{
}

Result<std::vector<http::Response>> EngineApi::getAll(
    const std::vector<std::string>& targets, std::chrono::steady_clock::time_point deadline)
{
    const std::lock_guard lock(m_mutex);
    const bool reused = m_stream != nullptr;
    auto responses = exchange(targets, deadline);
    // A kept channel may have been closed by the engine (idle keep-alive) or a reconnect: one fresh try.
    if (!responses && reused && responses.error().kind == ErrorKind::Network) {
        responses = exchange(targets, deadline);
    }
    if (!responses) {
        return responses;
    }
    for (size_t i = 0; i < targets.size(); ++i) {
        if (responses.value()[i].status / 100 != 2) {
            return engineError(targets[i], responses.value()[i]);
        }
    }
    return responses;
}

Result<std::vector<http::Response>> EngineApi::exchange(
    const std::vector<std::string>& targets, std::chrono::steady_clock::time_point deadline)
{
    std::string requests;
    for (const auto& target : targets) {
        auto request = http::formatRequest("GET", std::string(kApiPrefix) + target);
        if (!request) {
            return request.error();
        }
        requests += request.value();
    }
    if (m_stream && m_stream->cancelled()) {
        m_stream.reset(); // a cancelAll while it was idle ended it, not this call
    }
    if (!m_stream) {
        auto opened = m_ssh.openUnixSocket(m_socketPath, deadline);
        if (!opened) {
            return opened.error();
        }
        m_stream = std::move(opened).value();
    }
    const auto fail = [this](Error error) {
        m_stream.reset();
        return error;
    };
    if (auto written = m_stream->write(requests); !written) {
        return fail(written.error());
    }
    std::vector<http::Response> responses;
    auto parser = std::make_unique<http::ResponseParser>();
    std::string pending;
    while (responses.size() < targets.size()) {
        while (!pending.empty() && responses.size() < targets.size()) {
            const size_t used = parser->feed(pending);
            pending.erase(0, used);
            if (parser->error()) {
                return fail(*parser->error());
            }
            if (!parser->complete()) {
                break;
            }
            responses.push_back(parser->take());
            parser = std::make_unique<http::ResponseParser>();
        }
        if (responses.size() == targets.size()) {
            break;
        }
        auto received = m_stream->read(deadline);
        if (!received) {
            return fail(received.error());
        }
        if (received->out.empty() && received->finished) {
            return fail(Error{.kind = ErrorKind::Network, .message = "the container engine closed the connection"});
        }
        pending += received->out;
    }
    return responses;
}

} // namespace ragdesk::client::ops
