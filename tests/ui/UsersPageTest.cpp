#include "pages/UsersPage.h"

#include "DevstackSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/UserDialog.h"
#include "widgets/ErrorBanner.h"
#include "widgets/RecordTable.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using ragdesk::test::DevstackSession;
using ragdesk::ui::UserDialog;
using ragdesk::ui::UsersPage;

namespace {

/// Opens the page's dialog through its action and returns it once shown.
UserDialog* openedBy(UsersPage& page, QAction* action)
{
    QSignalSpy opened(&page, &UsersPage::dialogOpened);
    action->trigger();
    return opened.isEmpty() ? nullptr : qobject_cast<UserDialog*>(opened.first().at(0).value<QDialog*>());
}

int rowOf(UsersPage& page, const QString& email)
{
    const auto& users = page.model()->records();
    for (size_t row = 0; row < users.size(); ++row) {
        if (QString::fromStdString(users[row].email) == email) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

} // namespace

/// The Users page against the devstack's API: the seeded tenant's users, a user added, edited and deactivated
/// through the page's own dialogs, and the server's 422 shown under the field.
class UsersPageTest : public QObject {
    Q_OBJECT

private slots:
    void listsTheTenantsUsers()
    {
        DevstackSession devstack;
        UsersPage page(devstack.session());
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&page, &UsersPage::loaded);
        page.show();
        QVERIFY(loaded.wait(20000));
        QVERIFY2(page.banner()->message().isEmpty(), qPrintable(page.banner()->message()));
        QVERIFY(rowOf(page, QString::fromStdString(devstack.ownerEmail())) >= 0);
    }

    void aUserIsAddedEditedAndDeactivatedThroughThePage()
    {
        DevstackSession devstack;
        UsersPage page(devstack.session());
        QSignalSpy loaded(&page, &UsersPage::loaded);
        page.show();
        QVERIFY(loaded.wait(20000));
        const QString email =
            QString::fromStdString(DevstackSession::unique("gui-user-")) + QStringLiteral("@acme.test");

        UserDialog* add = openedBy(page, page.addUserAction());
        QVERIFY(add);
        add->emailEdit()->setText(email);
        add->displayNameEdit()->setText(QStringLiteral("Added From The Page"));
        add->passwordEdit()->setText(QStringLiteral("short"));
        add->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!add->fieldError("password").isEmpty(), 20000); // the server's 422, under its field
        QVERIFY(add->isVisible());
        add->passwordEdit()->setText(QStringLiteral("a-long-enough-password"));
        QSignalSpy saved(add, &UserDialog::saved);
        add->accept();
        QVERIFY(saved.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(page, email) >= 0, 20000);

        page.table()->selectId(QString::fromStdString(page.model()->record(rowOf(page, email)).id.str()));
        UserDialog* edit = openedBy(page, page.editUserAction());
        QVERIFY(edit);
        QCOMPARE(edit->emailEdit()->text(), email);
        edit->roleChoice()->setCurrentText(QStringLiteral("admin"));
        edit->passwordEdit()->setText(QStringLiteral("a-long-enough-password"));
        edit->accept();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(page, email) >= 0 &&
                page.model()->record(rowOf(page, email)).role == ragdesk::client::api::UserRole::Admin,
            20000);

        ragdesk::ui::Confirmation::setNextAnswer(true);
        QVERIFY(page.table()->selectedRow() == rowOf(page, email)); // the selection stayed on the user
        page.deactivateUserAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!page.model()->record(rowOf(page, email)).isActive, 20000);
    }
};

QTEST_MAIN(UsersPageTest)
#include "UsersPageTest.moc"
