#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace ragdesk::test {

/// A loopback TCP listener that accepts connections (the kernel does) and never answers: a request to it waits on
/// the network until it is cancelled. Shared by the transport tests and bench_cancel.
class SilentListener {
public:
    SilentListener() : m_fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0))
    {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (bind(m_fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(m_fd, 64) != 0 ||
            getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            close(m_fd);
            throw std::runtime_error("cannot listen on loopback");
        }
        m_port = ntohs(address.sin_port);
    }
    ~SilentListener() { close(m_fd); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;

    /// Blocks until a client connects; the caller closes the returned socket.
    int acceptOne() const { return accept(m_fd, nullptr, nullptr); }
    /// Whether a client has connected and not been accepted yet (no wait).
    bool hasPendingConnection() const
    {
        pollfd ready{m_fd, POLLIN, 0};
        return poll(&ready, 1, 0) == 1;
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    int m_fd;
    int m_port = 0;
};

} // namespace ragdesk::test
