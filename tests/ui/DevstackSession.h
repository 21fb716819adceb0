#pragma once

// The app's composition for UI tests against the devstack: the environment's stack (as `devstack env` describes it,
// its password kept for this run) in a StackDirectory over a private stacks.json, and its ApiSession.

#include "DevstackEnv.h"
#include "LocalShell.h"
#include "bridge/ApiSession.h"
#include "bridge/StackDirectory.h"

#include <QDateTime>
#include <QSignalSpy>

#include <string>

#include <unistd.h>

namespace ragdesk::test {

class DevstackSession {
public:
    DevstackSession()
        : m_secrets(QStringLiteral("RagDesk-test")),
          m_stacks(m_dir.path() / "stacks.json", {}, profile(), &m_secrets),
          m_session(&m_stacks)
    {
    }

    ui::ApiSession* session() { return &m_session; }
    ui::StackDirectory* stacks() { return &m_stacks; }

    /// A name no earlier run used: tests never depend on what another left behind.
    static std::string unique(const std::string& prefix)
    {
        return prefix + std::to_string(QDateTime::currentMSecsSinceEpoch()) + std::to_string(::getpid() % 1000);
    }

private:
    client::StackProfile profile()
    {
        client::StackProfile stack{
            .name = "devstack", .apiUrl = devstackEnv("RAGDESK_API_URL"), .apiEmail = devstackEnv("RAGDESK_EMAIL")};
        m_secrets.keepForThisRun(QStringLiteral("devstack"), ui::SecretStore::Kind::ApiPassword,
            client::Secret(devstackEnv("RAGDESK_PASSWORD")));
        return stack;
    }

    TempDir m_dir;
    ui::SecretStore m_secrets;
    ui::StackDirectory m_stacks;
    ui::ApiSession m_session;
};

} // namespace ragdesk::test
