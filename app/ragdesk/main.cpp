// ragdesk: the desktop GUI. Composition root: loads the stack list, builds the main window, and offers
// --screenshot for the demo and docs (a PNG of the window once every stack's health was checked).
#include "MainWindow.h"
#include "pages/ConnectionsPage.h"

#include "ragdesk/client/common/StackProfile.h"
#include "ragdesk/client/common/Version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>

namespace {

const char* lookupEnv(const char* name)
{
    return std::getenv(name);
}

// The stacks file plus the environment's stack, unless the file already has one of that name.
std::vector<ragdesk::client::StackProfile> loadProfiles(const std::filesystem::path& configPath)
{
    std::vector<ragdesk::client::StackProfile> profiles;
    if (auto fromFile = ragdesk::client::StackProfileStore::load(configPath)) {
        profiles = std::move(fromFile).value();
    } else {
        spdlog::error("{}", fromFile.error().message);
    }
    if (auto fromEnv = ragdesk::client::stackProfileFromEnvironment(lookupEnv)) {
        const bool named = std::any_of(
            profiles.begin(), profiles.end(), [&](const auto& profile) { return profile.name == fromEnv->name; });
        if (!named) {
            profiles.push_back(std::move(*fromEnv));
        }
    }
    return profiles;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RagDesk"));
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
    parser.addOptions({screenshot, quitAfter, verbose});
    parser.process(app);

    spdlog::set_default_logger(spdlog::stderr_logger_mt("ragdesk"));
    spdlog::set_level(parser.isSet(verbose) ? spdlog::level::info : spdlog::level::warn);

    const std::filesystem::path configPath = ragdesk::client::defaultStackConfigPath(lookupEnv);
    ragdesk::ui::MainWindow window(loadProfiles(configPath), configPath);
    window.show();

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        const bool quit = parser.isSet(quitAfter);
        auto* page = window.connectionsPage();
        QObject::connect(
            page, &ragdesk::ui::ConnectionsPage::healthRoundFinished, &window,
            [&window, file, quit] {
                // One more turn of the event loop so the last results are painted before the grab.
                QTimer::singleShot(0, &window, [&window, file, quit] {
                    const bool saved = window.grab().save(file, "PNG");
                    std::fprintf(
                        saved ? stdout : stderr, "%s %s\n", saved ? "screenshot:" : "cannot write", qPrintable(file));
                    if (quit) {
                        QApplication::exit(saved ? 0 : 1);
                    }
                });
            },
            Qt::SingleShotConnection);
    }
    return QApplication::exec();
}
