#pragma once

// Small waits and reads the UI tests share.

#include "bridge/SecretStore.h"

#include <QTest>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace ragdesk::test {

/// A file's bytes.
inline std::string fileText(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

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
