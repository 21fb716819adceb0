#pragma once

#include "AdminPage.h"

#include "bridge/StackWorker.h"
#include "models/RecordModel.h"

#include "ragdesk/client/api/BotProfiles.h"
#include "ragdesk/client/api/Sources.h"

#include <QStringList>

class QAction;
class QComboBox;
class QTimer;

namespace ragdesk::ui {

class RecordTable;
class UploadPanel;

/// A bot's knowledge: its sources with their live ingest status (polled every 2 s while any is pending or being
/// processed), documents, chunks and errors. Files are uploaded by drag and drop or Upload files… with a progress bar
/// per file and overall (rate, time left) and Cancel, which keeps what is already uploaded; text, a web page or a
/// batch of web pages are added from dialogs; a source is ingested again or deleted (confirmed by name).
class SourcesPage : public AdminPage {
    Q_OBJECT

public:
    explicit SourcesPage(ApiSession* session, QWidget* parent = nullptr);

    RecordModel<client::api::Source>* model() const { return m_model; }
    RecordTable* table() const { return m_table; }
    QComboBox* botChoice() const { return m_bot; }
    UploadPanel* uploads() const { return m_uploads; }
    QAction* reingestAction() const { return m_reingest; }
    QAction* deleteAction() const { return m_delete; }
    QAction* addTextAction() const { return m_addText; }

    /// Uploads these files to the chosen bot, one after another.
    void uploadFiles(const QStringList& paths);
    /// Stops the upload in flight and the ones waiting; what is uploaded stays.
    void cancelUploads();
    /// Chooses that bot and selects that source once its sources are loaded (an answer's source, from the playground).
    void showSource(const QString& botId, const QString& sourceId);

signals:
    /// Bytes of the file at this index sent so far.
    void uploadProgressed(int index, quint64 sent);
    /// The file at this index of the batch is on the server.
    void fileUploaded(int index);
    /// An upload batch ended (all done, failed or cancelled).
    void uploadsFinished();

protected:
    void load() override;
    void clear() override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void loadSources();
    void chooseWantedBot();
    void updateActions();
    void uploadNext();
    void openSourceDialog(int kind);
    void confirmDelete();

    RecordModel<client::api::Source>* m_model;
    RecordTable* m_table;
    QComboBox* m_bot;
    UploadPanel* m_uploads;
    QTimer* m_poll;
    QAction* m_upload;
    QAction* m_addText;
    QAction* m_addUrl;
    QAction* m_addBatch;
    QAction* m_reingest;
    QAction* m_delete;
    QString m_wantedBot; ///< showSource's bot, chosen by the next load
    QString m_wantedSource; ///< showSource's source, selected once loaded

    struct UploadBatch {
        QStringList paths;
        client::api::BotId bot;
        int next = 0;
        int uploaded = 0;
        int failed = 0;
        TaskHandle current;
        bool cancelled = false;
    };
    std::optional<UploadBatch> m_batch;
};

} // namespace ragdesk::ui
