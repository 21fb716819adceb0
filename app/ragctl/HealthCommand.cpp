#include "CommandContext.h"
#include "Nouns.h"

#include "ragdesk/client/api/ApiClient.h"

#include <nlohmann/json.hpp>

#include <iomanip>

namespace ragdesk::ragctl {
namespace {

using client::api::ServiceHealth;
using client::api::SystemHealth;
using nlohmann::json;

json serviceJson(const ServiceHealth& service)
{
    json object{{"status", service.status}};
    object["detail"] = service.detail ? json(*service.detail) : json();
    object["version"] = service.version ? json(*service.version) : json();
    object["latency_ms"] = service.latencyMs ? json(*service.latencyMs) : json();
    return object;
}

void printService(std::ostream& out, std::string_view name, const ServiceHealth& service)
{
    out << std::left << std::setw(10) << name << std::setw(7) << service.status << std::setw(36)
        << service.version.value_or("-") << "  ";
    if (service.latencyMs) {
        out << *service.latencyMs << " ms";
    }
    if (service.detail) {
        out << "  " << *service.detail;
    }
    out << '\n';
}

// Both probes are reported even when one fails, so the output shows what answered; the exit code follows the
// first failure, else the overall status.
ExitCode runHealth(CommandContext& context, const ParsedArgs&)
{
    const client::StackProfile& stack = context.stack();
    client::api::ApiClient& api = context.anonymousApi();
    const client::Result<client::Done> live = api.liveness();
    const client::Result<SystemHealth> system = api.systemHealth();
    const client::Error* failure = !live ? &live.error() : (!system ? &system.error() : nullptr);
    std::ostream& out = context.out();

    if (context.json()) {
        json report{{"stack", stack.name}, {"api_url", stack.apiUrl}, {"liveness", live ? "ok" : "error"}};
        if (system) {
            report["status"] = system->status;
            for (const client::api::NamedService& service : client::api::services(*system)) {
                report[std::string(service.name)] = serviceJson(*service.health);
            }
        }
        if (failure) {
            report["error"] = {{"kind", client::toString(failure->kind)}, {"message", failure->message}};
        }
        context.printJson(report);
    } else {
        out << std::left << std::setw(10) << "stack" << stack.name << "  " << stack.apiUrl << '\n';
        out << std::setw(10) << "liveness" << (live ? "ok" : "error") << '\n';
        if (system) {
            out << std::setw(10) << "overall" << system->status << '\n';
            for (const client::api::NamedService& service : client::api::services(*system)) {
                printService(out, service.name, *service.health);
            }
        }
        if (failure) {
            context.err() << "ragctl: " << client::toString(failure->kind) << ": " << failure->message << '\n';
        }
    }
    if (failure) {
        return exitCodeFor(failure->kind);
    }
    return system->status == "ok" ? ExitCode::Ok : ExitCode::Failure;
}

} // namespace

NounSpec healthNoun()
{
    return {"health", "liveness and dependency health (PostgreSQL, vector store, Redis)",
        {{.summary = "Check that the stack answers (GET /health) and how its dependencies are "
                     "(GET /v1/system/health). Needs no credentials.",
            .details = "Exit code 0 when everything is ok, 1 when the stack answers but is degraded.",
            .run = runHealth}}};
}

} // namespace ragdesk::ragctl
