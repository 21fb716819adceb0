#pragma once

#include "OpsPage.h"

#include "models/RecordModel.h"
#include "widgets/StateBanner.h"

#include "ragdesk/client/ops/deploy/Backups.h"
#include "ragdesk/client/ops/deploy/Deployer.h"

#include <QElapsedTimer>

#include <map>
#include <set>

class QAction;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace ragdesk::ui {

class RecordTable;
class RunPanel;

/// One backup in the table, with what this session found out about it (verified, downloaded, taken before a
/// restore).
struct BackupRow {
    client::ops::BackupFile file;
    QString note;
};

/// The stack's backups, over Backups and the Deployer: the files with size and age under a banner that warns when
/// the newest database dump is old (the nightly cron stopped?); Back up now with the script's own lines as its
/// progress; Download… with progress, rate and time left, Cancel, resume (the same target again continues the
/// `.part`) and the SHA-256 compared with the server's; Verify on the server; and Restore…, confirmed by typing the
/// stack's name, which names the pre-restore backup it takes and is followed live in a RunPanel like a deploy. One
/// backup task runs at a time, on its own lane: a long download never holds up the rest of the console.
class BackupsPage : public OpsPage {
    Q_OBJECT

public:
    using BackupModel = RecordModel<BackupRow>;

    explicit BackupsPage(OpsSession* session, QWidget* parent = nullptr);

    StateBanner* newestBanner() const { return m_newest; }
    /// What the task running or last run (back up, download, verify) is doing or did.
    StateBanner* activityBanner() const { return m_activity; }
    QProgressBar* progressBar() const { return m_progress; }
    /// The backup script's lines, a download's checksum.
    QPlainTextEdit* output() const { return m_output; }
    /// A restore followed live.
    RunPanel* run() const { return m_run; }
    BackupModel* backups() const { return m_backups; }
    RecordTable* backupTable() const { return m_table; }
    /// A backup task is running.
    bool busy() const { return m_task != Task::None; }

    /// Runs the stack's backup command now.
    void createNow();
    /// Asks where to, then downloads the selected backup (the last target of the same backup is offered again, so a
    /// stopped download resumes).
    void downloadSelected();
    /// Downloads `name` to `localPath`, resuming a `.part` an earlier attempt left there.
    void download(const QString& name, const QString& localPath);
    /// Checks the selected backup on the server.
    void verifySelected();
    /// Asks by the stack's name, then restores the selected database dump and follows the run.
    void restoreSelected();
    /// Stops the running backup, download or verify (a download's `.part` is kept for a resume).
    void cancelTask();

signals:
    /// The list was read.
    void listRead();
    /// A backup, download or verify ended: ok, or failed or cancelled as the activity banner says.
    void taskEnded(bool ok);
    /// A restore started here was answered: ok, or refused as the run's banner says.
    void restoreStarted(bool ok);
    /// The restore followed ended.
    void runEnded();

protected:
    void load() override;
    void clear() override;

private:
    enum class Task { None, Create, Download, Verify };
    struct Listing {
        std::vector<client::ops::BackupFile> files;
        std::optional<client::ops::LatestRun> latestRun;
    };
    void readList();
    void showList(std::vector<client::ops::BackupFile> files);
    void showNewest();
    /// Starts a task on the backups lane; `done` gets its result.
    template <typename T>
    void startTask(Task task, const QString& title,
        std::function<client::Result<T>(client::ops::Backups&, const TaskContext&)> work,
        std::function<void(client::Result<T>)> done, std::function<void(TaskProgress)> progress = {});
    void endTask(StateBanner::Tone tone, const QString& title, const QString& detail, bool ok);
    void showDownloadProgress(const QString& name, TaskProgress progress);
    void addOutputLine(const QString& line);
    void setNote(const std::string& name, const QString& note);
    const BackupRow* selected() const;
    void selectBackup(const std::string& name);
    void updateActions();

    StateBanner* m_newest;
    RecordTable* m_table;
    BackupModel* m_backups;
    QStackedWidget* m_below; ///< the task box, or the restore's RunPanel
    QWidget* m_taskBox;
    StateBanner* m_activity;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QPlainTextEdit* m_output;
    RunPanel* m_run;
    QAction* m_create;
    QAction* m_download;
    QAction* m_verify;
    QAction* m_restore;
    QAction* m_cancelAction;

    Task m_task = Task::None;
    TaskHandle m_taskHandle;
    quint64 m_taskGeneration = 0; ///< bumped when a task ends: a late line of an ended one is dropped
    QElapsedTimer m_taskClock;
    std::optional<std::uint64_t> m_resumedFrom; ///< the first progress of a download: bytes already on disk
    bool m_restoring = false; ///< a restore is being started
    std::set<std::string> m_beforeRestore; ///< the backups listed when the restore started: the new ones it took
    std::map<std::string, QString> m_notes; ///< by backup name, kept across reads of the list
    std::map<std::string, QString> m_lastTarget; ///< the last download target of each backup
    std::string m_selectAfterRead; ///< a backup just made, selected once listed
};

} // namespace ragdesk::ui
