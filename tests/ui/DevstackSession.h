#pragma once

// The app's composition for UI tests against the devstack: the devstack's API as a stack signed in as the owner of a
// tenant made for the test, with the devstack's "VPS" as its SSH login, in a StackDirectory over a private
// stacks.json, and its ApiSession and OpsSession.

#include "DevstackEnv.h"
#include "LocalShell.h"
#include "bridge/ApiSession.h"
#include "bridge/OpsSession.h"
#include "bridge/StackDirectory.h"

#include "ragdesk/client/api/ApiClient.h"
#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/ops/AuditLog.h"
#include "ragdesk/client/ops/StackOps.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <unistd.h>

namespace ragdesk::test {

/// The XDG state directory of an ops page's test, where the app keeps this machine's audit file: call
/// useOpsStateDir() in initTestCase, before any session call reads the variable.
inline TempDir& opsStateDir()
{
    static TempDir dir;
    return dir;
}

inline void useOpsStateDir()
{
    qputenv("XDG_STATE_HOME", QByteArray::fromStdString(opsStateDir().path().string()));
}

/// The records this machine's audit file holds (in opsStateDir), oldest first.
inline std::vector<client::ops::AuditRecord> localAuditRecords()
{
    const client::ops::AuditLog log(
        client::ops::AuditLog::defaultLocalFile(opsStateDir().path().string().c_str(), nullptr), {});
    auto records = log.readLocal();
    return records ? *records : std::vector<client::ops::AuditRecord>{};
}

/// Runs `script` with sh on the devstack's "VPS" over the session's kept connection, as the page's own calls do:
/// its stdout, or "error: …" when it failed or did not answer in time.
inline std::string runOnServer(ui::OpsSession* ops, const std::string& script)
{
    QObject receiver;
    std::optional<std::string> out;
    ops->run<client::ssh::CommandResult>(
        &receiver, ui::OpsSession::Lane::Status,
        [script](const ui::OpsSession::Ops& session, const ui::TaskContext&) {
            return session->ssh().run({.argv = {"sh", "-c", script}, .timeout = std::chrono::minutes(5)});
        },
        [&](client::Result<client::ssh::CommandResult> result) {
            out = !result             ? "error: " + result.error().message
                : result->succeeded() ? result->out
                                      : "error: exit status " + std::to_string(result->exitStatus) + ": " + result->err;
        });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 300000)) {
        return "error: no answer";
    }
    return *out;
}

/// The devstack as a stack profile: its API, its "VPS" as the SSH login, its stack directory; no API account.
inline client::StackProfile devstackProfile(const std::string& name)
{
    return client::StackProfile{.name = name,
        .apiUrl = devstackEnv("RAGDESK_API_URL"),
        .sshHost = devstackEnv("RAGDESK_SSH_HOST"),
        .sshPort = static_cast<std::uint16_t>(std::stoi(devstackEnv("RAGDESK_SSH_PORT"))),
        .sshUser = devstackEnv("RAGDESK_SSH_USER"),
        .sshKeyPath = devstackEnv("RAGDESK_SSH_KEY"),
        .sshKnownHostsFile = devstackEnv("RAGDESK_KNOWN_HOSTS"),
        .stackDir = devstackEnv("RAGDESK_STACK_DIR"),
        .composeProject = devstackEnv("RAGDESK_COMPOSE_PROJECT")};
}

/// What the devstack's public URL answers for / (503 while maintenance is on; 0 when it does not answer).
inline long publicPageStatus()
{
    client::api::HttpClient http(devstackEnv("RAGDESK_API_URL"));
    const auto page = http.send({.method = "GET", .path = "/"});
    return page ? page->status : 0;
}

class DevstackSession {
public:
    /// Whether the owner's password is kept for the run (signed in) or left for the app to ask.
    enum class Password { Kept, NotKept };

    explicit DevstackSession(Password password = Password::Kept)
        : m_secrets(QStringLiteral("RagDesk-test")),
          m_stacks(m_dir.path() / "stacks.json", {}, profile(password), &m_secrets),
          m_session(&m_stacks),
          m_ops(&m_stacks)
    {
    }

    static constexpr const char* kOwnerPassword = "ui-test-owner-password";

    ui::ApiSession* session() { return &m_session; }
    ui::OpsSession* ops() { return &m_ops; }
    ui::SecretStore* secrets() { return &m_secrets; }
    /// The e-mail of the test tenant's owner, who is signed in.
    const std::string& ownerEmail() const { return m_ownerEmail; }
    ui::StackDirectory* stacks() { return &m_stacks; }

    /// A bot of the test's tenant whose knowledge is `knowledge`, ingested (empty: a bot that knows nothing).
    client::api::BotId addBot(const std::string& name, const std::string& knowledge)
    {
        client::api::ApiClient api(
            devstackEnv("RAGDESK_API_URL"), {.email = m_ownerEmail, .password = client::Secret(kOwnerPassword)});
        const auto bot = api.bots().create({.name = name});
        if (!bot) {
            throw std::runtime_error("could not add the bot: " + bot.error().message);
        }
        if (!knowledge.empty()) {
            const auto source = api.sources().create({.botProfileId = bot->id,
                .name = name + " knowledge",
                .type = client::api::SourceType::Text,
                .content = knowledge});
            if (!source || !api.sources().ingest(source->id)) {
                throw std::runtime_error("could not add the bot's knowledge");
            }
            // Ingestion is queued: the bot knows it once the worker has made it ready.
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
            for (;;) {
                const auto now = api.sources().get(source->id);
                if (now && now->status == client::api::SourceStatus::Ready) {
                    break;
                }
                if (std::chrono::steady_clock::now() > deadline ||
                    (now && now->status == client::api::SourceStatus::Error)) {
                    throw std::runtime_error("the bot's knowledge was not ingested");
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50)); // a poll's pace, not a synchronisation
            }
        }
        return bot->id;
    }

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
        client::StackProfile stack = devstackProfile("devstack");
        stack.apiEmail = email;
        return stack;
    }

    TempDir m_dir;
    std::string m_ownerEmail;
    ui::SecretStore m_secrets;
    ui::StackDirectory m_stacks;
    ui::ApiSession m_session;
    ui::OpsSession m_ops;
};

} // namespace ragdesk::test
