#include "SourceDialog.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>

namespace ragdesk::ui {
namespace {

QString title(SourceDialog::Kind kind, const QString& bot)
{
    switch (kind) {
    case SourceDialog::Kind::Text:
        return QObject::tr("Add text to %1").arg(bot);
    case SourceDialog::Kind::Url:
        return QObject::tr("Add a web page to %1").arg(bot);
    case SourceDialog::Kind::UrlBatch:
        return QObject::tr("Add web pages to %1").arg(bot);
    }
    return {};
}

} // namespace

SourceDialog::SourceDialog(
    ApiSession* session, Kind kind, client::api::BotId bot, const QString& botName, QWidget* parent)
    : FormDialog(session, title(kind, botName), parent),
      m_kind(kind),
      m_bot(std::move(bot)),
      m_content(new QPlainTextEdit(this))
{
    m_name = addLine(tr("&Name"), {"name"}, kind == Kind::UrlBatch ? tr("docs site") : tr("pricing FAQ"));
    m_description = addLine(tr("&Description"), {"description"});
    m_content->setTabChangesFocus(true);
    switch (kind) {
    case Kind::Text:
        m_content->setPlaceholderText(tr("The text the bot should know"));
        form()->addRow(tr("&Text"), m_content);
        errors().addField(form(), {"content"});
        break;
    case Kind::Url:
        m_content->setPlaceholderText(tr("https://example.com/page"));
        m_content->setMaximumHeight(m_content->fontMetrics().height() * 3);
        form()->addRow(tr("&URL"), m_content);
        errors().addField(form(), {"config", "config.url"});
        break;
    case Kind::UrlBatch:
        m_content->setPlaceholderText(tr("One URL a line"));
        form()->addRow(tr("&URLs"), m_content);
        errors().addField(form(), {"children"});
        break;
    }
}

void SourceDialog::submit()
{
    const std::string name = m_name->text().trimmed().toStdString();
    const std::string description = m_description->text().trimmed().toStdString();
    const std::optional<std::string> describedAs = description.empty() ? std::nullopt : std::optional(description);
    const std::string content = m_content->toPlainText().trimmed().toStdString();
    if (m_kind == Kind::UrlBatch) {
        client::api::SourceBatchDraft batch{.botProfileId = m_bot,
            .name = name,
            .description = describedAs,
            .type = client::api::SourceType::Url,
            .children = {}};
        for (const QString& line : m_content->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const std::string url = line.trimmed().toStdString();
            if (!url.empty()) {
                batch.children.push_back({.name = url,
                    .type = client::api::SourceType::Url,
                    .description = std::nullopt,
                    .configJson = client::api::urlSourceConfig(url),
                    .content = std::nullopt});
            }
        }
        send<client::Done>([batch](client::api::ApiClient& api) -> client::Result<client::Done> {
            auto created = api.sources().createBatch(batch);
            if (!created) {
                return created.error();
            }
            auto queued = api.sources().ingestChildren(created->parent.id);
            return queued ? client::Result<client::Done>(client::Done{}) : client::Result<client::Done>(queued.error());
        });
        return;
    }
    client::api::SourceDraft draft{.botProfileId = m_bot,
        .name = name,
        .type = m_kind == Kind::Text ? client::api::SourceType::Text : client::api::SourceType::Url,
        .description = describedAs,
        .configJson = m_kind == Kind::Url ? std::optional(client::api::urlSourceConfig(content)) : std::nullopt,
        .content = m_kind == Kind::Text ? std::optional(content) : std::nullopt,
        .parentId = std::nullopt,
        .refreshSchedule = std::nullopt};
    send<client::Done>([draft](client::api::ApiClient& api) -> client::Result<client::Done> {
        auto created = api.sources().create(draft);
        if (!created) {
            return created.error();
        }
        return api.sources().ingest(created->id);
    });
}

} // namespace ragdesk::ui
