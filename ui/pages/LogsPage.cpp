#include "LogsPage.h"

#include "bridge/GuiPost.h"
#include "bridge/OpsSession.h"
#include "widgets/Actions.h"
#include "widgets/ErrorBanner.h"
#include "widgets/LogView.h"
#include "widgets/Text.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <chrono>

namespace ragdesk::ui {
namespace {

using client::ops::LogBatch;
using client::ops::LogBuffer;
using client::ops::LogLevel;
using client::ops::LogSource;

constexpr auto kDrainInterval = std::chrono::milliseconds(100);
constexpr client::ops::LogBufferLimits kLimits{.maxLines = 2'000'000, .maxBytes = size_t{512} << 20};
/// Lines held while paused, beyond which the oldest of them give way (the buffer would drop them anyway).
constexpr size_t kMaxHeldWhilePaused = kLimits.maxLines;

QString number(size_t value)
{
    return QLocale().toString(static_cast<qulonglong>(value));
}

} // namespace

/// A running follow and what it needs alive: the session's connection, the StackLogs it looks for replaced
/// containers with, and the queue it fills. Destroyed on the logs worker (stopping joins its threads).
struct LogsPage::Following {
    OpsSession::Ops ops;
    std::unique_ptr<client::ops::StackLogs> logs;
    std::unique_ptr<client::ops::LogQueue> queue;
    std::unique_ptr<client::ops::LogFollow> follow;
    std::vector<client::ops::LogRecord> held; ///< taken while paused, not yet in the buffer
};

LogsPage::LogsPage(OpsSession* session, QWidget* parent)
    : OpsPage(session, tr("Logs"), parent),
      m_buffer(std::make_unique<LogBuffer>(kLimits)),
      m_view(new LogView(this)),
      m_servicesButton(new QToolButton(this)),
      m_servicesMenu(new QMenu(this)),
      m_tail(new QComboBox(this)),
      m_since(new QComboBox(this)),
      m_level(new QComboBox(this)),
      m_service(new QComboBox(this)),
      m_filterText(new QLineEdit(this)),
      m_status(new QLabel(this)),
      m_drain(new QTimer(this))
{
    m_servicesButton->setText(tr("All services"));
    m_servicesButton->setMenu(m_servicesMenu);
    m_servicesButton->setPopupMode(QToolButton::InstantPopup);
    m_servicesButton->setToolTip(tr("The services whose logs are shown, merged by time"));
    for (const size_t lines : {1'000, 10'000, 100'000, 1'000'000}) {
        m_tail->addItem(tr("last %1 lines").arg(number(lines)), QVariant::fromValue(static_cast<qulonglong>(lines)));
    }
    m_tail->setCurrentIndex(1);
    m_tail->setToolTip(tr("How much history to read, newest first"));
    m_since->addItem(tr("any time"), 0);
    for (const auto& [minutes, label] : {std::pair{5, tr("last 5 minutes")}, std::pair{60, tr("last hour")},
             std::pair{24 * 60, tr("last 24 hours")}, std::pair{7 * 24 * 60, tr("last 7 days")}}) {
        m_since->addItem(label, minutes);
    }
    m_since->setToolTip(tr("Read only the lines written since then"));
    m_level->addItem(tr("All levels"), -1);
    m_level->addItem(tr("Warnings and worse"), static_cast<int>(LogLevel::Warning));
    m_level->addItem(tr("Errors and worse"), static_cast<int>(LogLevel::Error));
    m_service->setToolTip(tr("Keep the lines of one service only (the services read are chosen above)"));
    m_service->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fillServiceChoice();
    m_filterText->setPlaceholderText(tr("Filter lines (Ctrl+F)"));
    m_filterText->setClearButtonEnabled(true);

    m_follow = addPageAction(this, tr("&Follow"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
        tr("Show new lines as the containers write them"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_pause = addPageAction(
        this, tr("&Pause"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), tr("Hold the view still; count new lines"));
    m_pause->setCheckable(true);
    QAction* find = addPageAction(this, tr("Find"), QKeySequence::Find, tr("Filter the lines"));
    m_regex = addPageAction(this, QStringLiteral(".*"), QKeySequence(Qt::ALT | Qt::Key_R),
        tr("Filter by a regular expression (RE2 syntax, like grep -E)"));
    m_regex->setCheckable(true);
    m_matchCase = addPageAction(this, QStringLiteral("Aa"), QKeySequence(Qt::ALT | Qt::Key_C), tr("Match case"));
    m_matchCase->setCheckable(true);
    m_onlyMatching = addPageAction(this, tr("Only matching"), QKeySequence(Qt::ALT | Qt::Key_O),
        tr("Show only the lines that match; off: every line, the matches marked"));
    m_onlyMatching->setCheckable(true);
    m_onlyMatching->setChecked(true);
    m_previous = addPageAction(this, tr("Previous"), QKeySequence::FindPrevious, tr("Go to the previous match"));
    m_next = addPageAction(this, tr("Next"), QKeySequence::FindNext, tr("Go to the next match"));
    QAction* copy = addPageAction(this, tr("&Copy"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
        tr("Copy the selected lines, or those in sight"));
    QAction* wrap = addPageAction(
        this, tr("&Wrap"), QKeySequence(Qt::ALT | Qt::Key_W), tr("Wrap long lines instead of scrolling sideways"));
    wrap->setCheckable(true);
    QAction* goTo = addPageAction(
        this, tr("&Go to time…"), QKeySequence(Qt::CTRL | Qt::Key_G), tr("Show the first line at or after a time"));
    QAction* json = addPageAction(this, tr("&JSON…"), QKeySequence(Qt::CTRL | Qt::Key_J),
        tr("Show the selected line's JSON laid out and indented"));
    QAction* save = addPageAction(this, tr("&Save…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
        tr("Save the lines shown (all, or the filter's) to a file only you can read"));
    toolbar()->addWidget(m_servicesButton);
    toolbar()->addWidget(m_tail);
    toolbar()->addWidget(m_since);
    toolbar()->addAction(m_follow);
    toolbar()->addAction(m_pause);
    toolbar()->addAction(wrap);
    toolbar()->addAction(goTo);
    toolbar()->addAction(json);
    toolbar()->addAction(copy);
    toolbar()->addAction(save);

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_level);
    filterRow->addWidget(m_service);
    filterRow->addWidget(m_filterText, 1);
    for (QAction* action : {m_regex, m_matchCase, m_onlyMatching, m_previous, m_next}) {
        auto* button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        filterRow->addWidget(button);
    }
    filterRow->addWidget(m_status);
    content()->addLayout(filterRow);
    content()->addWidget(m_view, 1);
    m_view->setBuffer(m_buffer.get());

    connect(m_tail, &QComboBox::activated, this, &LogsPage::reload);
    connect(m_since, &QComboBox::activated, this, &LogsPage::reload);
    connect(goTo, &QAction::triggered, this, &LogsPage::askTime);
    connect(wrap, &QAction::toggled, m_view, &LogView::setWrap);
    connect(json, &QAction::triggered, this, &LogsPage::showJson);
    connect(m_level, &QComboBox::activated, this, &LogsPage::applyFilter);
    connect(m_service, &QComboBox::activated, this, &LogsPage::applyFilter);
    connect(m_filterText, &QLineEdit::textChanged, this, &LogsPage::applyFilter);
    connect(find, &QAction::triggered, m_filterText, [this] {
        m_filterText->setFocus();
        m_filterText->selectAll();
    });
    connect(save, &QAction::triggered, this, &LogsPage::saveAs);
    connect(copy, &QAction::triggered, this, [this] { QApplication::clipboard()->setText(m_view->selectedText()); });
    connect(m_regex, &QAction::toggled, this, &LogsPage::applyFilter);
    connect(m_matchCase, &QAction::toggled, this, &LogsPage::applyFilter);
    connect(m_onlyMatching, &QAction::toggled, this,
        [this](bool only) { m_view->setRows(only && m_matcher ? &m_matches : nullptr); });
    connect(m_next, &QAction::triggered, this, [this] { showMatch(true); });
    connect(m_previous, &QAction::triggered, this, [this] { showMatch(false); });
    connect(m_filterText, &QLineEdit::returnPressed, m_next, &QAction::trigger);
    m_searchThreads.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    connect(m_follow, &QAction::toggled, this, [this](bool on) {
        if (!on) {
            stopFollowing();
        } else if (!m_reading) {
            reload(); // follows on from a fresh read, so no line between the two is missed
        }
        updateStatus();
    });
    connect(m_pause, &QAction::toggled, this, [this](bool paused) {
        if (!paused) {
            takeFollowed();
        }
        updateStatus();
    });
    m_drain->setInterval(kDrainInterval);
    connect(m_drain, &QTimer::timeout, this, &LogsPage::takeFollowed);
}

LogsPage::~LogsPage()
{
    m_reads.cancel();
    resetSearch();
    stopFollowing();
}

void LogsPage::setServices(const QStringList& services)
{
    m_services = services;
    m_servicesButton->setText(services.isEmpty() ? tr("All services") : services.join(QStringLiteral(", ")));
    for (QAction* action : m_servicesMenu->actions()) {
        action->setChecked(
            action->data().toString().isEmpty() ? services.isEmpty() : services.contains(action->data().toString()));
    }
    reload();
}

void LogsPage::load()
{
    if (m_servicesMenu->isEmpty()) {
        session()->run<std::vector<client::ops::ContainerStatus>>(
            this, OpsSession::Lane::Status,
            [](const OpsSession::Ops& ops, const TaskContext&) { return ops->status(); },
            [this](client::Result<std::vector<client::ops::ContainerStatus>> containers) {
                if (containers) {
                    std::vector<std::string> services;
                    for (const auto& container : *containers) {
                        if (!container.service.empty() &&
                            std::find(services.begin(), services.end(), container.service) == services.end()) {
                            services.push_back(container.service);
                        }
                    }
                    std::sort(services.begin(), services.end());
                    fillServices(services);
                }
            });
    }
    readHistory();
}

void LogsPage::fillServices(const std::vector<std::string>& services)
{
    m_servicesMenu->clear();
    QAction* all = m_servicesMenu->addAction(tr("All services"));
    all->setCheckable(true);
    all->setChecked(m_services.isEmpty());
    connect(all, &QAction::triggered, this, [this] { setServices({}); });
    m_servicesMenu->addSeparator();
    for (const std::string& service : services) {
        const QString name = qs(service);
        QAction* one = m_servicesMenu->addAction(name);
        one->setData(name);
        one->setCheckable(true);
        one->setChecked(m_services.contains(name));
        connect(one, &QAction::triggered, this, [this, name](bool checked) {
            QStringList chosen = m_services;
            chosen.removeAll(name);
            if (checked) {
                chosen << name;
            }
            setServices(chosen);
        });
    }
}

void LogsPage::fillServiceChoice()
{
    // The same service keeps its place (and the filter its choice) when the buffer is read anew.
    const QString chosen = m_service->currentIndex() > 0 ? m_service->currentText() : QString();
    m_service->clear();
    m_service->addItem(tr("Any service"), -1);
    for (uint16_t source = 0; source < m_buffer->sourceCount(); ++source) {
        m_service->addItem(qs(std::string(m_buffer->sourceName(source))), source);
    }
    m_service->setCurrentIndex(std::max(0, m_service->findText(chosen)));
    if (!chosen.isEmpty()) {
        applyFilter(); // the chosen service's index may differ in the new buffer
    }
}

void LogsPage::clear()
{
    m_reads.cancel();
    stopFollowing();
    ++m_generation;
    m_reading = false;
    resetSearch();
    m_buffer = std::make_unique<LogBuffer>(kLimits);
    m_view->setBuffer(m_buffer.get());
    fillServiceChoice();
    m_servicesMenu->clear();
    m_services.clear();
    m_servicesButton->setText(tr("All services"));
    updateStatus();
}

void LogsPage::readHistory()
{
    m_reads.cancel();
    stopFollowing();
    const quint64 generation = ++m_generation;
    m_reading = true;
    m_arrivedWhilePaused = 0;
    resetSearch();
    m_buffer = std::make_unique<LogBuffer>(kLimits);
    m_view->setBuffer(m_buffer.get());
    m_view->setRows(m_matcher && m_onlyMatching->isChecked() ? &m_matches : nullptr);
    updateStatus();

    client::ops::LogHistoryRequest request;
    for (const QString& service : m_services) {
        request.services.push_back(service.toStdString());
    }
    request.maxLines = static_cast<size_t>(m_tail->currentData().toULongLong());
    if (const int minutes = m_since->currentData().toInt(); minutes > 0) {
        request.since = std::chrono::time_point_cast<std::chrono::microseconds>(
            std::chrono::system_clock::now() - std::chrono::minutes(minutes));
    }
    // Called on the logs worker: each piece is handed to the GUI thread, where the buffer lives.
    const Post post = postFor(&LogsPage::m_generation);
    client::ops::LogHistorySink sink{.sources =
                                         [post](const std::vector<LogSource>& sources) {
                                             post([sources](LogsPage& page) {
                                                 for (const LogSource& source : sources) {
                                                     page.m_buffer->addSource(source.name);
                                                 }
                                                 page.fillServiceChoice();
                                             });
                                         },
        .sourceIndex = {},
        .older =
            [post](LogBatch&& lines) {
                auto batch = std::make_shared<LogBatch>(std::move(lines));
                post([batch](LogsPage& page) {
                    const size_t taken = page.m_buffer->prepend(std::move(*batch));
                    if (page.m_matcher) {
                        page.search(page.m_buffer->snapshot(0, taken));
                    }
                    page.m_view->bufferChanged(taken);
                    page.updateStatus();
                });
                return true;
            }};
    m_reads = session()->run<client::ops::LogHistoryResult>(
        this, OpsSession::Lane::Logs,
        [request, sink](const OpsSession::Ops& ops, const TaskContext& context) mutable {
            request.cancel = context.cancel();
            return client::ops::StackLogs(*ops).history(request, sink);
        },
        [this, generation](client::Result<client::ops::LogHistoryResult> result) {
            if (generation != m_generation) {
                return;
            }
            m_reading = false;
            if (!result) {
                loadFinished(tr("read the logs"), &result.error());
                emit historyLoaded();
                return;
            }
            loadFinished({}, nullptr);
            if (m_follow->isChecked()) {
                startFollowing(std::move(result.value().sources));
            }
            updateStatus();
            emit historyLoaded();
        });
}

LogsPage::Post LogsPage::postFor(quint64 LogsPage::*generation)
{
    const QPointer<LogsPage> self(this);
    const quint64 now = this->*generation;
    return [self, generation, now](std::function<void(LogsPage&)> apply) {
        postToGui<LogsPage>(self, [generation, now, apply = std::move(apply)](LogsPage& page) {
            if (page.*generation == now) {
                apply(page);
            }
        });
    };
}

void LogsPage::startFollowing(std::vector<LogSource> resumeFrom)
{
    const quint64 generation = m_generation;
    m_reads = session()->run<std::shared_ptr<Following>>(
        this, OpsSession::Lane::Logs,
        [resumeFrom = std::move(resumeFrom)](
            const OpsSession::Ops& ops, const TaskContext&) -> client::Result<std::shared_ptr<Following>> {
            auto following = std::make_shared<Following>();
            following->ops = ops;
            following->logs = std::make_unique<client::ops::StackLogs>(*ops);
            following->queue = std::make_unique<client::ops::LogQueue>();
            auto follow = following->logs->follow({.resumeFrom = resumeFrom}, *following->queue);
            if (!follow) {
                return follow.error();
            }
            following->follow = std::move(follow.value());
            return following;
        },
        [this, generation](client::Result<std::shared_ptr<Following>> following) {
            if (!following) {
                banner()->showError(failureText(tr("follow the logs"), following.error()));
                return;
            }
            if (generation != m_generation || !m_follow->isChecked()) {
                m_following = std::move(following.value()); // stopped the proper way, off this thread
                stopFollowing();
                return;
            }
            m_following = std::move(following.value());
            m_drain->start();
            updateStatus();
        });
}

void LogsPage::stopFollowing()
{
    m_drain->stop();
    if (!m_following) {
        return;
    }
    // Stopping joins the follow's reader threads: on the logs worker, never here. The session may already be
    // gone (the window closing): then the follow ends with this last reference, wherever that is.
    auto following = std::exchange(m_following, nullptr);
    m_arrivedWhilePaused = 0;
    if (!session()) {
        return;
    }
    session()->run<client::Done>(
        this, OpsSession::Lane::Logs,
        [following](const OpsSession::Ops&, const TaskContext&) mutable -> client::Result<client::Done> {
            following.reset();
            return client::Done{};
        },
        [](client::Result<client::Done>) {});
}

void LogsPage::takeFollowed()
{
    if (!m_following) {
        return;
    }
    auto records = m_following->queue->drain();
    std::vector<client::ops::LogRecord>& held = m_following->held;
    std::move(records.begin(), records.end(), std::back_inserter(held));
    if (held.size() > kMaxHeldWhilePaused) {
        held.erase(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(held.size() - kMaxHeldWhilePaused));
    }
    if (m_pause->isChecked()) {
        m_arrivedWhilePaused = held.size();
        updateStatus();
        return;
    }
    if (held.empty()) {
        return;
    }
    const size_t before = m_buffer->size();
    const auto firstNew = m_buffer->idAt(before);
    m_buffer->append(held);
    const size_t count = held.size();
    held.clear();
    m_arrivedWhilePaused = 0;
    if (m_matcher) {
        // A tick's lines are few: searched here, at once. Ids the buffer evicted meanwhile leave the front.
        const auto fresh = m_buffer->indexOf(firstNew);
        const auto found = m_buffer->filter(*m_matcher, fresh ? *fresh : 0);
        m_matches.insert(m_matches.end(), found.begin(), found.end());
        const auto oldest = m_buffer->idAt(0);
        m_matches.erase(m_matches.begin(), std::lower_bound(m_matches.begin(), m_matches.end(), oldest));
    }
    if (m_matcher && m_onlyMatching->isChecked()) {
        m_view->rowsChanged();
    } else {
        m_view->bufferChanged();
    }
    updateStatus();
    emit linesArrived(count);
}

client::ops::LogFilter LogsPage::currentFilter() const
{
    client::ops::LogFilter filter;
    filter.text = m_filterText->text().toStdString();
    filter.regex = m_regex->isChecked();
    filter.caseSensitive = m_matchCase->isChecked();
    const int level = m_level->currentData().toInt();
    if (level >= 0) {
        filter.levels = client::ops::LogFilter::atLeast(static_cast<LogLevel>(level));
    }
    if (const int source = m_service->currentData().toInt(); source >= 0) {
        filter.sources = {static_cast<uint16_t>(source)};
    }
    return filter;
}

void LogsPage::applyFilter()
{
    resetSearch();
    m_matcher.reset();
    m_filterError.clear();
    const client::ops::LogFilter filter = currentFilter();
    if (!filter.text.empty() || filter.levels != client::ops::LogFilter{}.levels || !filter.sources.empty()) {
        auto matcher = client::ops::LogMatcher::compile(filter);
        if (matcher) {
            m_matcher = std::move(matcher).value();
        } else {
            m_filterError = qs(matcher.error().message);
        }
    }
    m_filterText->setStyleSheet(m_filterError.isEmpty() ? QString() : QStringLiteral("border: 1px solid #d32f2f;"));
    m_filterText->setToolTip(m_filterError);
    m_view->setRows(m_matcher && m_onlyMatching->isChecked() ? &m_matches : nullptr);
    m_view->setHighlight(m_matcher);
    if (m_matcher) {
        search(m_buffer->snapshot());
    }
    updateStatus();
}

void LogsPage::resetSearch()
{
    if (m_searchCancelled) {
        m_searchCancelled->store(true);
    }
    m_searchCancelled = std::make_shared<std::atomic<bool>>(false);
    ++m_searchGeneration;
    m_searching = 0;
    m_matches.clear();
}

void LogsPage::search(const client::ops::LogSnapshot& lines)
{
    for (client::ops::LogSnapshot& part : lines.split(static_cast<size_t>(m_searchThreads.maxThreadCount()))) {
        searchPart(std::move(part));
    }
}

void LogsPage::searchPart(client::ops::LogSnapshot snapshot)
{
    ++m_searching;
    const Post post = postFor(&LogsPage::m_searchGeneration); // called on the search thread
    m_searchThreads.start([snapshot = std::move(snapshot), matcher = *m_matcher, cancelled = m_searchCancelled, post] {
        snapshot.filter(matcher, [&](std::vector<client::ops::LogLineId>&& ids) {
            if (!ids.empty()) {
                auto found = std::make_shared<std::vector<client::ops::LogLineId>>(std::move(ids));
                post([found](LogsPage& page) { page.takeMatches(std::move(*found)); });
            }
            return !cancelled->load();
        });
        post([](LogsPage& page) {
            if (--page.m_searching == 0) {
                page.updateStatus();
                emit page.searchFinished();
            }
        });
    });
}

void LogsPage::takeMatches(std::vector<client::ops::LogLineId>&& ids)
{
    // Lines evicted while the search ran are no longer shown.
    const auto oldest = m_buffer->idAt(0);
    ids.erase(ids.begin(), std::lower_bound(ids.begin(), ids.end(), oldest));
    if (ids.empty()) {
        return;
    }
    // A snapshot's matches come a block at a time and blocks do not overlap: they go in as a whole.
    const auto at = std::lower_bound(m_matches.begin(), m_matches.end(), ids.front());
    m_matches.insert(at, ids.begin(), ids.end());
    if (m_onlyMatching->isChecked()) {
        m_view->rowsChanged();
    }
    updateStatus();
}

void LogsPage::showMatch(bool forward)
{
    if (m_matches.empty()) {
        return;
    }
    const auto current = m_view->currentLine();
    auto next = m_matches.end();
    if (current && forward) {
        next = std::upper_bound(m_matches.begin(), m_matches.end(), *current);
    } else if (current) {
        const auto at = std::lower_bound(m_matches.begin(), m_matches.end(), *current);
        next = at == m_matches.begin() ? m_matches.end() : at - 1;
    }
    if (next == m_matches.end()) { // past the last (or before the first): round to the other end
        next = forward ? m_matches.begin() : m_matches.end() - 1;
    }
    m_view->showLine(*next);
    m_view->setFocus();
}

size_t LogsPage::shownLines() const
{
    return m_matcher ? m_matches.size() : m_buffer->size();
}

void LogsPage::updateStatus()
{
    QStringList parts;
    if (!m_filterError.isEmpty()) {
        parts << tr("no filter: %1").arg(m_filterError);
    }
    parts << (m_matcher ? tr("%1 of %2 lines match").arg(number(m_matches.size()), number(m_buffer->size()))
                        : tr("%1 lines").arg(number(m_buffer->size())));
    if (m_searching > 0) {
        parts << tr("searching…");
    }
    if (m_buffer->droppedOlder() > 0) {
        parts << tr("%1 older dropped (cap %2)")
                     .arg(number(static_cast<size_t>(m_buffer->droppedOlder())), number(kLimits.maxLines));
    }
    if (m_reading) {
        parts << tr("reading history…");
    } else if (m_pause->isChecked()) {
        parts << tr("paused: %1 new").arg(number(m_arrivedWhilePaused));
    } else if (m_following) {
        parts << tr("following");
    }
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

client::Result<client::ops::SaveSummary> LogsPage::saveShown(const QString& path) const
{
    client::ops::SaveBounds bounds;
    if (m_matcher && m_onlyMatching->isChecked()) {
        bounds.filter = &*m_matcher;
    }
    return client::ops::saveLogs(*m_buffer, path.toStdString(), bounds);
}

bool LogsPage::goToTime(const QString& text)
{
    const QString typed = text.trimmed();
    QDateTime when;
    for (const QString& format : {QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"), QStringLiteral("yyyy-MM-dd HH:mm:ss"),
             QStringLiteral("yyyy-MM-dd HH:mm"), QStringLiteral("yyyy-MM-ddTHH:mm:ss")}) {
        when = when.isValid() ? when : QDateTime::fromString(typed, format);
    }
    if (!when.isValid()) {
        QTime time;
        for (const QString& format :
            {QStringLiteral("H:mm:ss.zzz"), QStringLiteral("H:mm:ss"), QStringLiteral("H:mm")}) {
            time = time.isValid() ? time : QTime::fromString(typed, format);
        }
        const auto current = m_view->currentLine();
        const auto index = current ? m_buffer->indexOf(*current) : std::nullopt;
        if (!time.isValid() || !index) {
            return false;
        }
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(m_buffer->at(*index).time.time_since_epoch());
        when = QDateTime(QDateTime::fromMSecsSinceEpoch(ms.count()).date(), time);
    }
    return m_view->showTime(client::ops::ContainerTime(std::chrono::milliseconds(when.toMSecsSinceEpoch())));
}

void LogsPage::askTime()
{
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Go to time"),
        tr("Local time: 14:05, 14:05:30 (on the day of the line in view) or 2026-12-07 14:05:30"), QLineEdit::Normal,
        QString(), &ok);
    if (ok && !goToTime(text)) {
        banner()->showError(tr("“%1” is no time, or there is no line to go to.").arg(text));
    }
}

QString LogsPage::currentLineAsJson() const
{
    const auto current = m_view->currentLine();
    const auto index = current ? m_buffer->indexOf(*current) : std::nullopt;
    if (!index) {
        return {};
    }
    const std::string_view text = m_buffer->at(*index).text;
    // The whole line, or what follows a prefix (a time, a level) from the first brace on.
    for (const size_t from : {size_t{0}, text.find('{')}) {
        if (from == std::string_view::npos) {
            break;
        }
        const QJsonDocument json = QJsonDocument::fromJson(
            QByteArray::fromRawData(text.data() + from, static_cast<qsizetype>(text.size() - from)));
        if (!json.isNull()) {
            return QString::fromUtf8(json.toJson(QJsonDocument::Indented));
        }
    }
    return {};
}

void LogsPage::showJson()
{
    const QString json = currentLineAsJson();
    if (json.isEmpty()) {
        banner()->showError(tr("The selected line holds no JSON."));
        return;
    }
    auto* dialog = new QDialog(this);
    dialog->setWindowTitle(tr("JSON of the line"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* text = new QPlainTextEdit(json, dialog);
    text->setReadOnly(true);
    text->setFont(m_view->font());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QPushButton* copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, dialog, [json] { QApplication::clipboard()->setText(json); });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog->resize(640, 480);
    dialog->open();
}

void LogsPage::saveAs()
{
    auto* dialog = new QFileDialog(this, tr("Save the lines shown"), QString(), tr("Log files (*.log);;All (*)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->selectFile(QStringLiteral("stack.log"));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) {
        const auto saved = saveShown(path);
        if (!saved) {
            banner()->showError(failureText(tr("save the lines"), saved.error()));
        }
    });
    dialog->open();
}

} // namespace ragdesk::ui
