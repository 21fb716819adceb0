#pragma once

#include "OpsPage.h"

#include "ragdesk/client/ops/logs/LogBuffer.h"
#include "ragdesk/client/ops/logs/StackLogs.h"

#include <QStringList>

#include <memory>
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
/// meanwhile (nothing is lost); a filter by text and level shows its match count and marks the matches; Save writes
/// what is shown (all or filtered) to a private file. The buffer is a bounded ring whose cap is shown.
class LogsPage : public OpsPage {
    Q_OBJECT

public:
    explicit LogsPage(OpsSession* session, QWidget* parent = nullptr);
    ~LogsPage() override;

    LogView* view() const { return m_view; }
    const client::ops::LogBuffer& buffer() const { return *m_buffer; }
    QLineEdit* filterText() const { return m_filterText; }
    QComboBox* levelChoice() const { return m_level; }
    QComboBox* tailChoice() const { return m_tail; }
    QAction* pauseAction() const { return m_pause; }
    QAction* followAction() const { return m_follow; }
    QLabel* statusLabel() const { return m_status; }
    /// Shows these services only (empty: all) and reads their logs anew.
    void setServices(const QStringList& services);
    /// Lines that arrived while paused, not yet in the view.
    size_t arrivedWhilePaused() const { return m_arrivedWhilePaused; }
    /// Lines the filter keeps (all lines when there is no filter).
    size_t shownLines() const;
    /// Writes what is shown (the filter's lines, or all) to a file readable by its owner only.
    client::Result<client::ops::SaveSummary> saveShown(const QString& path) const;

signals:
    /// The history read ended (ok, or failed as the banner says) and following began if it is on.
    void historyLoaded();
    /// New lines were taken in from the follow.
    void linesArrived(size_t count);

protected:
    void load() override;
    void clear() override;

private:
    struct Following;
    void readHistory();
    void startFollowing(std::vector<client::ops::LogSource> resumeFrom);
    void stopFollowing();
    void takeFollowed();
    void applyFilter();
    void updateStatus();
    void fillServices(const std::vector<std::string>& services);
    void saveAs();
    client::ops::LogFilter currentFilter() const;
    bool filtering() const;

    std::unique_ptr<client::ops::LogBuffer> m_buffer;
    LogView* m_view;
    QToolButton* m_servicesButton;
    QMenu* m_servicesMenu;
    QComboBox* m_tail;
    QComboBox* m_level;
    QLineEdit* m_filterText;
    QLabel* m_status;
    QAction* m_follow;
    QAction* m_pause;
    QTimer* m_drain;
    QStringList m_services; ///< chosen; empty: all
    std::shared_ptr<Following> m_following;
    TaskHandle m_reads; ///< the history read or follow start in flight: a new read cancels it, never queues behind it
    std::vector<client::ops::LogLineId> m_matches; ///< the filter's lines, when filtering
    size_t m_arrivedWhilePaused = 0;
    quint64 m_generation = 0; ///< bumped by each read: late batches of an older one are dropped
    bool m_reading = false;
};

} // namespace ragdesk::ui
