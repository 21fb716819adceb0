#include "MainWindow.h"

#include "LocalShell.h"
#include "SelfSignedServer.h"
#include "SilentListener.h"
#include "bridge/ApiSession.h"
#include "bridge/StackDirectory.h"
#include "dialogs/ShortcutsDialog.h"
#include "pages/ConnectionsPage.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QMap>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QTableWidget>
#include <QTest>

#include <memory>

using ragdesk::client::StackProfile;
using ragdesk::ui::MainWindow;
using ragdesk::ui::SecretStore;
using ragdesk::ui::StackDirectory;

namespace {

/// A window over its own stacks file and settings file, as the app composes it.
struct Shell {
    explicit Shell(std::vector<StackProfile> profiles, const std::filesystem::path& dir)
        : secrets(QStringLiteral("RagDesk-test")),
          stacks(dir / "stacks.json", std::move(profiles), std::nullopt, &secrets),
          session(&stacks),
          settings(QString::fromStdString((dir / "settings.ini").string()), QSettings::IniFormat),
          window(&stacks, &session, &settings)
    {
        stacks.startHealthChecks();
    }
    SecretStore secrets;
    StackDirectory stacks;
    ragdesk::ui::ApiSession session;
    QSettings settings;
    MainWindow window;
};

QStringList shortcutsListed(MainWindow& window)
{
    window.showShortcuts();
    auto* dialog = window.findChild<ragdesk::ui::ShortcutsDialog*>();
    QStringList listed;
    for (int row = 0; dialog && row < dialog->table()->rowCount(); ++row) {
        listed << dialog->table()->item(row, 0)->text() + QLatin1Char('=') + dialog->table()->item(row, 1)->text();
    }
    if (dialog) {
        dialog->close();
    }
    return listed;
}

} // namespace

/// The shell: stack switcher and both roads' health in the status bar, shortcuts listed from the actions, settings
/// restored, and a stack that does not answer never holding up the rest.
class MainWindowTest : public QObject {
    Q_OBJECT

private slots:
    void everyPageAndActionHasAShortcutAndTheDialogListsThem()
    {
        ragdesk::test::TempDir dir;
        Shell shell({}, dir.path());
        const QStringList listed = shortcutsListed(shell.window);
        for (const char* expected :
            {"Ctrl+1=Fleet", "Ctrl+2=Stacks", "Ctrl+K=Switch stack…", "Ctrl+N=Add stack…", "Ctrl+E=Edit stack…",
                "Ctrl+Shift+Del=Remove stack…", "Shift+F5=Check now", "F1=Keyboard shortcuts", "Ctrl+Q=Quit"}) {
            QVERIFY2(listed.contains(QString::fromUtf8(expected)), qPrintable(listed.join(QStringLiteral(", "))));
        }
    }

    void aPageIsOpenedByItsName()
    {
        ragdesk::test::TempDir dir;
        Shell shell({}, dir.path());
        QVERIFY(shell.window.showPage(QStringLiteral(" containers ")));
        QCOMPARE(shell.window.sidebar()->currentItem()->text(), QStringLiteral("Containers"));
        QVERIFY(shell.window.showPage(QStringLiteral("Chat &history")));
        QCOMPARE(shell.window.sidebar()->currentItem()->text(), QStringLiteral("Chat history"));
        QVERIFY(!shell.window.showPage(QStringLiteral("Nope")));
        QCOMPARE(shell.window.sidebar()->currentItem()->text(), QStringLiteral("Chat history"));
    }

    void noTwoActionsLiveAtOnceShareAKey()
    {
        // The menus' actions are live on every page, a page's own only while it shows: on no page may two of them
        // answer the same key (Qt would then run neither, or the wrong one).
        ragdesk::test::TempDir dir;
        Shell shell({}, dir.path());
        QList<QAction*> everywhere;
        for (QMenu* menu : shell.window.menuBar()->findChildren<QMenu*>()) {
            everywhere += menu->actions();
        }
        QList<QWidget*> pages;
        for (int row = 0; row < shell.window.sidebar()->count(); ++row) {
            pages << shell.window.page(row);
        }
        QCOMPARE(pages.at(1), shell.window.connectionsPage());
        for (QWidget* page : pages) {
            QMap<QString, QAction*> byKey;
            for (QAction* action : everywhere + page->actions()) {
                const QString key = action->shortcut().toString();
                if (key.isEmpty() || byKey.value(key) == action) {
                    continue;
                }
                if (byKey.contains(key)) {
                    QFAIL(qPrintable(key + QStringLiteral(": ") + byKey.value(key)->text() + QStringLiteral(" and ") +
                        action->text()));
                }
                byKey.insert(key, action);
            }
        }
    }

    void theSwitcherPicksTheStackTheStatusBarDescribes()
    {
        ragdesk::test::TempDir dir;
        ragdesk::test::SelfSignedServer answering;
        StackProfile good{.name = "good", .apiUrl = answering.url()};
        good.pinnedPublicKey = answering.pin();
        const StackProfile insecure{.name = "lab", .apiUrl = "http://192.0.2.1:8000"}; // TEST-NET: refused, unsent
        Shell shell({good, insecure}, dir.path());
        shell.window.show();
        QCOMPARE(shell.window.stackSwitcher()->count(), 2);
        QCOMPARE(shell.window.stackSwitcher()->currentText(), QStringLiteral("good"));
        // The HTTPS server answers /health but not /v1/system/health: reachable, degraded; no SSH configured.
        QTRY_COMPARE_WITH_TIMEOUT(shell.window.apiStatus()->text(), QStringLiteral("API degraded"), 20000);
        QCOMPARE(shell.window.sshStatus()->text(), QStringLiteral("SSH not configured"));
        QVERIFY(!shell.window.insecureBadge()->isVisible());

        shell.window.stackSwitcher()->setCurrentIndex(1);
        emit shell.window.stackSwitcher()->activated(1);
        QCOMPARE(shell.stacks.current()->name, std::string("lab"));
        QVERIFY(shell.window.windowTitle().startsWith(QStringLiteral("lab")));
        QVERIFY(shell.window.insecureBadge()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(shell.window.apiStatus()->text(), QStringLiteral("API unreachable"), 20000);
        QVERIFY2(shell.window.apiStatus()->toolTip().contains(QStringLiteral("allow_insecure_http")),
            qPrintable(shell.window.apiStatus()->toolTip()));
    }

    void anUnreachableStackLeavesTheOthersUsable()
    {
        ragdesk::test::TempDir dir;
        ragdesk::test::SilentListener silent;
        ragdesk::test::SelfSignedServer answering;
        StackProfile good{.name = "good", .apiUrl = answering.url()};
        good.pinnedPublicKey = answering.pin();
        Shell shell({{.name = "hung", .apiUrl = silent.url()}, good}, dir.path());
        shell.window.show();
        QCOMPARE(shell.stacks.current()->name, std::string("hung"));
        QTRY_COMPARE_WITH_TIMEOUT(shell.window.apiStatus()->text(), QStringLiteral("API checking…"), 10000);
        shell.stacks.setCurrent("good");
        QTRY_COMPARE_WITH_TIMEOUT(shell.window.apiStatus()->text(), QStringLiteral("API degraded"), 20000);
        QVERIFY(silent.hasPendingConnection()); // the hung stack is still being waited for, on its own worker
    }

    void aKeychainThatDoesNotAnswerIsShownWithItsReason()
    {
        ragdesk::test::TempDir dir;
        Shell shell({{.name = "a", .apiUrl = "http://127.0.0.1:1"}}, dir.path()); // no D-Bus session: no keychain
        shell.window.show();
        QVERIFY(!shell.window.keychainWarning()->isVisible());
        shell.stacks.keepSecret("a", SecretStore::Kind::ApiPassword, ragdesk::client::Secret("pw-for-this-run"));
        QTRY_VERIFY_WITH_TIMEOUT(shell.window.keychainWarning()->isVisible(), 20000);
        QVERIFY2(shell.window.keychainWarning()->toolTip().contains(QStringLiteral("never written")),
            qPrintable(shell.window.keychainWarning()->toolTip()));
    }

    void geometryPageStackAndThemeAreRestored()
    {
        ragdesk::test::TempDir dir;
        const std::vector<StackProfile> profiles{
            {.name = "a", .apiUrl = "http://127.0.0.1:1"}, {.name = "b", .apiUrl = "http://127.0.0.1:2"}};
        {
            Shell shell(profiles, dir.path());
            shell.window.show();
            shell.window.resize(900, 555);
            shell.stacks.setCurrent("b");
            const QList<QAction*> themes = shell.window.findChildren<QAction*>();
            for (QAction* action : themes) {
                if (action->text() == QStringLiteral("&Dark")) {
                    action->trigger();
                }
            }
            shell.window.close();
        }
        Shell again(profiles, dir.path());
        again.window.show();
        QCOMPARE(again.window.size(), QSize(900, 555));
        QCOMPARE(again.stacks.current()->name, std::string("b"));
        QCOMPARE(again.window.stackSwitcher()->currentText(), QStringLiteral("b"));
        QCOMPARE(again.settings.value(QStringLiteral("view/theme")).toString(), QStringLiteral("dark"));
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
    }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
