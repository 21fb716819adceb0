#include "pages/TokensPage.h"

#include "DevstackSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/FormDialog.h"
#include "dialogs/SecretRevealDialog.h"
#include "widgets/RecordTable.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using ragdesk::test::DevstackSession;
using ragdesk::ui::TokensPage;

/// The API tokens page against the devstack: a token created through the page is shown once, works, and stops
/// working once revoked through the page.
class TokensPageTest : public QObject {
    Q_OBJECT

private slots:
    void aCreatedTokenIsShownOnceWorksAndIsRefusedOnceRevoked()
    {
        DevstackSession devstack;
        TokensPage page(devstack.session());
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&page, &TokensPage::loaded);
        page.show();
        QVERIFY(loaded.wait(20000));

        QSignalSpy opened(&page, &TokensPage::dialogOpened);
        page.createTokenAction()->trigger();
        QCOMPARE(opened.count(), 1);
        auto* create = qobject_cast<ragdesk::ui::FormDialog*>(opened.first().at(0).value<QDialog*>());
        QVERIFY(create);
        const QString name = QString::fromStdString(DevstackSession::unique("gui-token-"));
        create->findChild<QLineEdit*>()->setText(name);
        create->accept();
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, 20000);
        auto* reveal = qobject_cast<ragdesk::ui::SecretRevealDialog*>(opened.last().at(0).value<QDialog*>());
        QVERIFY(reveal);
        const std::string raw = reveal->secretField()->text().toStdString();
        QCOMPARE(raw.size(), size_t{43}); // 32 random bytes, base64url (contract §2.2)
        reveal->copyButton()->click();
        QCOMPARE(QApplication::clipboard()->text().toStdString(), raw);

        ragdesk::client::api::ApiClient withToken(ragdesk::test::devstackEnv("RAGDESK_API_URL"),
            ragdesk::client::api::Credentials{.apiToken = ragdesk::client::Secret(raw)});
        QVERIFY(withToken.accounts().me());

        const auto rowNamed = [&] {
            const auto& tokens = page.model()->records();
            for (size_t row = 0; row < tokens.size(); ++row) {
                if (QString::fromStdString(tokens[row].name) == name) {
                    return static_cast<int>(row);
                }
            }
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(rowNamed() >= 0, 20000);
        QCOMPARE(page.model()->record(rowNamed()).tokenPrefix, raw.substr(0, 8));
        page.table()->selectId(QString::fromStdString(page.model()->record(rowNamed()).id.str()));
        ragdesk::ui::Confirmation::setNextAnswer(true);
        page.revokeTokenAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!page.model()->record(rowNamed()).isActive, 20000);
        const auto refused = withToken.accounts().me();
        QVERIFY(!refused);
        QVERIFY(refused.error().kind == ragdesk::client::ErrorKind::Auth);
    }
};

QTEST_MAIN(TokensPageTest)
#include "TokensPageTest.moc"
