#pragma once

#include "RagctlProcess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ragdesk::test {

bool contains(const std::string& text, const std::string& part);
/// A run's exit code and both streams, for assertion messages.
std::string describe(const RagctlRun& run);
/// The NDJSON of a `--json chat`: one parsed event per line.
std::vector<nlohmann::json> eventsOf(const std::string& out);

} // namespace ragdesk::test

/// The fixture of every ragctl devstack test (named Devstack, so ctest's cli_devstack filter finds them): each
/// test gets its own tenant, created through `ragctl tenants bootstrap`, and runs ragctl as that tenant's owner.
class Devstack : public ::testing::Test {
protected:
    void SetUp() override;

    ragdesk::test::EnvChanges stackOnly() const { return {{"RAGDESK_API_URL", m_url}}; }
    ragdesk::test::EnvChanges owner() const { return {{"RAGDESK_API_URL", m_url}, {"RAGDESK_TOKEN", m_token}}; }

    ragdesk::test::RagctlRun ragctl(const std::vector<std::string>& args, const ragdesk::test::RagctlIo& io = {}) const;
    /// The JSON a successful run printed; throws (failing the test) on any other exit code.
    static nlohmann::json jsonOf(const ragdesk::test::RagctlRun& run, const std::string& what);
    /// `ragctl --json ARGS` as the owner, parsed; throws unless it exits with 0.
    nlohmann::json ragctlJson(std::vector<std::string> args, const ragdesk::test::RagctlIo& io = {}) const;

    std::string createBot(const std::string& name = "Support") const;
    /// A bot with one ready text source about the Pro plan, so chats retrieve something.
    std::string botWithKnowledge() const;

    std::string m_url;
    std::string m_slug;
    std::string m_email;
    std::string m_password;
    std::string m_token;
};
