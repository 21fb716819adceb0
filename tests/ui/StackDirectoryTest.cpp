#include "bridge/StackDirectory.h"

#include "LocalShell.h"
#include "UiTestHelpers.h"
#include "models/StackProfileModel.h"

#include <QSignalSpy>
#include <QTest>

#include <fstream>
#include <optional>

using ragdesk::client::ErrorKind;
using ragdesk::client::Secret;
using ragdesk::client::StackProfile;
using ragdesk::client::StackProfileStore;
using ragdesk::ui::SecretStore;
using ragdesk::ui::StackDirectory;

namespace {

const StackProfile kProd{.name = "prod", .apiUrl = "https://rag.example.com", .apiEmail = "ops@example.com"};

} // namespace

/// The stacks the window shares: edits are checked and written to stacks.json at once, secrets never are, and the
/// environment's stack is used but never written. Runs with no keychain on the bus: secrets last this run only.
class StackDirectoryTest : public QObject {
    Q_OBJECT

private slots:
    void addEditRemoveAreWrittenToTheFileAtOnce()
    {
        ragdesk::test::TempDir dir;
        const auto file = dir.path() / "stacks.json";
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        StackDirectory stacks(file, {}, std::nullopt, &secrets);
        QSignalSpy changed(&stacks, &StackDirectory::stacksChanged);

        QVERIFY(stacks.save(kProd));
        QCOMPARE(StackProfileStore::load(file).value(), std::vector<StackProfile>{kProd});
        QCOMPARE(stacks.model()->rowCount(), 1);
        QCOMPARE(stacks.current()->name, std::string("prod"));

        StackProfile edited = kProd;
        edited.apiUrl = "https://rag2.example.com";
        QVERIFY(stacks.save(edited, "prod"));
        QCOMPARE(StackProfileStore::load(file).value(), std::vector<StackProfile>{edited});

        QVERIFY(stacks.remove("prod"));
        QVERIFY(StackProfileStore::load(file).value().empty());
        QCOMPARE(stacks.model()->rowCount(), 0);
        QVERIFY(stacks.current() == nullptr);
        QCOMPARE(changed.count(), 3);
    }

    void badFieldsAndATakenNameAreRefusedAndChangeNothing()
    {
        ragdesk::test::TempDir dir;
        const auto file = dir.path() / "stacks.json";
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        StackDirectory stacks(file, {kProd}, std::nullopt, &secrets);

        const auto bad = stacks.save({.name = "", .apiUrl = "ftp://x"});
        QVERIFY(!bad);
        QVERIFY(bad.error().kind == ErrorKind::Validation);
        QCOMPARE(bad.error().fieldErrors.size(), size_t{2});

        const auto taken = stacks.save({.name = "prod", .apiUrl = "https://other.example.com"});
        QVERIFY(!taken);
        QCOMPARE(taken.error().fieldErrors.at(0).field, std::string("name"));
        QVERIFY2(!std::filesystem::exists(file), "nothing was written");
        QCOMPARE(stacks.model()->rowCount(), 1);
    }

    void theEnvironmentsStackIsUsedButNeverWrittenNorEdited()
    {
        ragdesk::test::TempDir dir;
        const auto file = dir.path() / "stacks.json";
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        const StackProfile fromEnv{.name = "environment", .apiUrl = "http://127.0.0.1:18080"};
        StackDirectory stacks(file, {}, fromEnv, &secrets);
        QVERIFY(stacks.isFromEnvironment("environment"));
        QCOMPARE(stacks.model()->rowCount(), 1);

        QVERIFY(stacks.save(kProd));
        QCOMPARE(StackProfileStore::load(file).value(), std::vector<StackProfile>{kProd});
        QCOMPARE(stacks.model()->rowCount(), 2);
        QVERIFY(!stacks.save(fromEnv, "environment"));
        QVERIFY(!stacks.remove("environment"));
    }

    void secretsNeverReachTheFileAndFollowARename()
    {
        ragdesk::test::TempDir dir;
        const auto file = dir.path() / "stacks.json";
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        StackDirectory stacks(file, {kProd}, std::nullopt, &secrets);
        stacks.keepSecret("prod", SecretStore::Kind::ApiPassword, Secret("s3cret-Pa55"));
        QCOMPARE(ragdesk::test::readSecretNow(secrets, "prod", SecretStore::Kind::ApiPassword),
            std::optional(Secret("s3cret-Pa55")));

        StackProfile renamed = kProd;
        renamed.name = "production";
        QVERIFY(stacks.save(renamed, "prod"));
        QVERIFY(ragdesk::test::readFile(file).find("s3cret-Pa55") == std::string::npos);
        QVERIFY(ragdesk::test::readFile(file).find("production") != std::string::npos);
        QTRY_VERIFY_WITH_TIMEOUT(ragdesk::test::readSecretNow(secrets, "production", SecretStore::Kind::ApiPassword) ==
                std::optional(Secret("s3cret-Pa55")),
            10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            !ragdesk::test::readSecretNow(secrets, "prod", SecretStore::Kind::ApiPassword).has_value(), 10000);
        QCOMPARE(stacks.current()->name, std::string("production"));
    }

    void aFileThatCannotBeWrittenIsAnErrorAndChangesNothing()
    {
        ragdesk::test::TempDir dir;
        const auto file = dir.path() / "stacks.json";
        std::filesystem::create_directory(file); // a directory where the file should go: the rename fails
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        StackDirectory stacks(file, {}, std::nullopt, &secrets);
        const auto saved = stacks.save(kProd);
        QVERIFY(!saved);
        QVERIFY2(QString::fromStdString(saved.error().message).contains(QStringLiteral("stacks.json")),
            saved.error().message.c_str());
        QCOMPARE(stacks.model()->rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(StackDirectoryTest)
#include "StackDirectoryTest.moc"
