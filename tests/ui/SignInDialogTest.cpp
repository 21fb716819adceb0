#include "dialogs/SignInDialog.h"

#include "DevstackSession.h"
#include "MainWindow.h"
#include "pages/UsersPage.h"
#include "widgets/ErrorBanner.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using ragdesk::test::DevstackSession;
using ragdesk::ui::MainWindow;
using ragdesk::ui::SignInDialog;

namespace {

/// The window as the app composes it, over the test's devstack session, showing the Users page.
struct Window {
    explicit Window(DevstackSession& devstack)
        : settings(QString::fromStdString((dir.path() / "settings.ini").string()), QSettings::IniFormat),
          window(devstack.stacks(), devstack.session(), &settings)
    {
        QObject::connect(&window, &MainWindow::dialogOpened, &window, [this](QDialog* dialog) {
            if (auto* signIn = qobject_cast<SignInDialog*>(dialog)) {
                asked << signIn;
            }
        });
        window.show();
        window.sidebar()->setCurrentRow(1);
    }

    ragdesk::test::TempDir dir;
    QSettings settings;
    MainWindow window;
    QList<QPointer<SignInDialog>> asked; ///< every sign-in dialog opened; each deletes itself when closed
};

} // namespace

/// Signing in to a stack the app has no password for, or a wrong one: asked once per run with the reason, the pages
/// load once it is given, and a Cancel is not asked again until Stack → Sign in.
class SignInDialogTest : public QObject {
    Q_OBJECT

private slots:
    void aMissingPasswordIsAskedOnceAndTheOpenPageLoadsWithIt()
    {
        DevstackSession devstack(DevstackSession::Password::NotKept);
        Window shell(devstack);
        QTRY_COMPARE_WITH_TIMEOUT(shell.asked.size(), 1, 20000);
        SignInDialog* dialog = shell.asked.first();
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
        SignInDialog dialog(&stacks, stack, QStringLiteral("No API token is stored for this stack."));
        const auto labels = dialog.findChildren<QLabel*>();
        QVERIFY(std::any_of(labels.begin(), labels.end(),
            [](QLabel* label) { return label->text().contains(QStringLiteral("API &token")); }));
        QCOMPARE(dialog.secretEdit()->echoMode(), QLineEdit::Password);
    }
};

QTEST_MAIN(SignInDialogTest)
#include "SignInDialogTest.moc"
