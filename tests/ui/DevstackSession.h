#pragma once

// The app's composition for UI tests against the devstack: the devstack's API as a stack signed in as the owner of a
// tenant made for the test, in a StackDirectory over a private stacks.json, and its ApiSession.

#include "DevstackEnv.h"
#include "LocalShell.h"
#include "bridge/ApiSession.h"
#include "bridge/StackDirectory.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QDateTime>
#include <QSignalSpy>

#include <stdexcept>
#include <string>

#include <unistd.h>

namespace ragdesk::test {

class DevstackSession {
public:
    /// Whether the owner's password is kept for the run (signed in) or left for the app to ask.
    enum class Password { Kept, NotKept };

    explicit DevstackSession(Password password = Password::Kept)
        : m_secrets(QStringLiteral("RagDesk-test")),
          m_stacks(m_dir.path() / "stacks.json", {}, profile(password), &m_secrets),
          m_session(&m_stacks)
    {
    }

    static constexpr const char* kOwnerPassword = "ui-test-owner-password";

    ui::ApiSession* session() { return &m_session; }
    ui::SecretStore* secrets() { return &m_secrets; }
    /// The e-mail of the test tenant's owner, who is signed in.
    const std::string& ownerEmail() const { return m_ownerEmail; }
    ui::StackDirectory* stacks() { return &m_stacks; }

    /// A name no earlier run used: tests never depend on what another left behind.
    static std::string unique(const std::string& prefix)
    {
        return prefix + std::to_string(QDateTime::currentMSecsSinceEpoch()) + std::to_string(::getpid() % 1000);
    }

private:
    /// A tenant of this test's own (POST /v1/tenants is open), signed in as its owner: what a test adds or changes
    /// never meets another test's data, nor the seeded tenant the screenshots show.
    client::StackProfile profile(Password kept)
    {
        const std::string slug = unique("ui-");
        const std::string email = slug + "@owners.ragdesk.org"; // the API refuses special-use domains (.test)
        const client::Secret password(kOwnerPassword);
        client::api::ApiClient bootstrap(devstackEnv("RAGDESK_API_URL"));
        const auto created = bootstrap.accounts().bootstrapTenant({.tenantName = "UI test " + slug,
            .tenantSlug = slug,
            .ownerEmail = email,
            .ownerPassword = password,
            .ownerDisplayName = "UI Test Owner"});
        if (!created) {
            throw std::runtime_error("could not create the test's tenant: " + created.error().message);
        }
        m_ownerEmail = email;
        if (kept == Password::Kept) {
            m_secrets.keepForThisRun(QStringLiteral("devstack"), ui::SecretStore::Kind::ApiPassword, password);
        }
        return client::StackProfile{.name = "devstack", .apiUrl = devstackEnv("RAGDESK_API_URL"), .apiEmail = email};
    }

    TempDir m_dir;
    std::string m_ownerEmail;
    ui::SecretStore m_secrets;
    ui::StackDirectory m_stacks;
    ui::ApiSession m_session;
};

} // namespace ragdesk::test
