#include "pages/DeploysPage.h"
#include "pages/RunPanel.h"

#include "DevstackControl.h"
#include "DevstackSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/DeployDialog.h"
#include "widgets/ErrorBanner.h"
#include "widgets/RecordTable.h"
#include "widgets/StateBanner.h"

#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/ops/AuditLog.h"
#include "ragdesk/client/ops/deploy/Deployer.h"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include <fstream>

using ragdesk::client::ops::AuditLog;
using ragdesk::client::ops::RunOutcome;
using ragdesk::test::DevstackSession;
using ragdesk::test::TempDir;
using ragdesk::ui::Confirmation;
using ragdesk::ui::DeployDialog;
using ragdesk::ui::DeploysPage;
using Tone = ragdesk::ui::StateBanner::Tone;

namespace {

/// The devstack's Deploys page, shown, with the audit trail kept in a directory of the test's own.
struct Page {
    Page() : page(devstack.ops())
    {
        page.resize(1200, 800);
        page.show();
    }
    /// A new commit on a branch of its own, as an operator pushes it.
    std::string push(const std::string& branch)
    {
        return ragdesk::test::pushDevstackCommit(work.path().string(), branch, "ui deploy " + branch,
            [&](const std::string& checkout) { std::ofstream(checkout + "/app/DEPLOY_MARK") << branch << "\n"; });
    }
    /// The step's row in the steps list, or null.
    QTreeWidgetItem* step(const QString& name) const
    {
        const auto found = page.run()->steps()->findItems(name, Qt::MatchExactly);
        return found.isEmpty() ? nullptr : found.first();
    }
    /// The release marked running in the releases list, or empty.
    std::string runningRelease() const
    {
        for (int row = 0; row < page.releases()->rowCount(); ++row) {
            if (page.releases()->record(row).running) {
                return page.releases()->record(row).release.release;
            }
        }
        return {};
    }
    /// The PID of the sshd process serving the page's SSH connection: killing it cuts the link.
    std::string sshdPid()
    {
        const std::string pid = ragdesk::test::runOnServer(devstack.ops(), "echo $PPID");
        return pid.substr(0, pid.find('\n'));
    }

    TempDir work;
    DevstackSession devstack;
    DeploysPage page;
};

} // namespace

/// The Deploys page against the devstack: a deploy picked in the ref picker and followed live across a cut SSH
/// link, a second deploy refused by the lock with its holder named, and a rollback from the releases list.
class DeploysPageTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { ragdesk::test::useOpsStateDir(); }

    void aDeployPickedInTheDialogSurvivesACutLinkAndEndsWithMaintenanceOff()
    {
        Page t;
        const std::string branch = DevstackSession::unique("gui-deploy-");
        const std::string revision = t.push(branch);
        QSignalSpy read(&t.page, &DeploysPage::stateRead);
        QVERIFY(read.wait(60000) || read.count() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!t.page.run()->following(), 600000); // a run left by an earlier test ends first

        // The ref picker lists the pushed branch with its message; picking it fills the ref.
        t.page.openDeployDialog();
        auto* dialog = t.page.findChild<DeployDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->loaded(), 60000);
        const auto items =
            dialog->refs()->findItems(QString::fromStdString(branch), Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first()->text(1), QString::fromStdString(revision.substr(0, 12)));
        QCOMPARE(items.first()->text(2), QString::fromStdString("ui deploy " + branch));
        dialog->refs()->setCurrentItem(items.first());
        QCOMPARE(dialog->ref()->text(), QString::fromStdString(branch));
        QSignalSpy ended(&t.page, &DeploysPage::runEnded);
        dialog->deployButton()->click();

        // A second operator's deploy, clicked while this one runs, is refused with this one's holder named.
        QTRY_VERIFY_WITH_TIMEOUT(t.page.run()->following(), 60000);
        {
            DeploysPage second(t.devstack.ops());
            QSignalSpy secondStarted(&second, &DeploysPage::started);
            second.deploy(QStringLiteral("main"));
            QVERIFY(secondStarted.wait(60000));
            QCOMPARE(secondStarted.first().first().toBool(), false);
            const QString refused = second.banner()->message();
            QVERIFY2(refused.contains(QString::fromStdString(AuditLog::localActor())), qPrintable(refused));
            QVERIFY2(refused.contains(QString::fromStdString(branch)), qPrintable(refused));
            QCOMPARE(second.run()->banner()->tone(), Tone::Bad);
        }

        // The link cut while building: the page re-attaches and follows the run to its end.
        QTRY_VERIFY_WITH_TIMEOUT(t.step(QStringLiteral("build")) != nullptr, 120000);
        const std::string pid = t.sshdPid();
        QVERIFY2(!pid.empty() && !pid.starts_with("error"), pid.c_str());
        ragdesk::test::runLocal("kill -9 " + pid);
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() > 0, 600000);
        QVERIFY(t.page.run()->outcome().has_value());
        QCOMPARE(t.page.run()->outcome()->outcome, RunOutcome::Deployed);
        QCOMPARE(t.page.run()->outcome()->revision, revision);
        QVERIFY(t.page.run()->reattached() >= 1);
        QCOMPARE(t.page.run()->banner()->tone(), Tone::Good);
        QVERIFY2(t.page.run()->banner()->title().startsWith(QStringLiteral("Deployed ")),
            qPrintable(t.page.run()->banner()->title()));
        for (const char* step :
            {"backup", "maintenance-on", "fetch", "checkout", "build", "up", "health", "maintenance-off"}) {
            QVERIFY2(t.step(QString::fromLatin1(step)), step);
            QCOMPARE(t.step(QString::fromLatin1(step))->text(1), QStringLiteral("ok"));
        }
        QVERIFY(!t.step(QStringLiteral("build"))->text(3).isEmpty()); // its time taken
        QVERIFY(ragdesk::test::publicPageStatus() != 503);
        // The build's output, as docker printed it.
        t.page.run()->steps()->setCurrentItem(t.step(QStringLiteral("build")));
        QTRY_VERIFY_WITH_TIMEOUT(
            t.page.run()->output()->toPlainText().startsWith(QStringLiteral("$ compose build")), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(t.runningRelease(), revision.substr(0, 12), 30000);
        QVERIFY(!t.page.lockBanner()->isVisible());

        // The app opened again later finds the same run and says the same of it (how long it took included).
        DeploysPage later(t.devstack.ops());
        QSignalSpy laterEnded(&later, &DeploysPage::runEnded);
        later.show();
        QTRY_VERIFY_WITH_TIMEOUT(laterEnded.count() > 0, 60000);
        QCOMPARE(later.run()->runId(), t.page.run()->runId());
        QCOMPARE(later.run()->banner()->title(), t.page.run()->banner()->title());
    }

    void aRollbackFromTheReleasesListIsFollowedLikeADeploy()
    {
        Page t;
        QTRY_VERIFY_WITH_TIMEOUT(t.page.releases()->rowCount() > 0 && !t.page.run()->following(), 600000);
        // The newest retained release that is not running: what an operator rolls back to.
        int target = -1;
        for (int row = 0; row < t.page.releases()->rowCount() && target < 0; ++row) {
            const auto& record = t.page.releases()->record(row);
            if (!record.running && record.release.retained && record.release.release != t.runningRelease() &&
                record.release.outcome == RunOutcome::Deployed) {
                target = row;
            }
        }
        QVERIFY2(target >= 0, "no earlier release with images to roll back to");
        const std::string release = t.page.releases()->record(target).release.release;
        t.page.releaseTable()->selectId(
            t.page.releases()
                ->data(t.page.releases()->index(target, 0), ragdesk::ui::RecordModelBase::IdRole)
                .toString());
        QSignalSpy ended(&t.page, &DeploysPage::runEnded);
        Confirmation::setNextAnswer(true);
        t.page.rollBackToSelected();
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() > 0, 600000);
        QVERIFY(t.page.run()->outcome().has_value());
        QCOMPARE(t.page.run()->outcome()->outcome, RunOutcome::Rollback);
        QCOMPARE(t.page.run()->outcome()->release, release);
        QVERIFY(!t.step(QStringLiteral("build")));
        QTRY_COMPARE_WITH_TIMEOUT(t.runningRelease(), release, 30000);
        QVERIFY(ragdesk::test::publicPageStatus() != 503);
    }
};

QTEST_MAIN(DeploysPageTest)
#include "DeploysPageTest.moc"
