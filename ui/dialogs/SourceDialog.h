#pragma once

#include "FormDialog.h"

#include "ragdesk/client/api/Ids.h"

class QPlainTextEdit;

namespace ragdesk::ui {

/// Adds knowledge to a bot and starts its ingestion: a text (pasted), a web page (its URL), or a batch of web pages
/// (one URL a line, created as a parent with children and ingested together).
class SourceDialog : public FormDialog {
    Q_OBJECT

public:
    enum class Kind { Text, Url, UrlBatch };
    SourceDialog(
        ApiSession* session, Kind kind, client::api::BotId bot, const QString& botName, QWidget* parent = nullptr);

    QLineEdit* nameEdit() const { return m_name; }
    /// The URL (Url), the text (Text) or the URLs (UrlBatch).
    QPlainTextEdit* contentEdit() const { return m_content; }

protected:
    void submit() override;

private:
    Kind m_kind;
    client::api::BotId m_bot;
    QLineEdit* m_name;
    QLineEdit* m_description;
    QPlainTextEdit* m_content;
};

} // namespace ragdesk::ui
