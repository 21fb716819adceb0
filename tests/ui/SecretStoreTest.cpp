#include "bridge/SecretStore.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <optional>

using ragdesk::client::Secret;
using ragdesk::ui::SecretStore;

namespace {

struct ReadResult {
    std::optional<Secret> secret;
    QString error;
};

/// Reads through the store and waits (with a deadline) for the answer.
std::optional<ReadResult> readNow(SecretStore& store, const QString& stack, SecretStore::Kind kind)
{
    QObject receiver;
    std::optional<ReadResult> got;
    store.read(stack, kind, &receiver, [&](std::optional<Secret> secret, const QString& error) {
        got = ReadResult{std::move(secret), error};
    });
    if (!QTest::qWaitFor([&] { return got.has_value(); }, 10000)) {
        return std::nullopt;
    }
    return got;
}

std::optional<std::pair<bool, QString>> writeNow(
    SecretStore& store, const QString& stack, SecretStore::Kind kind, const Secret& secret)
{
    QObject receiver;
    std::optional<std::pair<bool, QString>> got;
    store.write(stack, kind, secret, &receiver, [&](bool kept, const QString& error) { got.emplace(kept, error); });
    if (!QTest::qWaitFor([&] { return got.has_value(); }, 10000)) {
        return std::nullopt;
    }
    return got;
}

/// Every byte of every file under the keyring directory.
QByteArray keyringBytes()
{
    QByteArray all;
    QDirIterator files(qEnvironmentVariable("RAGDESK_KEYRING_DIR"), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        if (file.open(QIODevice::ReadOnly)) {
            all += file.readAll();
        }
    }
    return all;
}

const QString kService = QStringLiteral("RagDesk-test");

} // namespace

/// Secrets through QtKeychain: with a real Secret Service (gnome-keyring in a private D-Bus session, ctest
/// ui_SecretStore) and with none answering (ui_SecretStore_no_keychain).
class SecretStoreTest : public QObject {
    Q_OBJECT

private slots:
    void aSecretWrittenIsReadBackByTheNextRunAndIsNotStoredInClear()
    {
        const Secret password("correct-horse-7f3a9c");
        {
            SecretStore store(kService);
            const auto written = writeNow(store, QStringLiteral("prod"), SecretStore::Kind::ApiPassword, password);
            QVERIFY(written.has_value());
            QVERIFY2(written->first, qPrintable(written->second));
            QVERIFY(store.keychainProblem().isEmpty());
        }
        SecretStore nextRun(kService); // nothing in memory: the answer comes from the keychain
        const auto read = readNow(nextRun, QStringLiteral("prod"), SecretStore::Kind::ApiPassword);
        QVERIFY(read.has_value());
        QVERIFY2(read->error.isEmpty(), qPrintable(read->error));
        QVERIFY(read->secret.has_value());
        QCOMPARE(read->secret->reveal(), password.reveal());

        const QByteArray stored = keyringBytes();
        QVERIFY2(!stored.isEmpty(), "the keyring directory holds no file: the test looks in the wrong place");
        QVERIFY(!stored.contains(QByteArray::fromStdString(password.reveal())));
    }

    void secretsOfOtherStacksAndKindsAreApartAndRemoveForgets()
    {
        SecretStore store(kService);
        QVERIFY(writeNow(store, QStringLiteral("a"), SecretStore::Kind::ApiToken, Secret("token-a"))->first);
        QVERIFY(writeNow(store, QStringLiteral("b"), SecretStore::Kind::ApiToken, Secret("token-b"))->first);
        QVERIFY(writeNow(store, QStringLiteral("a"), SecretStore::Kind::SshPassphrase, Secret("phrase-a"))->first);

        SecretStore fresh(kService);
        QCOMPARE(readNow(fresh, QStringLiteral("b"), SecretStore::Kind::ApiToken)->secret->reveal(), "token-b");
        QCOMPARE(readNow(fresh, QStringLiteral("a"), SecretStore::Kind::SshPassphrase)->secret->reveal(), "phrase-a");

        QObject receiver;
        std::optional<bool> removed;
        store.remove(QStringLiteral("a"), SecretStore::Kind::ApiToken, &receiver,
            [&](bool ok, const QString&) { removed = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 10000);
        QVERIFY(*removed);
        SecretStore afterRemove(kService);
        const auto gone = readNow(afterRemove, QStringLiteral("a"), SecretStore::Kind::ApiToken);
        QVERIFY(gone.has_value() && !gone->secret && gone->error.isEmpty());
        QCOMPARE(
            readNow(afterRemove, QStringLiteral("a"), SecretStore::Kind::SshPassphrase)->secret->reveal(), "phrase-a");
    }

    void withoutAKeychainASecretLastsThisRunOnlyAndTheReasonIsShown()
    {
        SecretStore store(kService);
        const auto written = writeNow(store, QStringLiteral("prod"), SecretStore::Kind::ApiToken, Secret("t0ken"));
        QVERIFY(written.has_value());
        QVERIFY(!written->first);
        QVERIFY(!written->second.isEmpty());
        QVERIFY(!store.keychainProblem().isEmpty());
        // Asked once per run: the same run has it...
        QCOMPARE(readNow(store, QStringLiteral("prod"), SecretStore::Kind::ApiToken)->secret->reveal(), "t0ken");
        // ...the next run does not, and hears why.
        SecretStore nextRun(kService);
        const auto read = readNow(nextRun, QStringLiteral("prod"), SecretStore::Kind::ApiToken);
        QVERIFY(read.has_value());
        QVERIFY(!read->secret);
        QVERIFY(!read->error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(SecretStoreTest)
#include "SecretStoreTest.moc"
