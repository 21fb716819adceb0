// Renders every page of the app on the seeded devstack into docs/screenshots/ (ctest label "screenshots"), in a
// real X11 window under Xvfb, as a person would see it. Each page is grabbed once its data is shown.
#include "MainWindow.h"

#include "DevstackControl.h"
#include "DevstackEnv.h"
#include "DevstackSession.h"
#include "LocalShell.h"
#include "bridge/ApiSession.h"
#include "bridge/StackDirectory.h"
#include "chat/ChatPane.h"
#include "chat/Transcript.h"
#include "dialogs/Confirmation.h"
#include "models/StackProfileModel.h"
#include "pages/AdminPage.h"
#include "pages/AnalyticsPage.h"
#include "pages/AuditPage.h"
#include "pages/BackupsPage.h"
#include "pages/BotsPage.h"
#include "pages/ChatHistoryPage.h"
#include "pages/ChatPlaygroundPage.h"
#include "pages/ContainersPage.h"
#include "pages/DeploysPage.h"
#include "pages/FleetPage.h"
#include "pages/LogsPage.h"
#include "pages/MaintenancePage.h"
#include "pages/RunPanel.h"
#include "pages/SourcesPage.h"
#include "pages/TokensPage.h"
#include "pages/UsersPage.h"
#include "pages/WebhooksPage.h"
#include "widgets/RecordTable.h"
#include "widgets/ResourceChart.h"

#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>
#include <fstream>

using ragdesk::test::devstackEnv;

class ScreenshotsTest : public QObject {
    Q_OBJECT

private slots:
    void everyPage()
    {
        ragdesk::test::TempDir dir;
        ragdesk::ui::SecretStore secrets(QStringLiteral("RagDesk-test"));
        ragdesk::client::StackProfile devstack = ragdesk::test::devstackProfile("devstack");
        devstack.apiEmail = devstackEnv("RAGDESK_EMAIL");
        secrets.keepForThisRun(QStringLiteral("devstack"), ragdesk::ui::SecretStore::Kind::ApiPassword,
            ragdesk::client::Secret(devstackEnv("RAGDESK_PASSWORD")));
        // A second stack that does not answer (a closed loopback port: tests reach no other host).
        const ragdesk::client::StackProfile staging{
            .name = "staging", .apiUrl = "https://127.0.0.1:9", .apiEmail = "ops@example.com"};
        // The devstack once more under another name: the fleet overview reads each on its own connection.
        ragdesk::client::StackProfile again = devstack;
        again.name = "prod-eu";
        ragdesk::ui::StackDirectory stacks(
            dir.path() / "stacks.json", {devstack, again, staging}, std::nullopt, &secrets);
        ragdesk::ui::ApiSession session(&stacks);
        QSettings settings(QString::fromStdString((dir.path() / "settings.ini").string()), QSettings::IniFormat);
        ragdesk::ui::MainWindow window(&stacks, &session, &settings);
        window.resize(1180, 700);
        window.show();
        stacks.startHealthChecks();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const QString out = QStringLiteral(RAGDESK_SCREENSHOT_DIR);
        const auto grab = [&](const QString& name) {
            QCoreApplication::processEvents(); // let the last results paint before the grab
            QVERIFY2(window.grab().save(out + QLatin1Char('/') + name + QStringLiteral(".png")), qPrintable(name));
        };

        // Fleet, the landing page with several stacks: both names of the devstack at a glance, the made-up one down.
        QCOMPARE(window.sidebar()->currentItem()->text(), QStringLiteral("Fleet"));
        ragdesk::ui::FleetPage* fleet = window.fleetPage();
        QTRY_VERIFY_WITH_TIMEOUT(fleet->row(QStringLiteral("devstack"))->ssh.glance &&
                fleet->row(QStringLiteral("prod-eu"))->ssh.glance &&
                fleet->row(QStringLiteral("staging"))->api.state == ragdesk::ui::HealthState::Unreachable,
            60000);
        fleet->table()->selectId(QStringLiteral("staging")); // its reasons under the table
        grab(QStringLiteral("fleet"));
        QVERIFY(window.showPage(QStringLiteral("Stacks")));

        // Stacks: the devstack healthy on both roads (the second stack's made-up host stays as it is).
        QTRY_VERIFY_WITH_TIMEOUT(stacks.model()->health(0).state == ragdesk::ui::HealthState::Healthy &&
                stacks.model()->sshHealth(0).state == ragdesk::ui::HealthState::Healthy,
            30000);
        grab(QStringLiteral("stacks"));

        // The tenant pages: the page, its sidebar title, the screenshot's name.
        struct TenantPage {
            ragdesk::ui::AdminPage* page;
            QString title;
            QString shot;
        };
        const std::vector<TenantPage> pages{{window.usersPage(), QStringLiteral("Users"), QStringLiteral("users")},
            {window.botsPage(), QStringLiteral("Bots"), QStringLiteral("bots")},
            {window.sourcesPage(), QStringLiteral("Sources"), QStringLiteral("sources")},
            {window.playgroundPage(), QStringLiteral("Playground"), QStringLiteral("playground")},
            {window.chatHistoryPage(), QStringLiteral("Chat history"), QStringLiteral("chats")},
            {window.analyticsPage(), QStringLiteral("Analytics"), QStringLiteral("analytics")},
            {window.webhooksPage(), QStringLiteral("Webhooks"), QStringLiteral("webhooks")},
            {window.tokensPage(), QStringLiteral("API tokens"), QStringLiteral("tokens")}};
        for (const TenantPage& tenant : pages) {
            QSignalSpy loaded(tenant.page, &ragdesk::ui::AdminPage::loaded);
            QVERIFY(window.showPage(tenant.title));
            QVERIFY2(loaded.wait(20000), qPrintable(tenant.shot));
            if (tenant.page == window.chatHistoryPage()) {
                // With a transcript open, as one reads the history.
                QSignalSpy shown(window.chatHistoryPage(), &ragdesk::ui::ChatHistoryPage::transcriptShown);
                window.chatHistoryPage()->table()->view()->selectRow(1);
                QVERIFY(shown.wait(20000));
            }
            if (tenant.page == window.playgroundPage()) {
                grabPlayground(window.playgroundPage(), grab);
                continue;
            }
            grab(tenant.shot);
        }

        // Containers, after enough refreshes that each container's CPU and memory draw a line.
        QVERIFY(window.showPage(QStringLiteral("Containers")));
        ragdesk::ui::ContainersPage* containers = window.containersPage();
        QTRY_VERIFY_WITH_TIMEOUT(containers->cpuChart()->line(QStringLiteral("web")) &&
                containers->cpuChart()->line(QStringLiteral("web"))->count() >= 5,
            60000);
        containers->table()->view()->selectRow(0);
        grab(QStringLiteral("containers"));

        // Logs: every service merged by time, then a filter marking its matches.
        ragdesk::ui::LogsPage* logs = window.logsPage();
        QSignalSpy historyLoaded(logs, &ragdesk::ui::LogsPage::historyLoaded);
        QVERIFY(window.showPage(QStringLiteral("Logs")));
        QVERIFY(historyLoaded.wait(60000));
        {
            // The noise service's mix (colours, levels, JSON lines) arriving live at the end of the view.
            const ragdesk::test::ScopedKnob mix("noise_mix", "all");
            const ragdesk::test::ScopedKnob noLongLines("noise_long_every", "0");
            const size_t before = logs->buffer().size();
            ragdesk::test::devstackControl("knob noise_burst 40");
            QTRY_VERIFY_WITH_TIMEOUT(logs->buffer().size() >= before + 40, 30000);
        }
        grab(QStringLiteral("logs"));
        logs->regexAction()->trigger();
        logs->filterText()->setText(QStringLiteral("error|seq=[0-9]*7\\b"));
        QTRY_VERIFY_WITH_TIMEOUT(!logs->searching(), 30000);
        grab(QStringLiteral("logs-filtered"));

        // Maintenance switched on, verified from outside (and off again after the grab).
        ragdesk::ui::MaintenancePage* maintenance = window.maintenancePage();
        QVERIFY(window.showPage(QStringLiteral("Maintenance")));
        QTRY_VERIFY_WITH_TIMEOUT(maintenance->state().has_value(), 30000);
        QSignalSpy switched(maintenance, &ragdesk::ui::MaintenancePage::switched);
        ragdesk::ui::Confirmation::setNextAnswer(true);
        maintenance->switchTo(true);
        QVERIFY(switched.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(maintenance->state() && maintenance->state()->on, 30000);
        grab(QStringLiteral("maintenance"));
        ragdesk::ui::Confirmation::setNextAnswer(true);
        maintenance->switchTo(false);
        QVERIFY(switched.wait(60000));

        // Deploys: an operator's branch mid-build, then its outcome above the releases.
        const ragdesk::test::TempDir work;
        // Its image build has a step of a few seconds (new each run, so never cached): the shot is taken during it.
        ragdesk::test::pushDevstackCommit(work.path().string(), "feature/sooner-answers",
            "Stream answers sooner: flush after each token", [](const std::string& checkout) {
                std::ofstream(checkout + "/images/app/Dockerfile", std::ios::app)
                    << "RUN echo 'compiling the answer templates' && sleep 8 && echo 'templates ready "
                    << QDateTime::currentMSecsSinceEpoch() << "'\n";
            });
        ragdesk::ui::DeploysPage* deploys = window.deploysPage();
        QSignalSpy deploysRead(deploys, &ragdesk::ui::DeploysPage::stateRead);
        QVERIFY(window.showPage(QStringLiteral("Deploys")));
        QVERIFY(deploysRead.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!deploys->run()->following(), 600000);
        QSignalSpy runEnded(deploys, &ragdesk::ui::DeploysPage::runEnded);
        deploys->deploy(QStringLiteral("feature/sooner-answers"));
        QTRY_VERIFY_WITH_TIMEOUT(deploys->run()->following() && deploys->run()->steps()->currentItem() &&
                deploys->run()->steps()->currentItem()->text(0) == QStringLiteral("build") &&
                deploys->run()->output()->toPlainText().contains(QStringLiteral("compiling the answer templates")),
            120000);
        grab(QStringLiteral("deploy"));
        QTRY_VERIFY_WITH_TIMEOUT(runEnded.count() > 0, 600000);
        QVERIFY(deploys->run()->outcome().has_value());
        QTRY_VERIFY_WITH_TIMEOUT(deploys->releases()->rowCount() > 0 && deploys->releases()->record(0).running &&
                deploys->releases()->record(0).release.release == deploys->run()->outcome()->release,
            30000);
        // The API answers again once the new web container is up: the status bar says so before the grab.
        QTRY_COMPARE_WITH_TIMEOUT(window.apiStatus()->text(), QStringLiteral("API healthy"), 90000);
        grab(QStringLiteral("releases"));

        // Backups: one made now, its script's lines under the list.
        ragdesk::ui::BackupsPage* backups = window.backupsPage();
        QSignalSpy backupsRead(backups, &ragdesk::ui::BackupsPage::listRead);
        QVERIFY(window.showPage(QStringLiteral("Backups")));
        QVERIFY(backupsRead.wait(60000));
        QSignalSpy backedUp(backups, &ragdesk::ui::BackupsPage::taskEnded);
        backups->createNow();
        QTRY_VERIFY_WITH_TIMEOUT(backedUp.count() > 0, 300000);
        QTRY_VERIFY_WITH_TIMEOUT(backups->backupTable()->selectedRow() >= 0, 60000);
        grab(QStringLiteral("backups"));

        // Audit: what this session did, here and on the server.
        QSignalSpy auditLoaded(window.auditPage(), &ragdesk::ui::AuditPage::loaded);
        QVERIFY(window.showPage(QStringLiteral("Audit")));
        QVERIFY(auditLoaded.wait(60000));
        grab(QStringLiteral("audit"));
    }

private:
    /// The playground mid-answer (sources shown, the answer streaming), alone and comparing two bots.
    template <typename Grab> static void grabPlayground(ragdesk::ui::ChatPlaygroundPage* page, const Grab& grab)
    {
        ragdesk::test::ScopedKnob rate("token_rate", "60"); // slow enough to catch it streaming
        const auto askAndGrab = [&](const QString& name) {
            page->question()->setPlainText(
                QStringLiteral("How do I check the status of the API, and what does Pro cost?"));
            page->send();
            QList<ragdesk::ui::ChatPane*> panes{page->pane(0)};
            if (page->compareAction()->isChecked()) {
                panes << page->pane(1);
            }
            QTRY_VERIFY_WITH_TIMEOUT(
                std::all_of(panes.begin(), panes.end(),
                    [](ragdesk::ui::ChatPane* pane) { return pane->transcript()->toPlainText().size() > 900; }),
                60000);
            grab(name);
            for (ragdesk::ui::ChatPane* pane : panes) {
                pane->stop();
            }
            QTRY_VERIFY_WITH_TIMEOUT(
                std::none_of(panes.begin(), panes.end(), [](ragdesk::ui::ChatPane* pane) { return pane->running(); }),
                30000);
        };
        askAndGrab(QStringLiteral("playground"));
        page->setCompare(true);
        askAndGrab(QStringLiteral("compare"));
        page->setCompare(false);
    }
};

QTEST_MAIN(ScreenshotsTest)
#include "ScreenshotsTest.moc"
