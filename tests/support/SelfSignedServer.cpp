#include "SelfSignedServer.h"

#include "WaitUntil.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace ragdesk::test {

SelfSignedServer::SelfSignedServer()
{
    using namespace std::chrono_literals;
    runLocal("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 "
             "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        key() + " -out " + cert() + " 2>/dev/null");
    m_pin = "sha256//" +
        runLocal("openssl x509 -in " + cert() +
            " -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64");
    m_pin.erase(m_pin.find_last_not_of("\r\n") + 1);
    const std::string portFile = m_dir / "port";
    m_server = popen(
        ("/usr/bin/python3 " RAGDESK_TEST_SUPPORT "/https_server.py " + cert() + " " + key() + " " + portFile).c_str(),
        "w");
    if (!waitUntil([&] { return std::filesystem::exists(portFile); }, 20s)) {
        throw std::runtime_error("the HTTPS test server did not start");
    }
    std::ifstream(portFile) >> m_port;
}

SelfSignedServer::~SelfSignedServer()
{
    pclose(m_server);
}

} // namespace ragdesk::test
