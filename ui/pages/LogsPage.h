#pragma once

#include "OpsPage.h"

#include "ragdesk/client/ops/logs/LogBuffer.h"
#include "ragdesk/client/ops/logs/StackLogs.h"

#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTimer;
class QToolButton;

namespace ragdesk::ui {

class LogView;

/// The stack's container logs: the newest lines of the chosen services (all by default) merged by time, shown
/// while older history is still being read (batches taken into the page's LogBuffer on the GUI thread), then
/// followed live — a container a deploy recreates is followed on. Pause freezes the view and counts what arrives
/// meanwhile (nothing is lost). The filter (text or regular expression, case, level) searches on a thread per core,
/// newest lines first, and its matches show as they are found, with their count: the view shows only them or every
/// line with them marked, and Next/Previous step through them. Save writes what is shown to a private file. The
/// buffer is a bounded ring whose cap is shown.
class LogsPage : public OpsPage {
    Q_OBJECT

public:
    explicit LogsPage(OpsSession* session, QWidget* parent = nullptr);
    ~LogsPage() override;

    LogView* view() const { return m_view; }
    const client::ops::LogBuffer& buffer() const { return *m_buffer; }
    QLineEdit* filterText() const { return m_filterText; }
    QComboBox* levelChoice() const { return m_level; }
    /// Which of the services read the filter keeps: all, or one.
    QComboBox* serviceChoice() const { return m_service; }
    QComboBox* tailChoice() const { return m_tail; }
    QAction* pauseAction() const { return m_pause; }
    QAction* followAction() const { return m_follow; }
    QAction* regexAction() const { return m_regex; }
    QAction* matchCaseAction() const { return m_matchCase; }
    QAction* onlyMatchingAction() const { return m_onlyMatching; }
    QAction* nextMatchAction() const { return m_next; }
    QAction* previousMatchAction() const { return m_previous; }
    QLabel* statusLabel() const { return m_status; }
    /// Shows these services only (empty: all) and reads their logs anew.
    void setServices(const QStringList& services);
    /// Lines that arrived while paused, not yet in the view.
    size_t arrivedWhilePaused() const { return m_arrivedWhilePaused; }
    /// Lines the filter kept so far (all lines when there is no filter).
    size_t shownLines() const;
    /// The filter's matches found so far, oldest first.
    const std::vector<client::ops::LogLineId>& matches() const { return m_matches; }
    /// A search of the filter is still running.
    bool searching() const { return m_searching > 0; }
    QComboBox* sinceChoice() const { return m_since; }
    /// Shows the first line at or after a local time typed as "14:05", "14:05:30(.250)" (on the day of the line in
    /// view) or "2026-12-07 14:05(:30)"; false when the text is no time or there is no line.
    bool goToTime(const QString& text);
    /// The current line (selected, else the top one) pretty-printed when it is JSON or ends in a JSON object;
    /// empty otherwise.
    QString currentLineAsJson() const;
    /// Writes what is shown (the filter's lines, or all) to a file readable by its owner only.
    client::Result<client::ops::SaveSummary> saveShown(const QString& path) const;

signals:
    /// The history read ended (ok, or failed as the banner says) and following began if it is on.
    void historyLoaded();
    /// New lines were taken in from the follow.
    void linesArrived(size_t count);
    /// The filter's searches ended: matches() holds every match of the lines read so far.
    void searchFinished();

protected:
    void load() override;
    void clear() override;

private:
    struct Following;
    /// Hands work from another thread to the page on the GUI thread.
    using Post = std::function<void(std::function<void(LogsPage&)>)>;
    /// A Post that drops the work once the page is gone or `generation` moved on from its value now.
    Post postFor(quint64 LogsPage::*generation);
    void readHistory();
    void startFollowing(std::vector<client::ops::LogSource> resumeFrom);
    void stopFollowing();
    void takeFollowed();
    void applyFilter();
    /// Forgets the matches and ends the searches running: the filter or the buffer changed.
    void resetSearch();
    /// Searches the snapshot's lines on the search threads, a part each; their matches come to takeMatches (the
    /// caller updates the status).
    void search(const client::ops::LogSnapshot& lines);
    void searchPart(client::ops::LogSnapshot part);
    void takeMatches(std::vector<client::ops::LogLineId>&& ids);
    void showMatch(bool forward);
    void updateStatus();
    void fillServices(const std::vector<std::string>& services);
    /// The service filter's choices: the buffer's sources.
    void fillServiceChoice();
    void saveAs();
    void askTime();
    void showJson();
    client::ops::LogFilter currentFilter() const;

    std::unique_ptr<client::ops::LogBuffer> m_buffer;
    LogView* m_view;
    QToolButton* m_servicesButton;
    QMenu* m_servicesMenu;
    QComboBox* m_tail;
    QComboBox* m_since;
    QComboBox* m_level;
    QComboBox* m_service;
    QLineEdit* m_filterText;
    QLabel* m_status;
    QAction* m_follow;
    QAction* m_pause;
    QAction* m_regex;
    QAction* m_matchCase;
    QAction* m_onlyMatching;
    QAction* m_next;
    QAction* m_previous;
    QTimer* m_drain;
    QStringList m_services; ///< chosen; empty: all
    std::shared_ptr<Following> m_following;
    TaskHandle m_reads; ///< the history read or follow start in flight: a new read cancels it, never queues behind it
    std::optional<client::ops::LogMatcher> m_matcher; ///< the filter in force; none when empty or not valid
    QString m_filterError; ///< why the text typed is no filter
    std::vector<client::ops::LogLineId> m_matches; ///< the filter's lines found so far, in order
    QThreadPool m_searchThreads; ///< a thread per core, off the GUI thread
    std::shared_ptr<std::atomic<bool>> m_searchCancelled; ///< set when the searches running are of no more use
    quint64 m_searchGeneration = 0; ///< bumped by resetSearch: matches of an older search are dropped
    int m_searching = 0; ///< searches started for the current filter and not finished
    size_t m_arrivedWhilePaused = 0;
    quint64 m_generation = 0; ///< bumped by each read: late batches of an older one are dropped
    bool m_reading = false;
};

} // namespace ragdesk::ui
