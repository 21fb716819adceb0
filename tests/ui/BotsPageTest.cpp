#include "pages/BotsPage.h"

#include "DevstackSession.h"
#include "dialogs/BotEditorDialog.h"
#include "dialogs/Confirmation.h"
#include "widgets/RecordTable.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using ragdesk::client::api::BotProfile;
using ragdesk::test::DevstackSession;
using ragdesk::ui::BotEditorDialog;
using ragdesk::ui::BotsPage;

namespace {

BotEditorDialog* openedBy(BotsPage& page, QAction* action)
{
    QSignalSpy opened(&page, &BotsPage::dialogOpened);
    action->trigger();
    return opened.isEmpty() ? nullptr : qobject_cast<BotEditorDialog*>(opened.first().at(0).value<QDialog*>());
}

const BotProfile* named(const BotsPage& page, const QString& name)
{
    for (const BotProfile& bot : page.model()->records()) {
        if (QString::fromStdString(bot.name) == name) {
            return &bot;
        }
    }
    return nullptr;
}

} // namespace

/// The Bots page against the devstack: every field of a bot set through the editor and read back from the server,
/// an edit that sends only what changed, the server's 422 under its field, deactivate and reactivate.
class BotsPageTest : public QObject {
    Q_OBJECT

private slots:
    void aBotIsCreatedEditedDeactivatedAndReactivatedThroughThePage()
    {
        DevstackSession devstack;
        BotsPage page(devstack.session());
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&page, &BotsPage::loaded);
        page.show();
        QVERIFY(loaded.wait(20000));
        const QString name = QString::fromStdString(DevstackSession::unique("gui-bot-"));

        BotEditorDialog* add = openedBy(page, page.addBotAction());
        QVERIFY(add);
        add->nameEdit()->setText(QString(300, QLatin1Char('x'))); // over the API's 255
        add->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!add->fieldError("name").isEmpty(), 20000);
        add->nameEdit()->setText(name);
        add->modelEdit()->setText(QStringLiteral("gpt-4o"));
        add->embeddingModelEdit()->setText(QStringLiteral("text-embedding-3-large"));
        add->systemPromptEdit()->setPlainText(QStringLiteral("Answer in one sentence.\nCite sources."));
        add->temperatureEdit()->setValue(0.25);
        add->maxTokensEdit()->setValue(2048);
        add->providerKeyEdit()->setText(QStringLiteral("sk-test-key"));
        QSignalSpy saved(add, &BotEditorDialog::saved);
        add->accept();
        QVERIFY2(saved.wait(20000), qPrintable(add->generalError()));
        QTRY_VERIFY_WITH_TIMEOUT(named(page, name) != nullptr, 20000);
        const BotProfile created = *named(page, name);
        QCOMPARE(created.model, std::string("gpt-4o"));
        QVERIFY(created.embeddingModel == std::optional<std::string>("text-embedding-3-large"));
        QCOMPARE(created.systemPrompt, std::string("Answer in one sentence.\nCite sources."));
        QCOMPARE(created.temperature, 0.25);
        QCOMPARE(created.maxTokens, 2048);
        QVERIFY(created.hasCredentials);

        page.table()->selectId(QString::fromStdString(created.id.str()));
        BotEditorDialog* edit = openedBy(page, page.editBotAction());
        QVERIFY(edit);
        QCOMPARE(edit->systemPromptEdit()->toPlainText(), QStringLiteral("Answer in one sentence.\nCite sources."));
        edit->temperatureEdit()->setValue(1.5);
        edit->embeddingModelEdit()->clear(); // back to the platform default
        edit->removeKeyBox()->setChecked(true);
        edit->accept();
        QTRY_VERIFY_WITH_TIMEOUT(named(page, name) && named(page, name)->temperature == 1.5, 20000);
        QVERIFY(!named(page, name)->embeddingModel.has_value());
        QVERIFY(!named(page, name)->hasCredentials);
        QCOMPARE(named(page, name)->maxTokens, 2048); // unchanged, so not sent

        ragdesk::ui::Confirmation::setNextAnswer(true);
        page.deactivateBotAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!named(page, name)->isActive, 20000);
        QVERIFY(page.reactivateBotAction()->isEnabled());
        page.reactivateBotAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(named(page, name)->isActive, 20000);
    }
};

QTEST_MAIN(BotsPageTest)
#include "BotsPageTest.moc"
