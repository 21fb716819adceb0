#include "pages/SourcesPage.h"

#include "DevstackSession.h"
#include "dialogs/SourceDialog.h"
#include "widgets/RecordTable.h"
#include "widgets/UploadPanel.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTest>

#include <fstream>

using ragdesk::client::api::Source;
using ragdesk::client::api::SourceStatus;
using ragdesk::test::DevstackSession;
using ragdesk::ui::SourcesPage;

namespace {

/// A bot of the test's tenant, made through the client, and the page showing its sources.
struct BotSources {
    explicit BotSources(DevstackSession& devstack) : page(devstack.session())
    {
        ragdesk::client::api::ApiClient owner(ragdesk::test::devstackEnv("RAGDESK_API_URL"),
            {.apiToken = {},
                .email = devstack.ownerEmail(),
                .password = ragdesk::client::Secret("ui-test-owner-password")});
        const auto bot = owner.bots().create({.name = "sources-bot"});
        if (!bot) {
            throw std::runtime_error(bot.error().message);
        }
        botId = QString::fromStdString(bot->id.str());
    }
    /// Shows the page and waits until the bot's (empty) source list is in.
    bool shown()
    {
        QSignalSpy loaded(&page, &SourcesPage::loaded);
        page.show();
        return loaded.wait(20000) && page.botChoice()->currentData().toString() == botId;
    }
    const Source* named(const std::string& name) const
    {
        for (const Source& source : page.model()->records()) {
            if (source.name == name) {
                return &source;
            }
        }
        return nullptr;
    }
    SourcesPage page;
    QString botId;
};

std::string writeFile(const ragdesk::test::TempDir& dir, const std::string& name, size_t bytes)
{
    const std::string path = dir / name;
    std::ofstream out(path, std::ios::binary);
    const std::string line = "RagDesk uploads " + name + " with a progress bar per file.\n";
    for (size_t written = 0; written < bytes; written += line.size()) {
        out << line;
    }
    return path;
}

} // namespace

/// The Sources page against the devstack: files uploaded with progress until the worker made them ready, an upload
/// cancelled half way that keeps what was uploaded, and text added through its dialog.
class SourcesPageTest : public QObject {
    Q_OBJECT

private slots:
    void filesAreUploadedWithProgressAndBecomeReady()
    {
        DevstackSession devstack;
        BotSources bot(devstack);
        QAbstractItemModelTester tester(bot.page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(bot.shown());
        ragdesk::test::TempDir dir;
        const QStringList files{QString::fromStdString(writeFile(dir, "alpha.txt", 20'000)),
            QString::fromStdString(writeFile(dir, "beta.md", 300'000)),
            QString::fromStdString(writeFile(dir, "gamma.csv", 5'000))};
        QSignalSpy finished(&bot.page, &SourcesPage::uploadsFinished);
        bot.page.uploadFiles(files);
        QVERIFY(finished.wait(60000));
        QCOMPARE(bot.page.uploads()->summary(), QStringLiteral("3 of 3 uploaded"));
        QCOMPARE(bot.page.uploads()->overall()->value(), bot.page.uploads()->overall()->maximum());
        for (const char* name : {"alpha.txt", "beta.md", "gamma.csv"}) {
            QTRY_VERIFY2_WITH_TIMEOUT(bot.named(name) && bot.named(name)->status == SourceStatus::Ready, name, 60000);
            QVERIFY(bot.named(name)->chunkCount > 0);
        }
    }

    void aCancelHalfWayKeepsWhatWasUploaded()
    {
        DevstackSession devstack;
        BotSources bot(devstack);
        QVERIFY(bot.shown());
        ragdesk::test::TempDir dir;
        const QStringList files{QString::fromStdString(writeFile(dir, "first.txt", 10'000)),
            QString::fromStdString(writeFile(dir, "second.txt", 9'000'000)),
            QString::fromStdString(writeFile(dir, "third.txt", 10'000))};
        bool cancelled = false;
        connect(&bot.page, &SourcesPage::uploadProgressed, this, [&bot, &cancelled](int index, quint64 sent) {
            if (index == 1 && sent > 0 && !cancelled) {
                cancelled = true;
                bot.page.cancelUploads(); // while the second one is on its way
            }
        });
        QSignalSpy finished(&bot.page, &SourcesPage::uploadsFinished);
        bot.page.uploadFiles(files);
        QVERIFY(finished.wait(60000));
        QVERIFY2(bot.page.uploads()->summary().startsWith(QStringLiteral("Cancelled")),
            qPrintable(bot.page.uploads()->summary()));
        QTRY_VERIFY_WITH_TIMEOUT(
            bot.named("first.txt") && bot.named("first.txt")->status == SourceStatus::Ready, 60000);
        QVERIFY(bot.named("third.txt") == nullptr); // never started
        const int onServer = static_cast<int>(bot.page.model()->records().size());
        QVERIFY2(bot.page.uploads()->summary().contains(QStringLiteral("%1 of 3 uploaded").arg(onServer)),
            qPrintable(bot.page.uploads()->summary()));
    }

    void textIsAddedAndIngested()
    {
        DevstackSession devstack;
        BotSources bot(devstack);
        QVERIFY(bot.shown());
        QSignalSpy opened(&bot.page, &SourcesPage::dialogOpened);
        bot.page.addTextAction()->trigger();
        auto* dialog = qobject_cast<ragdesk::ui::SourceDialog*>(opened.first().at(0).value<QDialog*>());
        QVERIFY(dialog);
        dialog->nameEdit()->setText(QStringLiteral("opening hours"));
        dialog->contentEdit()->setPlainText(QStringLiteral("We are open Monday to Friday, 9 to 17."));
        QSignalSpy saved(dialog, &ragdesk::ui::SourceDialog::saved);
        dialog->accept();
        QVERIFY2(saved.wait(20000), qPrintable(dialog->generalError()));
        QTRY_VERIFY_WITH_TIMEOUT(
            bot.named("opening hours") && bot.named("opening hours")->status == SourceStatus::Ready, 60000);
    }
};

QTEST_MAIN(SourcesPageTest)
#include "SourcesPageTest.moc"
