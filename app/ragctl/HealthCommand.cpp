#include "HealthCommand.h"

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

} // namespace

ExitCode runHealth(const client::StackProfile& stack, bool asJson, std::ostream& out, std::ostream& err)
{
    client::api::ApiClient api(stack.apiUrl);
    const client::Result<client::Done> live = api.liveness();
    const client::Result<SystemHealth> system = api.systemHealth();
    const client::Error* failure = !live ? &live.error() : (!system ? &system.error() : nullptr);

    if (asJson) {
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
        out << report.dump() << '\n';
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
            err << "ragctl: " << client::toString(failure->kind) << ": " << failure->message << '\n';
        }
    }
    if (failure) {
        return exitCodeFor(failure->kind);
    }
    return system->status == "ok" ? ExitCode::Ok : ExitCode::Failure;
}

} // namespace ragdesk::ragctl
