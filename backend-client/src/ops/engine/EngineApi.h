#pragma once

#include "ops/engine/HttpWire.h"

#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ssh/SshConnection.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ragdesk::client::ops {

/// The container engine's HTTP API (Docker Engine API; podman serves it too) reached through one kept SSH
/// channel to the engine's Unix socket: a status refresh costs HTTP round trips on loopback, no remote process.
/// Requests are pipelined on the one channel; a channel the server closed is reopened once per call.
class EngineApi {
public:
    EngineApi(ssh::SshConnection& ssh, std::string socketPath);

    /// GETs every target (e.g. "/containers/json?all=1") in one pipelined round; a non-2xx answer is an error
    /// carrying the engine's message.
    Result<std::vector<http::Response>> getAll(
        const std::vector<std::string>& targets, std::chrono::steady_clock::time_point deadline);

private:
    Result<std::vector<http::Response>> exchange(
        const std::vector<std::string>& targets, std::chrono::steady_clock::time_point deadline);

    ssh::SshConnection& m_ssh;
    const std::string m_socketPath;
    std::mutex m_mutex; // one exchange at a time on the channel
    std::unique_ptr<ssh::ChannelStream> m_stream;
};

} // namespace ragdesk::client::ops
