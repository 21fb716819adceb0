#include "dialogs/StackEditorDialog.h"

#include "DevstackEnv.h"
#include "LocalShell.h"
#include "UiTestHelpers.h"
#include "bridge/StackDirectory.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

#include <fstream>
#include <optional>

using ragdesk::client::Secret;
using ragdesk::client::StackProfile;
using ragdesk::client::StackProfileStore;
using ragdesk::test::devstackEnv;
using ragdesk::ui::SecretStore;
using ragdesk::ui::StackDirectory;
using ragdesk::ui::StackEditorDialog;

namespace {

/// Types into a field as a person would (focus, keys), so the dialog's own reactions to edits run.
void typeInto(QLineEdit* field, const std::string& text)
{
    field->clear();
    QTest::keyClicks(field, QString::fromStdString(text));
}

/// The devstack's VPS as the form takes it.
void fillDevstack(StackEditorDialog& editor, const std::string& name)
{
    typeInto(editor.nameEdit(), name);
    typeInto(editor.apiUrlEdit(), devstackEnv("RAGDESK_API_URL"));
    typeInto(editor.emailEdit(), devstackEnv("RAGDESK_EMAIL"));
    typeInto(editor.passwordEdit(), devstackEnv("RAGDESK_PASSWORD"));
    typeInto(editor.sshHostEdit(), devstackEnv("RAGDESK_SSH_HOST"));
    editor.sshPortEdit()->setValue(std::stoi(devstackEnv("RAGDESK_SSH_PORT")));
    typeInto(editor.sshUserEdit(), devstackEnv("RAGDESK_SSH_USER"));
    typeInto(editor.sshKeyEdit(), devstackEnv("RAGDESK_SSH_KEY"));
    typeInto(editor.knownHostsEdit(), devstackEnv("RAGDESK_KNOWN_HOSTS"));
    typeInto(editor.stackDirEdit(), devstackEnv("RAGDESK_STACK_DIR"));
}

/// An editor adding a stack to a stacks.json of its own, with no keychain behind it.
struct NewStack {
    NewStack() : stacks(file(), {}, std::nullopt, &secrets), editor(&stacks, std::nullopt) { }
    std::filesystem::path file() const { return dir.path() / "stacks.json"; }

    ragdesk::test::TempDir dir;
    SecretStore secrets{QStringLiteral("RagDesk-test")};
    StackDirectory stacks;
    StackEditorDialog editor;
};

} // namespace

/// The stack editor: errors next to their fields, a saved profile with its secrets outside the file, the
/// insecure-http consent, and "Test connection" of both roads against the devstack's real API and sshd.
class StackEditorDialogTest : public QObject {
    Q_OBJECT

private slots:
    void badFieldsAreShownNextToThemAndNothingIsSaved()
    {
        NewStack adding;
        StackEditorDialog& editor = adding.editor;
        typeInto(editor.apiUrlEdit(), "rag.example.com");
        typeInto(editor.emailEdit(), "not-an-address");
        typeInto(editor.sshHostEdit(), "vps");
        editor.accept();
        QVERIFY(!editor.fieldError("name").isEmpty());
        QVERIFY(!editor.fieldError("api_url").isEmpty());
        QVERIFY(!editor.fieldError("api_email").isEmpty());
        QVERIFY(!editor.fieldError("ssh.user").isEmpty());
        QVERIFY(editor.fieldError("ssh.host").isEmpty());
        QCOMPARE(editor.result(), int(QDialog::Rejected));
        QVERIFY(!std::filesystem::exists(adding.file()));

        typeInto(editor.nameEdit(), "prod");
        typeInto(editor.apiUrlEdit(), "https://rag.example.com/");
        typeInto(editor.emailEdit(), "ops@example.com");
        typeInto(editor.sshUserEdit(), "deploy");
        editor.accept();
        QCOMPARE(editor.result(), int(QDialog::Accepted));
        QVERIFY(editor.fieldError("name").isEmpty());
        QCOMPARE(StackProfileStore::load(adding.file()).value().at(0).apiUrl, std::string("https://rag.example.com"));
    }

    void plainHttpToAnotherMachineNeedsConsentThatIsSaved()
    {
        NewStack adding;
        StackEditorDialog& editor = adding.editor;
        editor.show();
        typeInto(editor.apiUrlEdit(), "http://127.0.0.1:8080");
        QVERIFY(!editor.allowInsecureHttpBox()->isVisible()); // loopback: nothing crosses a network
        typeInto(editor.apiUrlEdit(), "http://10.1.2.3:8080");
        QVERIFY(editor.allowInsecureHttpBox()->isVisible());
        editor.allowInsecureHttpBox()->setChecked(true);
        typeInto(editor.nameEdit(), "lab");
        editor.signInChoice()->setCurrentIndex(2); // none: health only
        editor.accept();
        QCOMPARE(editor.result(), int(QDialog::Accepted));
        QVERIFY(StackProfileStore::load(adding.file()).value().at(0).allowInsecureHttp);
    }

    void devstackSavedWithSecretsInTheKeychainOnlyAndBothRoadsTestHealthy()
    {
        NewStack adding;
        StackEditorDialog& editor = adding.editor;
        const auto file = adding.file();
        editor.show();
        fillDevstack(editor, "dev");

        editor.testButton()->click();
        QTRY_VERIFY2_WITH_TIMEOUT(editor.apiTestResult()->text().contains(QStringLiteral("healthy")),
            qPrintable(editor.apiTestResult()->text()), 30000);
        QTRY_VERIFY2_WITH_TIMEOUT(editor.sshTestResult()->text().contains(QStringLiteral("logged in")),
            qPrintable(editor.sshTestResult()->text()), 30000);

        editor.accept();
        QCOMPARE(editor.result(), int(QDialog::Accepted));
        const std::string saved = ragdesk::test::readFile(file);
        QVERIFY(saved.find(devstackEnv("RAGDESK_PASSWORD")) == std::string::npos);
        QVERIFY(saved.find(devstackEnv("RAGDESK_EMAIL")) != std::string::npos);
        QCOMPARE(ragdesk::test::readSecretNow(adding.secrets, "dev", SecretStore::Kind::ApiPassword),
            std::optional(Secret(devstackEnv("RAGDESK_PASSWORD"))));
    }

    void anUnknownHostKeyIsShownAndTrustedOnlyWhenAPersonSaysSo()
    {
        NewStack adding;
        StackEditorDialog& editor = adding.editor;
        editor.show();
        fillDevstack(editor, "dev");
        const auto knownHosts = adding.dir.path() / "ssh" / "known_hosts";
        typeInto(editor.knownHostsEdit(), knownHosts.string());
        editor.testButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(editor.trustKeyButton()->isVisible(), 30000);
        // The fingerprint shown is the one OpenSSH computes for the devstack's host key, and nothing is trusted yet.
        const std::string expected = ragdesk::test::runLocal("ssh-keygen -lf " + devstackEnv("RAGDESK_KNOWN_HOSTS"));
        const QString shown = editor.sshTestResult()->text();
        const auto fingerprintAt = expected.find("SHA256:");
        QVERIFY2(shown.contains(QString::fromStdString(
                     expected.substr(fingerprintAt, expected.find(' ', fingerprintAt) - fingerprintAt))),
            qPrintable(shown + QStringLiteral(" vs ") + QString::fromStdString(expected)));
        QVERIFY(!std::filesystem::exists(knownHosts));

        editor.trustKeyButton()->click();
        QTRY_VERIFY2_WITH_TIMEOUT(editor.sshTestResult()->text().contains(QStringLiteral("logged in")),
            qPrintable(editor.sshTestResult()->text()), 30000);
        QVERIFY(!editor.trustKeyButton()->isVisible());
        QVERIFY(ragdesk::test::readFile(knownHosts).find("ssh-") != std::string::npos);
    }

    void aWrongSshUserIsReportedWithTheServersAnswer()
    {
        NewStack adding;
        StackEditorDialog& editor = adding.editor;
        editor.show();
        fillDevstack(editor, "dev");
        typeInto(editor.sshUserEdit(), "nobody-here");
        editor.testButton()->click();
        QTRY_VERIFY2_WITH_TIMEOUT(editor.sshTestResult()->text().contains(QStringLiteral("unreachable")),
            qPrintable(editor.sshTestResult()->text()), 30000);
        QVERIFY2(editor.sshTestResult()->text().length() > 30, qPrintable(editor.sshTestResult()->text()));
    }
};

QTEST_MAIN(StackEditorDialogTest)
#include "StackEditorDialogTest.moc"
