#pragma once

#include "LocalShell.h"

#include <cstdio>
#include <string>

namespace ragdesk::test {

/// A self-signed certificate for 127.0.0.1 and tests/support/https_server.py serving it (GET /health answers ok,
/// anything else 404), for one test. Reach it with its CA file or its pinned key.
class SelfSignedServer {
public:
    SelfSignedServer();
    ~SelfSignedServer(); ///< closing the server's stdin ends it
    SelfSignedServer(const SelfSignedServer&) = delete;
    SelfSignedServer& operator=(const SelfSignedServer&) = delete;

    std::string url() const { return "https://127.0.0.1:" + std::to_string(m_port); }
    std::string cert() const { return m_dir / "cert.pem"; }
    std::string key() const { return m_dir / "key.pem"; }
    /// "sha256//<base64>" of the server's public key.
    const std::string& pin() const { return m_pin; }

private:
    TempDir m_dir;
    std::string m_pin;
    FILE* m_server = nullptr;
    int m_port = 0;
};

} // namespace ragdesk::test
