#include "BackupsPage.h"

#include "bridge/GuiPost.h"
#include "bridge/OpsSession.h"
#include "dialogs/Confirmation.h"
#include "pages/RunPanel.h"
#include "widgets/Actions.h"
#include "widgets/ErrorBanner.h"
#include "widgets/RecordTable.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"
#include "widgets/TransferText.h"

#include "ragdesk/client/ops/deploy/Deployer.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTime>
#include <QToolBar>
#include <QVBoxLayout>

#include <chrono>

namespace ragdesk::ui {
namespace {

using client::ops::BackupCheck;
using client::ops::BackupFile;
using client::ops::Backups;
using client::ops::Deployer;
using Tone = StateBanner::Tone;

// A cron job writes new backups (MiniRAG's runs nightly): read the list again while shown, gently.
constexpr auto kRefreshInterval = std::chrono::seconds(60);
constexpr int kProgressSteps = 1000;

client::api::Timestamp timeOf(const BackupFile& file)
{
    return client::api::Timestamp(std::chrono::seconds(file.modified));
}

QString kindText(BackupFile::Kind kind)
{
    switch (kind) {
    case BackupFile::Kind::Postgres:
        return QObject::tr("Database dump");
    case BackupFile::Kind::Snapshot:
        return QObject::tr("Vector store snapshot");
    case BackupFile::Kind::Other:
        break;
    }
    return QObject::tr("Other");
}

std::vector<BackupsPage::BackupModel::Column> backupColumns()
{
    using Column = BackupsPage::BackupModel::Column;
    const auto byTime = [](const BackupRow& row) { return QVariant(static_cast<qint64>(row.file.modified)); };
    return {
        Column(QObject::tr("Backup"), [](const BackupRow& row) { return qs(row.file.name); }),
        Column(QObject::tr("Kind"), [](const BackupRow& row) { return kindText(row.file.kind); }),
        Column(
            QObject::tr("Size"), [](const BackupRow& row) { return sizeText(row.file.bytes); },
            [](const BackupRow& row) { return QVariant(static_cast<qulonglong>(row.file.bytes)); }),
        Column(
            QObject::tr("Taken"), [](const BackupRow& row) { return localTimeText(timeOf(row.file)); }, byTime),
        Column(
            QObject::tr("Age"), [](const BackupRow& row) { return agoText(timeOf(row.file)); }, byTime),
        Column(QObject::tr("Notes"), [](const BackupRow& row) { return row.note; }),
    };
}

} // namespace

BackupsPage::BackupsPage(OpsSession* session, QWidget* parent)
    : OpsPage(session, tr("Backups"), parent),
      m_newest(new StateBanner(false, this)),
      m_backups(new BackupModel(
          backupColumns(), [](const BackupRow& row) { return qs(row.file.name); }, this)),
      m_below(new QStackedWidget(this)),
      m_taskBox(new QWidget(this)),
      m_activity(new StateBanner(false, this)),
      m_progress(new QProgressBar(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_output(new QPlainTextEdit(this)),
      m_run(new RunPanel(session, this))
{
    m_table = new RecordTable(m_backups, tr("Filter backups"), this);
    m_create = addPageAction(this, tr("&Back up now"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
        tr("Run the stack's backup script on the server now"));
    m_download = addPageAction(this, tr("&Download…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
        tr("Copy the selected backup to this computer, checked by SHA-256"));
    m_verify = addPageAction(this, tr("&Verify"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Y),
        tr("Check on the server that the selected backup is whole"));
    m_restore =
        addPageAction(this, tr("&Restore…"), QKeySequence(), tr("Replace the stack's database with the selected dump"));
    m_cancelAction =
        addPageAction(this, tr("&Cancel the task"), QKeySequence(), tr("Stop the running backup, download or verify"));
    for (QAction* action : {m_create, m_download, m_verify, m_restore}) {
        toolbar()->addAction(action);
    }
    connect(m_create, &QAction::triggered, this, &BackupsPage::createNow);
    connect(m_download, &QAction::triggered, this, &BackupsPage::downloadSelected);
    connect(m_verify, &QAction::triggered, this, &BackupsPage::verifySelected);
    connect(m_restore, &QAction::triggered, this, &BackupsPage::restoreSelected);
    connect(m_cancelAction, &QAction::triggered, this, &BackupsPage::cancelTask);
    connect(m_cancel, &QPushButton::clicked, m_cancelAction, &QAction::trigger);
    connect(m_table, &RecordTable::selectionChanged, this, &BackupsPage::updateActions);
    connect(m_table, &RecordTable::activated, m_download, &QAction::trigger);
    m_table->view()->sortByColumn(3, Qt::DescendingOrder); // newest first

    m_progress->setRange(0, kProgressSteps);
    m_progress->setTextVisible(false);
    m_output->setReadOnly(true);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("The backup script's lines, and each download's checksum, show here."));
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    auto* taskLayout = new QVBoxLayout(m_taskBox);
    taskLayout->setContentsMargins(0, 0, 0, 0);
    taskLayout->addWidget(m_activity);
    taskLayout->addLayout(progressRow);
    taskLayout->addWidget(m_output, 1);
    m_below->addWidget(m_taskBox);
    m_below->addWidget(m_run);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_below);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    content()->addWidget(m_newest);
    content()->addWidget(split, 1);

    connect(m_run, &RunPanel::followingChanged, this, &BackupsPage::updateActions);
    connect(m_run, &RunPanel::runEnded, this, [this] {
        updateActions();
        readList(); // the pre-restore backup it took
        emit runEnded();
    });
    refreshWhileShown(kRefreshInterval, [this] {
        if (!busy()) {
            readList();
        }
    });
    clear();
}

void BackupsPage::load()
{
    readList();
}

void BackupsPage::clear()
{
    m_taskHandle.cancel();
    m_task = Task::None;
    ++m_taskGeneration;
    m_restoring = false;
    m_beforeRestore.clear();
    m_notes.clear();
    m_lastTarget.clear();
    m_selectAfterRead.clear();
    m_backups->setRecords({});
    m_newest->setState(Tone::Neutral, tr("Backups …"), tr("Reading the list from the server."));
    m_activity->setState(Tone::Neutral, tr("No backup task yet"),
        tr("Back up now runs the stack's backup script; Download… copies a backup here, checked by SHA-256."));
    m_progress->hide();
    m_cancel->hide();
    m_output->clear();
    m_run->reset(tr("No restore yet"), tr("Restore… replaces the database with a dump; the run shows here."));
    m_below->setCurrentWidget(m_taskBox);
    updateActions();
}

void BackupsPage::readList()
{
    session()->run<Listing>(
        this, OpsSession::Lane::Status,
        [](const OpsSession::Ops& ops, const TaskContext&) -> client::Result<Listing> {
            auto files = Backups(*ops).list();
            if (!files) {
                return files.error();
            }
            auto latest = Deployer(*ops).latest();
            if (!latest) {
                return latest.error();
            }
            return Listing{.files = std::move(*files), .latestRun = *latest};
        },
        [this](client::Result<Listing> listing) {
            if (!listing) {
                loadFinished(tr("read the backups"), &listing.error());
                return;
            }
            // A restore (or another run) still going: re-attached after a restart or a lost link.
            const auto& latest = listing->latestRun;
            if (latest && latest->running && !m_run->following() && !m_restoring && qs(latest->id) != m_run->runId()) {
                m_run->follow(qs(latest->id));
                m_below->setCurrentWidget(m_run);
            }
            showList(std::move(listing->files));
            loadFinished({}, nullptr);
            emit listRead();
        });
}

void BackupsPage::showList(std::vector<BackupFile> files)
{
    if (!m_beforeRestore.empty() && !m_run->following()) {
        // The files a finished restore's pre-restore backup wrote: the way back.
        for (const BackupFile& file : files) {
            if (!m_beforeRestore.contains(file.name)) {
                m_notes[file.name] = tr("taken before the restore of run %1").arg(m_run->runId());
            }
        }
        m_beforeRestore.clear();
    }
    std::vector<BackupRow> rows;
    rows.reserve(files.size());
    for (BackupFile& file : files) {
        const auto note = m_notes.find(file.name);
        rows.push_back(BackupRow{.file = std::move(file), .note = note == m_notes.end() ? QString() : note->second});
    }
    m_backups->setRecords(std::move(rows));
    if (!m_selectAfterRead.empty()) {
        selectBackup(std::exchange(m_selectAfterRead, {}));
    }
    showNewest();
    updateActions();
}

void BackupsPage::showNewest()
{
    const QString where = session() && session()->stack() ? qs(session()->stack()->stackDir) : QString();
    const auto& rows = m_backups->records();
    const auto dump = std::find_if(
        rows.begin(), rows.end(), [](const BackupRow& row) { return row.file.kind == BackupFile::Kind::Postgres; });
    if (dump == rows.end()) {
        m_newest->setState(Tone::Bad, tr("No database backup"),
            tr("None in the backup directory of %1. Back up now makes one; a nightly cron job of "
               "<code>scripts/backup.sh</code> keeps them coming.")
                .arg(where.toHtmlEscaped()));
        return;
    }
    std::uint64_t total = 0;
    for (const BackupRow& row : rows) {
        total += row.file.bytes;
    }
    const auto taken = timeOf(dump->file);
    const QString detail = tr("%1 (%2), taken %3. %4 backups, %5 in all.")
                               .arg(qs(dump->file.name).toHtmlEscaped(), sizeText(dump->file.bytes),
                                   localTimeText(taken), QString::number(rows.size()), sizeText(total));
    if (std::chrono::system_clock::now() - taken > client::ops::kNewestDumpStaleAfter) {
        m_newest->setState(Tone::Warning,
            tr("Newest database backup is %1 old")
                .arg(spanText(
                    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - taken))),
            detail + tr(" Is the nightly backup job still running?"));
        return;
    }
    m_newest->setState(Tone::Good, tr("Newest database backup: %1").arg(agoText(taken)), detail);
}

template <typename T>
void BackupsPage::startTask(Task task, const QString& title,
    std::function<client::Result<T>(Backups&, const TaskContext&)> work, std::function<void(client::Result<T>)> done,
    std::function<void(TaskProgress)> progress)
{
    if (busy() || !session()) {
        return;
    }
    m_task = task;
    m_taskClock.start();
    m_resumedFrom.reset();
    m_below->setCurrentWidget(m_taskBox);
    m_activity->setState(Tone::Busy, title, {});
    m_progress->setRange(0, task == Task::Download ? kProgressSteps : 0); // 0..0: busy, no percentage to show
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
    m_output->clear();
    updateActions();
    m_taskHandle = session()->run<T>(
        this, OpsSession::Lane::Backups,
        [work](const OpsSession::Ops& ops, const TaskContext& context) {
            Backups backups(*ops);
            return work(backups, context);
        },
        done, progress);
}

void BackupsPage::endTask(Tone tone, const QString& title, const QString& detail, bool ok)
{
    m_task = Task::None;
    ++m_taskGeneration;
    m_progress->hide();
    m_cancel->hide();
    m_activity->setState(tone, title, detail);
    updateActions();
    emit taskEnded(ok);
}

void BackupsPage::addOutputLine(const QString& line)
{
    m_output->appendPlainText(line);
}

void BackupsPage::createNow()
{
    const QPointer<BackupsPage> self(this);
    const quint64 generation = m_taskGeneration;
    startTask<std::vector<BackupFile>>(
        Task::Create, tr("Backing up…"),
        [self, generation](Backups& backups, const TaskContext& context) {
            return backups.create(context.cancel(), [self, generation](const std::string& line) {
                postToGui<BackupsPage>(self, [generation, line = qs(line)](BackupsPage& page) {
                    if (page.m_taskGeneration == generation) {
                        page.addOutputLine(line);
                    }
                });
            });
        },
        [this](client::Result<std::vector<BackupFile>> created) {
            const QString took = spanText(std::chrono::seconds(m_taskClock.elapsed() / 1000));
            if (!created) {
                const bool cancelled = created.error().kind == client::ErrorKind::Cancelled;
                endTask(cancelled ? Tone::Warning : Tone::Bad, cancelled ? tr("Backup stopped") : tr("Backup failed"),
                    cancelled ? tr("The backup script was stopped on the server after %1; a partial file is not "
                                   "listed as a backup.")
                                    .arg(took)
                              : qs(created.error().message).toHtmlEscaped(),
                    false);
                if (!cancelled) {
                    banner()->showError(failureText(tr("Could not back up"), created.error()));
                }
                readList();
                return;
            }
            QStringList written;
            for (const BackupFile& file : *created) {
                written << tr("%1 (%2)").arg(qs(file.name), sizeText(file.bytes));
                m_notes[file.name] = tr("made here %1").arg(localClockText(timeOf(file)));
            }
            // The database dump is what an operator downloads or restores next.
            const auto dump = std::find_if(created->begin(), created->end(),
                [](const BackupFile& file) { return file.kind == BackupFile::Kind::Postgres; });
            m_selectAfterRead = (dump != created->end() ? *dump : created->front()).name;
            endTask(Tone::Good, tr("Backup written in %1").arg(took),
                written.join(QStringLiteral(", ")).toHtmlEscaped(), true);
            readList();
        });
}

void BackupsPage::downloadSelected()
{
    const BackupRow* row = selected();
    if (!row || busy()) {
        return;
    }
    const QString name = qs(row->file.name);
    const auto last = m_lastTarget.find(row->file.name);
    const QString offered = last != m_lastTarget.end()
        ? last->second
        : QDir(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation)).filePath(name);
    auto* dialog = new QFileDialog(this, tr("Download %1").arg(name));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->selectFile(offered);
    connect(dialog, &QFileDialog::fileSelected, this, [this, name](const QString& path) { download(name, path); });
    dialog->open();
}

void BackupsPage::download(const QString& name, const QString& localPath)
{
    m_lastTarget[name.toStdString()] = localPath;
    const QPointer<BackupsPage> self(this);
    startTask<client::ssh::DownloadResult>(
        Task::Download, tr("Downloading %1…").arg(name),
        [name = name.toStdString(), localPath = localPath.toStdString()](Backups& backups, const TaskContext& context) {
            return backups.download(name,
                client::ssh::DownloadRequest{.localPath = localPath,
                    .onProgress = [&context](std::uint64_t done,
                                      std::uint64_t total) { context.progress({.done = done, .total = total}); },
                    .cancel = context.cancel()});
        },
        [this, name, localPath](client::Result<client::ssh::DownloadResult> downloaded) {
            const QString took = spanText(std::chrono::seconds(m_taskClock.elapsed() / 1000));
            if (!downloaded) {
                const bool stopped = downloaded.error().kind == client::ErrorKind::Cancelled ||
                    downloaded.error().kind == client::ErrorKind::Network;
                const QFileInfo part(localPath + QStringLiteral(".part"));
                const QString kept = part.exists()
                    ? tr("%1 keeps the %2 received; Download… to the same place resumes from there.")
                          .arg(part.filePath().toHtmlEscaped(), sizeText(static_cast<std::uint64_t>(part.size())))
                    : QString();
                endTask(stopped ? Tone::Warning : Tone::Bad,
                    downloaded.error().kind == client::ErrorKind::Cancelled ? tr("Download of %1 stopped").arg(name)
                                                                            : tr("Download of %1 failed").arg(name),
                    (downloaded.error().kind == client::ErrorKind::Cancelled
                            ? QString()
                            : qs(downloaded.error().message).toHtmlEscaped() + QStringLiteral("<br>")) +
                        kept,
                    false);
                return;
            }
            const QString resumed = downloaded->resumedFrom > 0
                ? tr(", resumed from %1 left by an earlier attempt").arg(sizeText(downloaded->resumedFrom))
                : QString();
            addOutputLine(tr("%1  %2").arg(qs(downloaded->sha256Hex), localPath));
            setNote(name.toStdString(), tr("downloaded, SHA-256 matches the server's"));
            endTask(Tone::Good, tr("Downloaded %1").arg(name),
                tr("To %1 (%2) in %3%4. Its SHA-256 matches the server's: %5")
                    .arg(localPath.toHtmlEscaped(), sizeText(downloaded->bytes), took, resumed,
                        qs(downloaded->sha256Hex)),
                true);
        },
        [this, name](TaskProgress progress) { showDownloadProgress(name, progress); });
}

void BackupsPage::showDownloadProgress(const QString& name, TaskProgress progress)
{
    if (m_task != Task::Download || progress.total == 0) {
        return;
    }
    if (!m_resumedFrom) {
        // The first count includes what an earlier attempt left: the rate is of this attempt's bytes.
        m_resumedFrom = progress.done;
        m_taskClock.restart();
    }
    m_progress->setValue(static_cast<int>(progress.done * kProgressSteps / progress.total));
    const int percent = static_cast<int>(progress.done * 100 / progress.total);
    if (progress.done >= progress.total) {
        m_activity->setState(Tone::Busy, tr("Downloading %1: 100 %").arg(name),
            tr("All %1 received; comparing the SHA-256 with the server's…").arg(sizeText(progress.total)));
        return;
    }
    const QString rate = transferRateText(progress.done - *m_resumedFrom, progress.total - progress.done,
        static_cast<double>(m_taskClock.elapsed()) / 1000.0);
    m_activity->setState(Tone::Busy, tr("Downloading %1: %2 %").arg(name).arg(percent),
        tr("%1 of %2%3%4")
            .arg(sizeText(progress.done), sizeText(progress.total),
                rate.isEmpty() ? QString() : QStringLiteral(" · ") + rate,
                *m_resumedFrom > 0 ? tr(" · resumed from %1").arg(sizeText(*m_resumedFrom)) : QString()));
}

void BackupsPage::verifySelected()
{
    const BackupRow* row = selected();
    if (!row) {
        return;
    }
    const QString name = qs(row->file.name);
    startTask<BackupCheck>(
        Task::Verify, tr("Verifying %1 on the server…").arg(name),
        [name = row->file.name](Backups& backups, const TaskContext&) { return backups.verify(name); },
        [this, name](client::Result<BackupCheck> check) {
            if (!check) {
                endTask(check.error().kind == client::ErrorKind::Cancelled ? Tone::Warning : Tone::Bad,
                    tr("Could not verify %1").arg(name), qs(check.error().message).toHtmlEscaped(), false);
                return;
            }
            if (!check->ok) {
                setNote(name.toStdString(), tr("DAMAGED: %1").arg(qs(check->problem)));
                endTask(Tone::Bad, tr("%1 is damaged").arg(name), qs(check->problem).toHtmlEscaped(), false);
                return;
            }
            setNote(name.toStdString(), tr("whole (verified %1)").arg(QTime::currentTime().toString()));
            endTask(Tone::Good, tr("%1 is whole").arg(name),
                tr("The compression is intact and the dump is complete: %1 of content.")
                    .arg(sizeText(check->contentBytes)),
                true);
        });
}

void BackupsPage::restoreSelected()
{
    const BackupRow* row = selected();
    if (!row || row->file.kind != BackupFile::Kind::Postgres || busy() || m_run->following() || m_restoring ||
        !session() || !session()->stack()) {
        return;
    }
    const BackupFile file = row->file;
    const QString stack = qs(session()->stack()->name);
    Confirmation::askByName(this, tr("Restore %1").arg(stack),
        tr("Replace the database of <b>%1</b> with <b>%2</b> (taken %3, %4, %5)?<br><br>"
           "Everything written since that backup is <b>lost</b>: tenants, users, chats, documents.<br><br>"
           "First a fresh <b>pre-restore backup</b> is taken, your way back: its files are named in the run's "
           "Backup step and marked in this list. Then the maintenance page is shown (the site answers 503) while "
           "web and worker are stopped and the dump is loaded in one transaction (a dump that fails to load leaves "
           "the data as it was); then they start again and must pass the health wait.<br><br>"
           "It is recorded in the audit trail.")
            .arg(stack.toHtmlEscaped(), qs(file.name).toHtmlEscaped(), localTimeText(timeOf(file)),
                agoText(timeOf(file)), sizeText(file.bytes)),
        stack, tr("Restore"), [this, file] {
            m_restoring = true;
            m_beforeRestore.clear();
            for (const BackupRow& listed : m_backups->records()) {
                m_beforeRestore.insert(listed.file.name);
            }
            m_below->setCurrentWidget(m_run);
            m_run->banner()->setState(Tone::Busy, tr("Starting the restore of %1…").arg(qs(file.name)), {});
            updateActions();
            session()->run<std::string>(
                this, OpsSession::Lane::Actions,
                [name = file.name](
                    const OpsSession::Ops& ops, const TaskContext&) { return Deployer(*ops).startRestore(name); },
                [this, name = qs(file.name)](client::Result<std::string> id) {
                    m_restoring = false;
                    emit restoreStarted(bool(id));
                    if (!id) {
                        m_beforeRestore.clear();
                        m_run->banner()->setState(Tone::Bad, tr("Restore of %1 not started").arg(name),
                            qs(id.error().message).toHtmlEscaped());
                        banner()->showError(failureText(tr("Could not restore %1").arg(name), id.error()));
                        updateActions();
                        return;
                    }
                    m_run->follow(qs(*id));
                });
        });
}

void BackupsPage::cancelTask()
{
    m_taskHandle.cancel();
}

void BackupsPage::setNote(const std::string& name, const QString& note)
{
    m_notes[name] = note;
    std::vector<BackupRow> rows = m_backups->records();
    for (BackupRow& row : rows) {
        if (row.file.name == name) {
            row.note = note;
        }
    }
    m_backups->setRecords(std::move(rows));
}

const BackupRow* BackupsPage::selected() const
{
    const int row = m_table->selectedRow();
    return row < 0 ? nullptr : &m_backups->record(row);
}

void BackupsPage::selectBackup(const std::string& name)
{
    m_table->selectId(qs(name));
}

void BackupsPage::updateActions()
{
    const BackupRow* row = selected();
    const bool running = m_run->following() || m_restoring;
    m_create->setEnabled(!busy() && !running);
    m_download->setEnabled(!busy() && row);
    m_verify->setEnabled(!busy() && row);
    m_restore->setEnabled(!busy() && !running && row && row->file.kind == BackupFile::Kind::Postgres);
    m_cancelAction->setEnabled(busy());
}

} // namespace ragdesk::ui
