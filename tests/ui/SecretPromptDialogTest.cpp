#include "dialogs/SecretPromptDialog.h"

#include "DevstackSession.h"
#include "MainWindow.h"
#include "UiTestHelpers.h"
#include "pages/UsersPage.h"
#include "widgets/ErrorBanner.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using ragdesk::test::devstackEnv;
using ragdesk::test::DevstackSession;
using ragdesk::ui::MainWindow;
using ragdesk::ui::SecretPromptDialog;

namespace {

/// The window as the app composes it over these stacks and session, showing one page; it collects the secret
/// prompts it opens.
struct Window {
    Window(ragdesk::ui::StackDirectory* stacks, ragdesk::ui::ApiSession* session, const QString& page)
        : settings(QString::fromStdString((dir.path() / "settings.ini").string()), QSettings::IniFormat),
          window(stacks, session, &settings)
    {
        QObject::connect(&window, &MainWindow::dialogOpened, &window, [this](QDialog* dialog) {
            if (auto* prompt = qobject_cast<SecretPromptDialog*>(dialog)) {
                asked << prompt;
            }
        });
        window.show();
        window.showPage(page);
    }
    /// On the Users page of the devstack session.
    explicit Window(DevstackSession& devstack) : Window(devstack.stacks(), devstack.session(), QStringLiteral("Users"))
    {
    }

    ragdesk::test::TempDir dir;
    QSettings settings;
    MainWindow window;
    QList<QPointer<SecretPromptDialog>> asked; ///< every prompt opened; each deletes itself when closed
};

} // namespace

/// Signing in to a stack the app has no password for, or a wrong one: asked once per run with the reason, the pages
/// load once it is given, and a Cancel is not asked again until Stack → Sign in.
class SecretPromptDialogTest : public QObject {
    Q_OBJECT

private slots:
    void aMissingPasswordIsAskedOnceAndTheOpenPageLoadsWithIt()
    {
        DevstackSession devstack(DevstackSession::Password::NotKept);
        Window shell(devstack);
        QTRY_COMPARE_WITH_TIMEOUT(shell.asked.size(), 1, 20000);
        SecretPromptDialog* dialog = shell.asked.first();
        QVERIFY2(dialog->reason().contains(QStringLiteral("No password")), qPrintable(dialog->reason()));
        QVERIFY2(
            dialog->reason().contains(QString::fromStdString(devstack.ownerEmail())), qPrintable(dialog->reason()));

        QSignalSpy loaded(shell.window.usersPage(), &ragdesk::ui::UsersPage::loaded);
        dialog->secretEdit()->setText(QString::fromLatin1(DevstackSession::kOwnerPassword));
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && shell.window.usersPage()->banner()->message().isEmpty() &&
                !shell.window.usersPage()->model()->records().empty(),
            20000);
        QCOMPARE(shell.asked.size(), 1); // the failed first load did not ask a second time
    }

    void aRefusedPasswordSaysWhyAndACancelIsNotAskedAgainUntilSignInIsChosen()
    {
        DevstackSession devstack(DevstackSession::Password::NotKept);
        devstack.secrets()->keepForThisRun(QStringLiteral("devstack"), ragdesk::ui::SecretStore::Kind::ApiPassword,
            ragdesk::client::Secret("not-the-password"));
        Window shell(devstack);
        auto* users = shell.window.usersPage();
        QTRY_COMPARE_WITH_TIMEOUT(shell.asked.size(), 1, 20000);
        QVERIFY2(!shell.asked.first()->reason().isEmpty(), "the server's refusal is the reason");
        shell.asked.first()->reject();
        QTRY_VERIFY_WITH_TIMEOUT(!users->banner()->message().isEmpty(), 20000); // the error stays where it happened

        QSignalSpy loaded(users, &ragdesk::ui::UsersPage::loaded);
        users->reload();
        QVERIFY(loaded.wait(20000));
        QVERIFY(!users->banner()->message().isEmpty());
        QCOMPARE(shell.asked.size(), 1);

        shell.window.showSignIn(QStringLiteral("asked for"));
        QCOMPARE(shell.asked.size(), 2);
        shell.asked.last()->secretEdit()->setText(QString::fromLatin1(DevstackSession::kOwnerPassword));
        shell.asked.last()->accept();
        QTRY_VERIFY_WITH_TIMEOUT(users->banner()->message().isEmpty() && !users->model()->records().empty(), 20000);
    }

    void aStackWithoutAnEmailAsksForItsApiToken()
    {
        ragdesk::test::TempDir dir;
        ragdesk::ui::SecretStore secrets(QStringLiteral("RagDesk-test"));
        ragdesk::ui::StackDirectory stacks(dir.path() / "stacks.json", {}, std::nullopt, &secrets);
        const ragdesk::client::StackProfile stack{.name = "tokens", .apiUrl = "http://127.0.0.1:9"};
        SecretPromptDialog dialog(
            &stacks, stack, ragdesk::ui::signInKindOf(stack), QStringLiteral("No API token is stored for this stack."));
        const auto labels = dialog.findChildren<QLabel*>();
        QVERIFY(std::any_of(labels.begin(), labels.end(),
            [](QLabel* label) { return label->text().contains(QStringLiteral("API &token")); }));
        QCOMPARE(dialog.secretEdit()->echoMode(), QLineEdit::Password);
    }

    void anEncryptedSshKeyIsUnlockedWithThePassphraseAskedFor()
    {
        ragdesk::test::TempDir dir;
        const std::string key = (dir.path() / "id_ed25519").string();
        std::filesystem::copy_file(devstackEnv("RAGDESK_SSH_KEY"), key);
        ragdesk::test::runLocal("ssh-keygen -q -p -P '' -N 'correct horse' -f " + key);
        const ragdesk::client::StackProfile vps{.name = "vps",
            .apiUrl = devstackEnv("RAGDESK_API_URL"),
            .sshHost = devstackEnv("RAGDESK_SSH_HOST"),
            .sshPort = static_cast<std::uint16_t>(std::stoi(devstackEnv("RAGDESK_SSH_PORT"))),
            .sshUser = devstackEnv("RAGDESK_SSH_USER"),
            .sshKeyPath = key,
            .sshKnownHostsFile = devstackEnv("RAGDESK_KNOWN_HOSTS")};
        ragdesk::ui::SecretStore secrets(QStringLiteral("RagDesk-test"));
        ragdesk::ui::StackDirectory stacks(dir.path() / "stacks.json", {vps}, std::nullopt, &secrets);
        ragdesk::ui::ApiSession session(&stacks);
        Window shell(&stacks, &session, QStringLiteral("Stacks")); // nothing signs in to the API
        stacks.startHealthChecks();

        QTRY_COMPARE_WITH_TIMEOUT(shell.asked.size(), 1, 30000);
        SecretPromptDialog* prompt = shell.asked.first();
        QCOMPARE(prompt->kind(), ragdesk::ui::SecretStore::Kind::SshPassphrase);
        QVERIFY2(prompt->reason().contains(QStringLiteral("encrypted")), qPrintable(prompt->reason()));
        prompt->secretEdit()->setText(QStringLiteral("correct horse"));
        prompt->accept();
        QTRY_VERIFY2_WITH_TIMEOUT(shell.window.sshStatus()->text().contains(QStringLiteral("healthy")),
            qPrintable(shell.window.sshStatus()->text()), 30000);
        QCOMPARE(shell.asked.size(), 1);
        QCOMPARE(ragdesk::test::readSecretNow(secrets, "vps", ragdesk::ui::SecretStore::Kind::SshPassphrase),
            std::optional(ragdesk::client::Secret("correct horse")));
    }
};

QTEST_MAIN(SecretPromptDialogTest)
#include "SecretPromptDialogTest.moc"
