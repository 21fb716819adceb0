#include "DevstackFixture.h"

#include "DevstackControl.h"
#include "DevstackEnv.h"

#include <stdexcept>

using nlohmann::json;
using ragdesk::test::RagctlIo;
using ragdesk::test::RagctlRun;

namespace ragdesk::test {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

std::string describe(const RagctlRun& run)
{
    return "exit " + std::to_string(run.exitCode) + "\n--- stdout\n" + run.out + "\n--- stderr\n" + run.err;
}

std::vector<json> eventsOf(const std::string& out)
{
    std::vector<json> events;
    for (const std::string& line : linesOf(out)) {
        events.push_back(json::parse(line));
    }
    return events;
}

} // namespace ragdesk::test

void Devstack::SetUp()
{
    m_url = ragdesk::test::devstackEnv("RAGDESK_API_URL");
    m_slug = ragdesk::test::uniqueName("cli");
    m_email = m_slug + "@example.com";
    m_password = "pw-" + m_slug;
    const json created =
        jsonOf(ragdesk::test::runRagctl({"--json", "tenants", "bootstrap", "--name", "CLI " + m_slug, "--slug", m_slug,
                                            "--owner-email", m_email, "--password-stdin"},
                   stackOnly(), {.stdinText = m_password + "\n"}),
            "bootstrap");
    m_token = created.at("api_token").get<std::string>();
}

RagctlRun Devstack::ragctl(const std::vector<std::string>& args, const RagctlIo& io) const
{
    return ragdesk::test::runRagctl(args, owner(), io);
}

json Devstack::jsonOf(const RagctlRun& run, const std::string& what)
{
    if (run.exitCode != 0) {
        throw std::runtime_error(what + " failed: " + ragdesk::test::describe(run));
    }
    return json::parse(run.out);
}

json Devstack::ragctlJson(std::vector<std::string> args, const RagctlIo& io) const
{
    args.insert(args.begin(), "--json");
    const std::string what = args.at(1) + (args.size() > 2 ? " " + args.at(2) : "");
    return jsonOf(ragctl(args, io), what);
}

std::string Devstack::createBot(const std::string& name) const
{
    return ragctlJson({"bots", "create", name, "--model", "gpt-4o-mini"}).at("id").get<std::string>();
}

std::string Devstack::botWithKnowledge() const
{
    std::string bot = createBot();
    const json source = ragctlJson({"sources", "add-text", "--bot", bot, "--name", "Plans", "--wait",
        "The Pro plan costs 49 euros per month and includes SSO. Grüße!"});
    if (source.at("status") != "ready") {
        throw std::runtime_error("the text source did not become ready: " + source.dump());
    }
    return bot;
}
