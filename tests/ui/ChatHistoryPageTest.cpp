#include "pages/ChatHistoryPage.h"

#include "chat/Transcript.h"

#include "DevstackSession.h"
#include "widgets/RecordTable.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>

using ragdesk::client::api::ExportFormat;
using ragdesk::test::DevstackSession;
using ragdesk::ui::ChatHistoryPage;

/// The chat history against the devstack: chats of the test's tenant filtered by bot, a transcript with its
/// feedback, and exports written byte for byte as the server sent them, readable by the owner only.
class ChatHistoryPageTest : public QObject {
    Q_OBJECT

private slots:
    void chatsTranscriptsFeedbackAndExports()
    {
        DevstackSession devstack;
        ragdesk::client::api::ApiClient owner(ragdesk::test::devstackEnv("RAGDESK_API_URL"),
            {.apiToken = {},
                .email = devstack.ownerEmail(),
                .password = ragdesk::client::Secret("ui-test-owner-password")});
        const auto support = owner.bots().create({.name = "support"});
        const auto sales = owner.bots().create({.name = "sales"});
        QVERIFY(support && sales);
        const auto first = owner.chats().ask({.botProfileId = support->id, .message = "How do I reset my password?"});
        QVERIFY(first);
        QVERIFY(owner.chats().ask({.botProfileId = support->id, .message = "And my e-mail?", .chatId = first->chatId}));
        QVERIFY(owner.chats().ask({.botProfileId = sales->id, .message = "What does the pro plan cost?"}));
        QVERIFY(owner.chats().setFeedback(first->chatId, first->message.id, ragdesk::client::api::Feedback::Positive));

        ChatHistoryPage page(devstack.session());
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&page, &ChatHistoryPage::loaded);
        page.show();
        QVERIFY(loaded.wait(20000));
        QCOMPARE(page.model()->rowCount(), 2);

        page.botChoice()->setCurrentIndex(page.botChoice()->findData(QString::fromStdString(support->id.str())));
        emit page.botChoice()->activated(page.botChoice()->currentIndex());
        QVERIFY(loaded.wait(20000));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->record(0).messageCount, 4);

        QSignalSpy shown(&page, &ChatHistoryPage::transcriptShown);
        page.table()->selectId(QString::fromStdString(first->chatId.str()));
        QVERIFY(shown.wait(20000));
        const QString transcript = page.transcript()->toPlainText();
        QVERIFY2(transcript.contains(QStringLiteral("How do I reset my password?")), qPrintable(transcript));
        QVERIFY(transcript.contains(QStringLiteral("And my e-mail?")));
        QVERIFY(transcript.contains(QStringLiteral("helpful")));

        ragdesk::test::TempDir dir;
        for (const auto format : {ExportFormat::Csv, ExportFormat::Json}) {
            const QString path = QString::fromStdString(dir / (format == ExportFormat::Csv ? "all.csv" : "all.json"));
            QSignalSpy exported(&page, &ChatHistoryPage::exported);
            page.exportSelection(path, format);
            QVERIFY(exported.wait(20000));
            QVERIFY2(exported.first().at(0).toString().isEmpty(), qPrintable(exported.first().at(0).toString()));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray written = file.readAll();
            QCOMPARE(
                file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
            const auto direct = owner.chats().exportChats({.format = format,
                .botProfileId = support->id,
                .fromDate = std::nullopt,
                .toDate = std::nullopt,
                .limit = 1000});
            QVERIFY(direct);
            if (format == ExportFormat::Csv) {
                QCOMPARE(written, QByteArray::fromStdString(*direct)); // byte for byte, CRLF line ends and all
                QVERIFY(written.contains("\r\n"));
            } else {
                // The JSON carries the moment of export: equal but for that.
                const auto stamp = [](QByteArray json) {
                    const int at = json.indexOf("\"exported_at\"");
                    return at < 0 ? json : json.left(at);
                };
                QCOMPARE(stamp(written), stamp(QByteArray::fromStdString(*direct)));
            }
        }

        const QString one = QString::fromStdString(dir / "one.csv");
        QSignalSpy exported(&page, &ChatHistoryPage::exported);
        page.exportChat(one, ExportFormat::Csv);
        QVERIFY(exported.wait(20000));
        QFile file(one);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(
            file.readAll(), QByteArray::fromStdString(*owner.chats().exportChat(first->chatId, ExportFormat::Csv)));
    }
};

QTEST_MAIN(ChatHistoryPageTest)
#include "ChatHistoryPageTest.moc"
