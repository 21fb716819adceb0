// ragdesk: the desktop GUI. Composition root: loads the stack list and the environment's stack, wires the keychain
// and the settings to the main window, and offers
// --screenshot for the demo and docs (a PNG of the window once every stack's health was checked).
#include "MainWindow.h"
#include "bridge/ApiSession.h"
#include "bridge/SecretStore.h"
#include "bridge/StackDirectory.h"
#include "bridge/StackWorker.h"

#include "ragdesk/client/common/StackProfile.h"
#include "ragdesk/client/common/Version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace {

const char* lookupEnv(const char* name)
{
    return std::getenv(name);
}

std::optional<ragdesk::client::Secret> secretFromEnvironment(const char* name)
{
    const char* value = lookupEnv(name);
    return value && *value ? std::optional(ragdesk::client::Secret(value)) : std::nullopt;
}

/// Shows the main window until the app quits; with --screenshot, saves a PNG once every stack was checked.
int run(const QCommandLineParser& parser, const QCommandLineOption& screenshot, const QCommandLineOption& quitAfter,
    const QCommandLineOption& reportPaint, const QCommandLineOption& page, const std::filesystem::path& configPath)
{
    using ragdesk::ui::SecretStore;
    std::vector<ragdesk::client::StackProfile> saved;
    if (auto fromFile = ragdesk::client::StackProfileStore::load(configPath)) {
        saved = std::move(fromFile).value();
    } else {
        spdlog::error("{}", fromFile.error().message);
    }
    const auto fromEnvironment = ragdesk::client::stackProfileFromEnvironment(lookupEnv);
    SecretStore secrets;
    if (fromEnvironment) {
        // The environment's secrets live as long as this run, like the environment itself: never in the keychain.
        for (const auto& [variable, kind] : {std::pair{"RAGDESK_PASSWORD", SecretStore::Kind::ApiPassword},
                 std::pair{"RAGDESK_TOKEN", SecretStore::Kind::ApiToken}}) {
            if (auto secret = secretFromEnvironment(variable)) {
                secrets.keepForThisRun(QString::fromStdString(fromEnvironment->name), kind, std::move(*secret));
            }
        }
    }
    ragdesk::ui::StackDirectory stacks(configPath, std::move(saved), fromEnvironment, &secrets);
    ragdesk::ui::ApiSession session(&stacks);
    QSettings settings;
    ragdesk::ui::MainWindow window(&stacks, &session, &settings);
    // The window first, the network after: health probes (TLS and SSH set-up included) start once it is painted.
    QObject::connect(&window, &ragdesk::ui::MainWindow::firstPainted, &stacks,
        &ragdesk::ui::StackDirectory::startHealthChecks, Qt::SingleShotConnection);
    if (parser.isSet(reportPaint)) {
        QObject::connect(
            &window, &ragdesk::ui::MainWindow::firstPainted, &window,
            [] {
                std::fputs("painted\n", stdout);
                std::fflush(stdout);
            },
            Qt::SingleShotConnection);
    }
    if (parser.isSet(page) && !window.showPage(parser.value(page))) {
        std::fprintf(stderr, "ragdesk: no page \"%s\"; the pages are: %s\n", qPrintable(parser.value(page)),
            qPrintable(window.pageTitles().join(QStringLiteral(", "))));
        return 2;
    }
    window.show();
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        const bool quit = parser.isSet(quitAfter);
        QObject::connect(
            &stacks, &ragdesk::ui::StackDirectory::healthRoundFinished, &window,
            [&window, file, quit] {
                // One more turn of the event loop so the last results are painted before the grab.
                QTimer::singleShot(0, &window, [&window, file, quit] {
                    const bool written = window.grab().save(file, "PNG");
                    std::fprintf(written ? stdout : stderr, "%s %s\n", written ? "screenshot:" : "cannot write",
                        qPrintable(file));
                    if (quit) {
                        QApplication::exit(written ? 0 : 1);
                    }
                });
            },
            Qt::SingleShotConnection);
    }
    return QApplication::exec();
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RagDesk"));
    QApplication::setOrganizationName(QStringLiteral("RagDesk"));
    QApplication::setApplicationVersion(QString::fromStdString(std::string(ragdesk::versionString())));
    QApplication::setDesktopFileName(QStringLiteral("io.github.ragdesk.RagDesk"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Desktop console for self-hosted RAG stacks"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window once every stack was checked."), QStringLiteral("file"));
    const QCommandLineOption quitAfter(
        QStringLiteral("quit-after-screenshot"), QStringLiteral("Exit after saving the --screenshot."));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Log every request to stderr."));
    const QCommandLineOption reportPaint(QStringLiteral("report-first-paint"),
        QStringLiteral("Print \"painted\" once the window was first painted (bench_startup)."));
    const QCommandLineOption page(QStringLiteral("page"),
        QStringLiteral("Open on the page of that name, as the sidebar shows it (e.g. Containers)."),
        QStringLiteral("name"));
    parser.addOptions({screenshot, quitAfter, verbose, reportPaint, page});
    parser.process(app);

    spdlog::set_default_logger(spdlog::stderr_logger_mt("ragdesk"));
    spdlog::set_level(parser.isSet(verbose) ? spdlog::level::info : spdlog::level::warn);

    const std::filesystem::path configPath = ragdesk::client::defaultStackConfigPath(lookupEnv);
    const int status = run(parser, screenshot, quitAfter, reportPaint, page, configPath);
    // The window's workers were told to stop as it closed and end their cancelled calls within moments; they must
    // not still run while static objects are destroyed. One that cannot be woken (a DNS lookup) is left behind.
    using namespace std::chrono_literals;
    if (!ragdesk::ui::StackWorker::waitForFinishedThreads(3s)) {
        spdlog::warn("a worker thread is still busy; exiting without waiting for it");
        spdlog::shutdown();
        std::_Exit(status);
    }
    return status;
}
