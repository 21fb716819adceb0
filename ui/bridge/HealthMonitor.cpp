#include "HealthMonitor.h"

#include "ragdesk/client/api/ApiClient.h"

#include <chrono>

namespace ragdesk::ui {
namespace {

using namespace std::chrono_literals;

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

HealthMonitor::HealthMonitor(QObject* parent) : QObject(parent), m_worker(new QObject)
{
    m_thread.setObjectName(QStringLiteral("health-probe"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

HealthMonitor::~HealthMonitor()
{
    m_thread.quit();
    m_thread.wait();
}

void HealthMonitor::probe(const std::vector<client::StackProfile>& stacks)
{
    if (m_roundRunning) {
        return;
    }
    m_roundRunning = true;
    QMetaObject::invokeMethod(m_worker, [this, stacks] {
        for (const client::StackProfile& stack : stacks) {
            StackHealth health = check(stack);
            QMetaObject::invokeMethod(
                this, [this, name = qs(stack.name), health] { emit healthChecked(name, health); });
        }
        QMetaObject::invokeMethod(this, [this] {
            m_roundRunning = false;
            emit probeRoundFinished();
        });
    });
}

StackHealth HealthMonitor::check(const client::StackProfile& stack)
{
    auto& api = m_clients[stack.name];
    if (!api || api->baseUrl() != stack.apiUrl) {
        api = std::make_unique<client::api::ApiClient>(stack.apiUrl, client::api::Credentials{},
            client::api::HttpOptions{.connectTimeout = 3s,
                .totalTimeout = 8s,
                .caFile = stack.caFile,
                .pinnedPublicKey = stack.pinnedPublicKey});
    }
    StackHealth health;
    health.checkedAt = QDateTime::currentDateTimeUtc();
    if (const auto live = api->liveness(); !live) {
        health.state = StackHealth::State::Unreachable;
        health.message = qs(live.error().message);
        return health;
    }
    const auto system = api->systemHealth();
    if (!system) {
        health.state = StackHealth::State::Degraded;
        health.message = QStringLiteral("/v1/system/health: ") + qs(system.error().message);
        return health;
    }
    health.system = *system;
    health.state = system->status == "ok" ? StackHealth::State::Healthy : StackHealth::State::Degraded;
    if (health.state == StackHealth::State::Degraded) {
        QStringList failing;
        for (const client::api::NamedService& service : client::api::services(*system)) {
            if (!service.health->ok) {
                failing << qs(std::string(service.name)) + QStringLiteral(": ") +
                        qs(service.health->detail.value_or("error"));
            }
        }
        health.message = failing.join(QStringLiteral("; "));
    }
    return health;
}

} // namespace ragdesk::ui
