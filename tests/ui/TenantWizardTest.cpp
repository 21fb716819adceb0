#include "dialogs/TenantWizard.h"

#include "DevstackSession.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using ragdesk::test::DevstackSession;
using ragdesk::ui::TenantWizard;

/// The tenant bootstrap wizard against the devstack: the server's 422 errors each under its own field, then a tenant
/// whose owner can sign in.
class TenantWizardTest : public QObject {
    Q_OBJECT

private slots:
    void slugIsSuggestedFromTheName()
    {
        QCOMPARE(ragdesk::ui::suggestedSlug(QStringLiteral("Acme Corp. (EU)")), QStringLiteral("acme-corp-eu"));
        QCOMPARE(ragdesk::ui::suggestedSlug(QStringLiteral("  Ünïcode 2 ")), QStringLiteral("n-code-2"));
    }

    void eachServerErrorIsShownUnderItsFieldThenTheTenantIsCreated()
    {
        DevstackSession devstack;
        TenantWizard wizard(devstack.session());
        wizard.show();
        QTest::keyClicks(wizard.nameEdit(), QStringLiteral("GUI Tenant"));
        QCOMPARE(wizard.slugEdit()->text(), QStringLiteral("gui-tenant"));
        wizard.slugEdit()->setText(QStringLiteral("Not A Slug"));
        wizard.ownerEmailEdit()->setText(QStringLiteral("not-an-email"));
        wizard.ownerPasswordEdit()->setText(QStringLiteral("short"));
        wizard.accept();
        QTRY_VERIFY_WITH_TIMEOUT(!wizard.fieldError("tenant_slug").isEmpty(), 20000);
        QVERIFY(!wizard.fieldError("owner_email").isEmpty());
        QVERIFY(!wizard.fieldError("owner_password").isEmpty());
        QVERIFY(wizard.fieldError("tenant_name").isEmpty());
        QVERIFY(wizard.isVisible());

        const std::string slug = DevstackSession::unique("gui-");
        const std::string email = slug + "@owners.ragdesk.org"; // the API refuses special-use domains (.test)
        wizard.slugEdit()->setText(QString::fromStdString(slug));
        wizard.ownerEmailEdit()->setText(QString::fromStdString(email));
        wizard.ownerPasswordEdit()->setText(QStringLiteral("owner-password-1"));
        QSignalSpy saved(&wizard, &TenantWizard::saved);
        wizard.accept();
        QVERIFY2(saved.wait(20000),
            qPrintable(wizard.generalError() + wizard.fieldError("owner_email") + wizard.fieldError("tenant_slug")));
        QVERIFY(wizard.fieldError("tenant_slug").isEmpty());

        ragdesk::client::api::ApiClient owner(ragdesk::test::devstackEnv("RAGDESK_API_URL"),
            {.apiToken = {}, .email = email, .password = ragdesk::client::Secret("owner-password-1")});
        const auto identity = owner.accounts().login();
        QVERIFY2(identity, identity ? "" : identity.error().message.c_str());
        QCOMPARE(identity->tenant.slug, slug);
    }
};

QTEST_MAIN(TenantWizardTest)
#include "TenantWizardTest.moc"
