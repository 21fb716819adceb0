#pragma once

#include "AdminPage.h"

#include "models/RecordModel.h"

#include "ragdesk/client/api/BotProfiles.h"
#include "ragdesk/client/api/Chats.h"

#include <QDate>

class QAction;
class QCheckBox;
class QComboBox;
class QDateEdit;

namespace ragdesk::ui {

class RecordTable;
class Transcript;

/// The tenant's chat history: chats filtered by bot and by the days they were last active (and by title in the
/// table's filter), the selected chat's transcript (answers rendered as Markdown) with each answer's tokens and
/// feedback, and export of what the
/// filters select, or of one chat, as CSV or JSON exactly as the server wrote it.
class ChatHistoryPage : public AdminPage {
    Q_OBJECT

public:
    explicit ChatHistoryPage(ApiSession* session, QWidget* parent = nullptr);

    RecordModel<client::api::Chat>* model() const { return m_model; }
    RecordTable* table() const { return m_table; }
    QComboBox* botChoice() const { return m_bot; }
    Transcript* transcript() const { return m_transcript; }

    /// Writes the server's export of what the filters select to `path`, readable by the owner only (signal
    /// `exported`).
    void exportSelection(const QString& path, client::api::ExportFormat format);
    /// Writes the selected chat's export to `path`.
    void exportChat(const QString& path, client::api::ExportFormat format);

signals:
    /// The selected chat's transcript is shown.
    void transcriptShown();
    /// An export was written (empty error) or failed.
    void exported(const QString& error);

protected:
    void load() override;
    void clear() override;

private:
    void loadChats();
    void showTranscript();
    void showMessages(const std::vector<client::api::Message>& messages);
    void applyDateFilter();
    void chooseExportFile(bool wholeSelection);
    void writeExport(const QString& path, std::function<client::Result<std::string>(client::api::ApiClient&)> fetch);
    QString botName(const client::api::BotId& id) const;

    RecordModel<client::api::Chat>* m_model;
    RecordTable* m_table;
    QComboBox* m_bot;
    QCheckBox* m_limitDays;
    QDateEdit* m_from;
    QDateEdit* m_to;
    Transcript* m_transcript;
    QAction* m_exportAll;
    QAction* m_exportOne;
    std::vector<client::api::BotProfile> m_bots;
    std::vector<client::api::Chat> m_loaded; ///< every chat of the chosen bot; the model holds the days asked for
};

} // namespace ragdesk::ui
