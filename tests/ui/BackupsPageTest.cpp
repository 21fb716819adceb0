#include "pages/BackupsPage.h"
#include "pages/RunPanel.h"

#include "DevstackSession.h"
#include "widgets/RecordTable.h"
#include "widgets/StateBanner.h"

#include "ragdesk/client/ops/deploy/Deployer.h"
#include "ragdesk/client/ssh/RemoteCommand.h"

#include <QCryptographicHash>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using ragdesk::client::ops::BackupFile;
using ragdesk::client::ops::RunOutcome;
using ragdesk::test::DevstackSession;
using ragdesk::test::TempDir;
using ragdesk::ui::BackupsPage;
using Tone = ragdesk::ui::StateBanner::Tone;

namespace {

/// The devstack's Backups page, shown, its list read.
struct Page {
    Page() : page(devstack.ops())
    {
        page.resize(1200, 800);
        QSignalSpy read(&page, &BackupsPage::listRead);
        page.show();
        if (!QTest::qWaitFor([&] { return read.count() > 0; }, 60000)) {
            qFatal("the backups list was not read");
        }
    }
    /// Waits for the end of the task started, and says whether it went well.
    bool taskEnded(QSignalSpy& ended, int timeoutMs = 300000) const
    {
        return QTest::qWaitFor([&] { return ended.count() > 0; }, timeoutMs) && ended.last().first().toBool();
    }
    /// Reads the list again and selects `name` in it.
    bool select(const std::string& name)
    {
        QSignalSpy read(&page, &BackupsPage::listRead);
        page.reload();
        if (!QTest::qWaitFor([&] { return read.count() > 0; }, 60000)) {
            return false;
        }
        page.backupTable()->selectId(QString::fromStdString(name));
        const int row = page.backupTable()->selectedRow();
        return row >= 0 && page.backups()->record(row).file.name == name;
    }

    TempDir local;
    DevstackSession devstack;
    BackupsPage page;
};

/// A large file in the stack's backup directory, named like a dump and dated in the past (never the newest): big
/// enough that a download is still running when the test stops it. Removed again at the end of the test.
class LargeBackup {
public:
    LargeBackup(ragdesk::ui::OpsSession* ops, int mebibytes)
        : m_ops(ops),
          m_name(DevstackSession::unique("postgres_20200101_") + ".sql.gz"),
          m_path(
              ragdesk::client::ssh::shellQuote(ragdesk::test::devstackEnv("RAGDESK_STACK_DIR") + "/backups/" + m_name))
    {
        const std::string made = ragdesk::test::runOnServer(ops,
            "head -c " + std::to_string(mebibytes) + "M /dev/urandom > " + m_path + " && touch -d 2020-01-01 " +
                m_path + " && sha256sum " + m_path);
        m_sha256 = made.substr(0, made.find(' '));
    }
    ~LargeBackup() { ragdesk::test::runOnServer(m_ops, "rm -f " + m_path); }
    LargeBackup(const LargeBackup&) = delete;
    LargeBackup& operator=(const LargeBackup&) = delete;

    const std::string& name() const { return m_name; }
    /// As the server computed it; not 64 hex digits when making the file failed.
    const std::string& sha256() const { return m_sha256; }

private:
    ragdesk::ui::OpsSession* m_ops;
    std::string m_name;
    std::string m_path; ///< shell-quoted, as the commands take it
    std::string m_sha256;
};

QByteArray sha256Of(const QString& path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    return file.open(QIODevice::ReadOnly) && hash.addData(&file) ? hash.result().toHex() : QByteArray();
}

} // namespace

/// The Backups page against the devstack: a backup made with the script's lines as its progress, a download stopped
/// halfway and resumed with the checksum matching, and a restore that asks for the stack's name, names the
/// pre-restore backup it took, and is followed to its end.
class BackupsPageTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { ragdesk::test::useOpsStateDir(); }

    void backUpNowShowsTheScriptsLinesAndListsTheNewBackup()
    {
        Page t;
        QSignalSpy ended(&t.page, &BackupsPage::taskEnded);
        t.page.createNow();
        QVERIFY(t.page.busy());
        QVERIFY(t.taskEnded(ended));
        const QString lines = t.page.output()->toPlainText();
        QVERIFY2(lines.contains(QStringLiteral("Starting backup")), qPrintable(lines));
        QCOMPARE(t.page.activityBanner()->tone(), Tone::Good);

        // The dump it wrote is listed, selected, named in the script's lines and in the newest-backup banner.
        QTRY_VERIFY_WITH_TIMEOUT(t.page.backupTable()->selectedRow() >= 0, 60000);
        const BackupFile made = t.page.backups()->record(t.page.backupTable()->selectedRow()).file;
        QVERIFY2(lines.contains(QString::fromStdString(made.name)), qPrintable(lines));
        QVERIFY(t.page.activityBanner()->detail().contains(QString::fromStdString(made.name)));
        QCOMPARE(t.page.newestBanner()->tone(), Tone::Good);
        QVERIFY(!t.page.backups()->record(t.page.backupTable()->selectedRow()).note.isEmpty());
        const auto audit = ragdesk::test::localAuditRecords();
        QVERIFY(!audit.empty());
        QCOMPARE(QString::fromStdString(audit.back().action), QStringLiteral("backup create"));
    }

    void aDownloadStoppedHalfwayResumesAndItsChecksumMatches()
    {
        Page t;
        LargeBackup large(t.devstack.ops(), 256);
        QCOMPARE(int(large.sha256().size()), 64);
        QVERIFY(t.select(large.name()));
        const QString target = QString::fromStdString((t.local.path() / large.name()).string());

        // Stopped as soon as the first bytes are on disk.
        QSignalSpy ended(&t.page, &BackupsPage::taskEnded);
        const auto stopEarly = connect(t.page.progressBar(), &QProgressBar::valueChanged, &t.page, [&](int value) {
            if (value > 0) {
                t.page.cancelTask();
            }
        });
        t.page.download(QString::fromStdString(large.name()), target);
        QVERIFY(!t.taskEnded(ended));
        disconnect(stopEarly);
        QCOMPARE(t.page.activityBanner()->tone(), Tone::Warning);
        QVERIFY2(t.page.activityBanner()->detail().contains(QStringLiteral("resumes")),
            qPrintable(t.page.activityBanner()->detail()));
        const QFileInfo part(target + QStringLiteral(".part"));
        QVERIFY(part.exists());
        QVERIFY2(part.size() > 0 && part.size() < 256LL * 1024 * 1024, qPrintable(QString::number(part.size())));
        QVERIFY(!QFileInfo::exists(target));

        // The same target again: it continues from the part, and the whole file's SHA-256 is the server's.
        ended.clear();
        t.page.download(QString::fromStdString(large.name()), target);
        QVERIFY2(t.taskEnded(ended), qPrintable(t.page.activityBanner()->detail()));
        QCOMPARE(t.page.activityBanner()->tone(), Tone::Good);
        QVERIFY2(t.page.activityBanner()->detail().contains(QStringLiteral("resumed from")),
            qPrintable(t.page.activityBanner()->detail()));
        QCOMPARE(sha256Of(target), QByteArray::fromStdString(large.sha256()));
        QVERIFY(t.page.output()->toPlainText().contains(QString::fromStdString(large.sha256())));
        QVERIFY(t.page.activityBanner()->detail().contains(QString::fromStdString(large.sha256())));
        QVERIFY(!QFileInfo::exists(target + QStringLiteral(".part")));
        QCOMPARE(QFileInfo(target).size(), 256LL * 1024 * 1024);
    }

    void aRestoreAsksForTheStacksNameAndNamesThePreRestoreBackup()
    {
        Page t;
        QTRY_VERIFY_WITH_TIMEOUT(!t.page.run()->following(), 600000); // a run left by an earlier test ends first
        QSignalSpy made(&t.page, &BackupsPage::taskEnded);
        t.page.createNow();
        QVERIFY(t.taskEnded(made));
        QTRY_VERIFY_WITH_TIMEOUT(t.page.backupTable()->selectedRow() >= 0, 60000);
        const BackupFile dump = t.page.backups()->record(t.page.backupTable()->selectedRow()).file;
        QCOMPARE(dump.kind, BackupFile::Kind::Postgres);
        std::set<std::string> before;
        for (const auto& row : t.page.backups()->records()) {
            before.insert(row.file.name);
        }

        // The confirmation names the dump and the pre-restore backup, and restores only once the name is typed.
        QSignalSpy started(&t.page, &BackupsPage::restoreStarted);
        QSignalSpy ended(&t.page, &BackupsPage::runEnded);
        t.page.restoreSelected();
        auto* dialog = t.page.findChild<QDialog*>();
        QVERIFY(dialog);
        const auto labels = dialog->findChildren<QLabel*>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [&](const QLabel* label) {
            return label->text().contains(QString::fromStdString(dump.name)) &&
                label->text().contains(QStringLiteral("pre-restore backup"));
        }));
        auto* typed = dialog->findChild<QLineEdit*>();
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        QVERIFY(typed && buttons);
        QPushButton* restore = nullptr;
        for (QAbstractButton* button : buttons->buttons()) {
            if (buttons->buttonRole(button) == QDialogButtonBox::DestructiveRole) {
                restore = qobject_cast<QPushButton*>(button);
            }
        }
        QVERIFY(restore);
        QVERIFY(!restore->isEnabled());
        const QString stack = QString::fromStdString(t.devstack.ops()->stack()->name);
        QTest::keyClicks(typed, stack.left(stack.size() - 1));
        QVERIFY(!restore->isEnabled());
        QTest::keyClicks(typed, stack.right(1));
        QVERIFY(restore->isEnabled());
        restore->click();
        QTRY_VERIFY_WITH_TIMEOUT(started.count() > 0, 60000);
        QVERIFY(started.first().first().toBool());

        // Followed like a deploy; the backup step and the list name the files the pre-restore backup wrote.
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() > 0, 600000);
        QVERIFY(t.page.run()->outcome().has_value());
        QCOMPARE(t.page.run()->outcome()->outcome, RunOutcome::Restored);
        const auto backupStep = t.page.run()->steps()->findItems(QStringLiteral("backup"), Qt::MatchExactly);
        QCOMPARE(backupStep.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(t.page.backups()->rowCount() > int(before.size()), 60000);
        int marked = 0;
        for (const auto& row : t.page.backups()->records()) {
            if (before.contains(row.file.name)) {
                continue;
            }
            ++marked;
            QVERIFY2(backupStep.first()->text(4).contains(QString::fromStdString(row.file.name)),
                qPrintable(backupStep.first()->text(4)));
            QVERIFY2(row.note.contains(QStringLiteral("before the restore")), qPrintable(row.note));
        }
        QVERIFY(marked > 0);
        QVERIFY(ragdesk::test::publicPageStatus() != 503);
        const auto audit = ragdesk::test::localAuditRecords();
        QVERIFY(std::any_of(audit.begin(), audit.end(), [&](const auto& record) {
            return record.action == "restore started" && record.target.starts_with(dump.name + " (run ");
        }));
    }
};

QTEST_MAIN(BackupsPageTest)
#include "BackupsPageTest.moc"
