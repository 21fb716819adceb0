#pragma once

// Small waits and reads the UI tests share.

#include "bridge/SecretStore.h"

#include <QTest>

#include <optional>
#include <string>

namespace ragdesk::test {

/// A secret read through the store, waited for with a deadline; nullopt when none is kept (or no answer came).
inline std::optional<client::Secret> readSecretNow(
    ui::SecretStore& store, const std::string& stack, ui::SecretStore::Kind kind)
{
    QObject receiver;
    std::optional<std::optional<client::Secret>> got;
    store.read(QString::fromStdString(stack), kind, &receiver,
        [&](std::optional<client::Secret> secret, const QString&) { got = std::move(secret); });
    return QTest::qWaitFor([&] { return got.has_value(); }, 10000) ? *got : std::nullopt;
}

} // namespace ragdesk::test
