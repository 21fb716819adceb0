#include "SourcesPage.h"

#include "bridge/ApiSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/SourceDialog.h"
#include "models/StatusIcons.h"
#include "widgets/Actions.h"
#include "widgets/BotChoice.h"
#include "widgets/RecordTable.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"
#include "widgets/UploadPanel.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <chrono>

namespace ragdesk::ui {
namespace {

using client::api::Source;
using client::api::SourceStatus;
using namespace std::chrono_literals;

constexpr auto kPollInterval = 2s;

QString words(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

HealthState statusLight(SourceStatus status)
{
    switch (status) {
    case SourceStatus::Ready:
        return HealthState::Healthy;
    case SourceStatus::Error:
        return HealthState::Unreachable;
    case SourceStatus::Pending:
    case SourceStatus::Processing:
        return HealthState::Checking;
    case SourceStatus::Unknown:
        break;
    }
    return HealthState::Unknown;
}

bool inProgress(const Source& source)
{
    return source.status == SourceStatus::Pending || source.status == SourceStatus::Processing;
}

std::vector<RecordModel<Source>::Column> sourceColumns()
{
    return {
        {QObject::tr("Name"), [](const Source& source) { return qs(source.name); }},
        {QObject::tr("Type"), [](const Source& source) { return words(client::api::toString(source.type)); }},
        {QObject::tr("Status"), [](const Source& source) { return words(client::api::toString(source.status)); },
            [](const Source& source) { return static_cast<int>(source.status); },
            [](const Source& source) { return QVariant(statusIcon(statusLight(source.status))); }},
        {QObject::tr("Documents"), [](const Source& source) { return source.documentCount; },
            [](const Source& source) { return source.documentCount; }},
        {QObject::tr("Chunks"), [](const Source& source) { return source.chunkCount; },
            [](const Source& source) { return source.chunkCount; }},
        {QObject::tr("Size"),
            [](const Source& source) {
                return source.fileSize ? QLocale().formattedDataSize(static_cast<qint64>(*source.fileSize)) : QString();
            },
            [](const Source& source) { return static_cast<qulonglong>(source.fileSize.value_or(0)); }},
        {QObject::tr("Updated"), [](const Source& source) { return localTimeText(source.updatedAt); },
            [](const Source& source) { return static_cast<qint64>(source.updatedAt.time_since_epoch().count()); }},
        {QObject::tr("Error"), [](const Source& source) { return qs(source.errorMessage.value_or("")); }},
    };
}

} // namespace

SourcesPage::SourcesPage(ApiSession* session, QWidget* parent)
    : AdminPage(session, tr("Sources"), parent),
      m_model(new RecordModel<Source>(
          sourceColumns(), [](const Source& source) { return qs(source.id.str()); }, this)),
      m_table(new RecordTable(m_model, tr("Filter by name, type, status or error"), this)),
      m_bot(new QComboBox(this)),
      m_uploads(new UploadPanel(this)),
      m_poll(new QTimer(this)),
      m_upload(addPageAction(this, tr("&Upload files…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U),
          tr("Upload .txt, .md, .csv, .pdf or .docx files (10 MiB each) to the bot; or drop them here"))),
      m_addText(addPageAction(
          this, tr("Add &text…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), tr("Add pasted text to the bot"))),
      m_addUrl(addPageAction(
          this, tr("Add &web page…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), tr("Add a web page to the bot"))),
      m_addBatch(addPageAction(this, tr("Add web pages (&batch)…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B),
          tr("Add many web pages to the bot at once"))),
      m_reingest(addPageAction(this, tr("&Ingest again"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
          tr("Ingest the selected source again"))),
      m_delete(addPageAction(this, tr("&Delete source…"), QKeySequence::Delete, tr("Delete the selected source")))
{
    setAcceptDrops(true);
    toolbar()->addActions({m_upload, m_addText, m_addUrl, m_addBatch});
    toolbar()->addSeparator();
    toolbar()->addActions({m_reingest, m_delete});
    auto* botRow = new QHBoxLayout;
    auto* botLabel = new QLabel(tr("&Bot"), this);
    botLabel->setBuddy(m_bot);
    m_bot->setMinimumContentsLength(24);
    botRow->addWidget(botLabel);
    botRow->addWidget(m_bot);
    botRow->addStretch(1);
    content()->addLayout(botRow);
    content()->addWidget(m_table, 1);
    content()->addWidget(m_uploads);

    m_poll->setInterval(kPollInterval);
    m_poll->setSingleShot(true);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (isVisible()) {
            loadSources();
        }
    });
    connect(m_bot, &QComboBox::activated, this, [this] { loadSources(); });
    connect(m_upload, &QAction::triggered, this, [this] {
        auto* dialog = new QFileDialog(
            this, tr("Upload files"), QString(), tr("Documents (*.txt *.md *.csv *.pdf *.docx);;All files (*)"));
        dialog->setFileMode(QFileDialog::ExistingFiles);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::filesSelected, this, &SourcesPage::uploadFiles);
        dialog->open();
    });
    connect(
        m_addText, &QAction::triggered, this, [this] { openSourceDialog(static_cast<int>(SourceDialog::Kind::Text)); });
    connect(
        m_addUrl, &QAction::triggered, this, [this] { openSourceDialog(static_cast<int>(SourceDialog::Kind::Url)); });
    connect(m_addBatch, &QAction::triggered, this,
        [this] { openSourceDialog(static_cast<int>(SourceDialog::Kind::UrlBatch)); });
    connect(m_reingest, &QAction::triggered, this, [this] {
        const int row = m_table->selectedRow();
        if (row >= 0) {
            const Source source = m_model->record(row);
            act(tr("ingest %1 again").arg(qs(source.name)),
                [id = source.id](client::api::ApiClient& api) { return api.sources().ingest(id); });
        }
    });
    connect(m_delete, &QAction::triggered, this, &SourcesPage::confirmDelete);
    connect(m_uploads, &UploadPanel::cancelRequested, this, &SourcesPage::cancelUploads);
    connect(m_table, &RecordTable::selectionChanged, this, &SourcesPage::updateActions);
    updateActions();
}

void SourcesPage::clear()
{
    m_poll->stop();
    if (m_batch) {
        // The old stack's worker is gone with its calls: this batch ends here, with what reached that stack.
        m_uploads->finish(tr("Stopped: another stack was chosen; %1 of %2 uploaded to the previous one")
                              .arg(m_batch->uploaded)
                              .arg(m_batch->paths.size()));
        m_batch.reset();
        emit uploadsFinished();
    }
    m_bot->clear();
    m_model->setRecords({});
    updateActions();
}

void SourcesPage::load()
{
    // The bots first (the chooser), then the sources of the chosen one.
    loadBots([this](const std::vector<client::api::BotProfile>& bots) {
        // A bot's knowledge is what one looks at: the newest active bot first.
        fillBotChoice(m_bot, bots, FirstChoice::NewestActiveBot);
        chooseWantedBot();
        loadSources();
    });
}

void SourcesPage::showSource(const QString& botId, const QString& sourceId)
{
    m_wantedBot = botId;
    m_wantedSource = sourceId;
    if (m_bot->count() > 0) { // else the first load chooses it
        chooseWantedBot();
        loadSources();
    }
}

void SourcesPage::chooseWantedBot()
{
    const QString wanted = std::exchange(m_wantedBot, QString());
    if (wanted.isEmpty()) {
        return; // nothing asked for: keep fillBotChoice's choice, not "All bots" (whose data is empty too)
    }
    if (const int index = m_bot->findData(wanted); index >= 0) {
        m_bot->setCurrentIndex(index);
    }
}

void SourcesPage::loadSources()
{
    m_poll->stop();
    client::api::SourceFilter filter;
    filter.botProfileId = chosenBot(m_bot);
    session()->run<std::vector<Source>>(
        this, [filter](client::api::ApiClient& api, const TaskContext&) { return api.sources().list(filter); },
        [this](client::Result<std::vector<Source>> sources) {
            if (sources) {
                const bool busy = std::any_of(sources->begin(), sources->end(), inProgress);
                m_model->setRecords(std::move(*sources));
                if (!m_wantedSource.isEmpty()) {
                    m_table->selectId(std::exchange(m_wantedSource, QString()));
                }
                if (busy) {
                    m_poll->start(); // the worker moves them on: look again soon
                }
            }
            updateActions();
            loadFinished(tr("load the sources"), sources ? nullptr : &sources.error());
        });
}

void SourcesPage::updateActions()
{
    const bool bot = chosenBot(m_bot).has_value();
    for (QAction* adding : {m_upload, m_addText, m_addUrl, m_addBatch}) {
        adding->setEnabled(bot && !m_batch);
    }
    const int row = m_table->selectedRow();
    m_reingest->setEnabled(row >= 0 && !inProgress(m_model->record(row)));
    m_delete->setEnabled(row >= 0);
}

void SourcesPage::openSourceDialog(int kind)
{
    const auto bot = chosenBot(m_bot);
    if (!bot) {
        return;
    }
    auto* dialog = new SourceDialog(session(), static_cast<SourceDialog::Kind>(kind), *bot, m_bot->currentText(), this);
    connect(dialog, &FormDialog::saved, this, &SourcesPage::loadSources);
    openDialog(dialog);
}

void SourcesPage::confirmDelete()
{
    const int row = m_table->selectedRow();
    if (row < 0) {
        return;
    }
    const Source source = m_model->record(row);
    const QString children =
        source.childrenCount > 0 ? tr(" and its %n page(s)", nullptr, source.childrenCount) : QString();
    Confirmation::ask(this, tr("Delete source"),
        tr("Delete the source %1%2? The bot stops using it. (MiniRAG keeps its vectors in the index until the "
           "bot is rebuilt.)")
            .arg(qs(source.name), children),
        tr("Delete %1").arg(qs(source.name)), [this, source] {
            act(tr("delete %1").arg(qs(source.name)),
                [id = source.id](client::api::ApiClient& api) { return api.sources().remove(id); });
        });
}

void SourcesPage::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() && chosenBot(m_bot) && !m_batch) {
        event->acceptProposedAction();
    }
}

void SourcesPage::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            paths << url.toLocalFile();
        }
    }
    event->acceptProposedAction();
    uploadFiles(paths);
}

void SourcesPage::uploadFiles(const QStringList& paths)
{
    const auto bot = chosenBot(m_bot);
    if (paths.isEmpty() || !bot || m_batch) {
        return;
    }
    m_batch = UploadBatch{.paths = paths, .bot = *bot};
    QStringList names;
    std::vector<std::uint64_t> sizes;
    for (const QString& path : paths) {
        const QFileInfo file(path);
        names << file.fileName();
        sizes.push_back(static_cast<std::uint64_t>(std::max<qint64>(file.size(), 0)));
    }
    m_uploads->start(names, sizes);
    updateActions();
    uploadNext();
}

void SourcesPage::uploadNext()
{
    UploadBatch& batch = *m_batch;
    if (batch.cancelled || batch.next >= batch.paths.size()) {
        const int total = static_cast<int>(batch.paths.size());
        QString summary = batch.cancelled
            ? tr("Cancelled: %1 of %2 uploaded; those stay.").arg(batch.uploaded).arg(total)
            : tr("%1 of %2 uploaded").arg(batch.uploaded).arg(total);
        if (batch.failed > 0) {
            summary += tr(", %n failed", nullptr, batch.failed);
        }
        m_uploads->finish(summary);
        m_batch.reset();
        updateActions();
        loadSources();
        emit uploadsFinished();
        return;
    }
    const int index = batch.next++;
    const std::filesystem::path file = batch.paths[index].toStdString();
    batch.current = session()->run<Source>(
        this,
        [file, bot = batch.bot](client::api::ApiClient& api, const TaskContext& context) {
            return api.sources().upload({.botProfileId = bot,
                .file = file,
                .name = std::nullopt,
                .description = std::nullopt,
                .parentId = std::nullopt,
                .onProgress = [&context](std::uint64_t sent, std::uint64_t total) {
                    context.progress({sent, total});
                }});
        },
        [this, index](client::Result<Source> uploaded) {
            if (uploaded) {
                ++m_batch->uploaded;
                m_uploads->fileDone(index);
                emit fileUploaded(index);
            } else {
                m_uploads->fileDone(index, QString::fromStdString(uploaded.error().message));
                if (uploaded.error().kind != client::ErrorKind::Cancelled) {
                    ++m_batch->failed;
                }
            }
            uploadNext();
        },
        [this, index](TaskProgress progress) {
            m_uploads->fileProgress(index, progress.done);
            emit uploadProgressed(index, progress.done);
        });
}

void SourcesPage::cancelUploads()
{
    if (m_batch) {
        m_batch->cancelled = true;
        m_batch->current.cancel();
    }
}

} // namespace ragdesk::ui
