#include "ChatHistoryPage.h"

#include "bridge/ApiSession.h"
#include "bridge/PrivateFile.h"
#include "chat/Transcript.h"
#include "widgets/Actions.h"
#include "widgets/BotChoice.h"
#include "widgets/ErrorBanner.h"
#include "widgets/RecordTable.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

using client::api::Chat;
using client::api::Message;

constexpr int kPageSize = 100; // the server's largest page
constexpr int kMostChats = 10'000; // a bound on what one load reads

/// Under an answer: when, its tokens, its feedback.
QString answerFooter(const Message& answer)
{
    QString footer = QObject::tr("%1 · %2 prompt + %3 completion tokens")
                         .arg(localTimeText(answer.createdAt))
                         .arg(answer.promptTokens)
                         .arg(answer.completionTokens);
    if (answer.feedback) {
        footer += *answer.feedback == client::api::Feedback::Positive ? QObject::tr(" · 👍 helpful")
                                                                      : QObject::tr(" · 👎 not helpful");
    }
    return footer;
}

} // namespace

ChatHistoryPage::ChatHistoryPage(ApiSession* session, QWidget* parent)
    : AdminPage(session, tr("Chat history"), parent),
      m_model(new RecordModel<Chat>(
          {
              {tr("Title"), [](const Chat& chat) { return qs(chat.title); }},
              {tr("Bot"), [this](const Chat& chat) { return botName(chat.botProfileId); }},
              {tr("Messages"), [](const Chat& chat) { return chat.messageCount; },
                  [](const Chat& chat) { return chat.messageCount; }},
              {tr("Tokens"),
                  [](const Chat& chat) {
                      return QLocale().toString(
                          static_cast<qlonglong>(chat.totalPromptTokens + chat.totalCompletionTokens));
                  },
                  [](const Chat& chat) {
                      return static_cast<qlonglong>(chat.totalPromptTokens + chat.totalCompletionTokens);
                  }},
              {tr("Started"), [](const Chat& chat) { return localTimeText(chat.createdAt); },
                  [](const Chat& chat) { return static_cast<qint64>(chat.createdAt.time_since_epoch().count()); }},
              {tr("Last message"), [](const Chat& chat) { return localTimeText(chat.updatedAt); },
                  [](const Chat& chat) { return static_cast<qint64>(chat.updatedAt.time_since_epoch().count()); }},
          },
          [](const Chat& chat) { return qs(chat.id.str()); }, this)),
      m_table(new RecordTable(m_model, tr("Filter by title or bot"), this)),
      m_bot(new QComboBox(this)),
      m_limitDays(new QCheckBox(tr("Started &between"), this)),
      m_from(new QDateEdit(QDate::currentDate().addDays(-30), this)),
      m_to(new QDateEdit(QDate::currentDate(), this)),
      m_transcript(new Transcript(this)),
      m_exportAll(addPageAction(this, tr("&Export chats…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
          tr("Save the server's export of the chats the filters select (CSV or JSON, at most 1,000)"))),
      m_exportOne(addPageAction(this, tr("Export &this chat…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X),
          tr("Save the selected chat as the server exports it")))
{
    toolbar()->addActions({m_exportAll, m_exportOne});
    for (QDateEdit* day : {m_from, m_to}) {
        day->setCalendarPopup(true);
        day->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        day->setEnabled(false);
    }
    auto* filters = new QHBoxLayout;
    auto* botLabel = new QLabel(tr("&Bot"), this);
    botLabel->setBuddy(m_bot);
    m_bot->setMinimumContentsLength(20);
    filters->addWidget(botLabel);
    filters->addWidget(m_bot);
    filters->addSpacing(16);
    filters->addWidget(m_limitDays);
    filters->addWidget(m_from);
    filters->addWidget(new QLabel(tr("and"), this));
    filters->addWidget(m_to);
    filters->addStretch(1);
    content()->addLayout(filters);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_transcript);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({600, 400});
    content()->addWidget(split, 1);
    m_transcript->setPlaceholderText(tr("Select a chat to read its transcript."));
    m_table->view()->sortByColumn(5, Qt::DescendingOrder);

    connect(m_bot, &QComboBox::activated, this, &ChatHistoryPage::loadChats);
    connect(m_limitDays, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
        applyDateFilter();
    });
    connect(m_from, &QDateEdit::dateChanged, this, &ChatHistoryPage::applyDateFilter);
    connect(m_to, &QDateEdit::dateChanged, this, &ChatHistoryPage::applyDateFilter);
    connect(m_table, &RecordTable::selectionChanged, this, [this] {
        m_exportOne->setEnabled(m_table->selectedRow() >= 0);
        showTranscript();
    });
    connect(m_exportAll, &QAction::triggered, this, [this] { chooseExportFile(true); });
    connect(m_exportOne, &QAction::triggered, this, [this] { chooseExportFile(false); });
    m_exportOne->setEnabled(false);
}

QString ChatHistoryPage::botName(const client::api::BotId& id) const
{
    for (const client::api::BotProfile& bot : m_bots) {
        if (bot.id == id) {
            return qs(bot.name);
        }
    }
    return tr("(deleted bot)");
}

void ChatHistoryPage::clear()
{
    m_bots.clear();
    m_bot->clear();
    m_loaded.clear();
    m_model->setRecords({});
    m_transcript->reset();
}

void ChatHistoryPage::load()
{
    loadBots([this](std::vector<client::api::BotProfile> bots) {
        m_bots = std::move(bots);
        fillBotChoice(m_bot, m_bots, FirstChoice::AllBots);
        loadChats();
    });
}

void ChatHistoryPage::loadChats()
{
    const std::optional<client::api::BotId> botId = chosenBot(m_bot);
    session()->run<std::vector<Chat>>(
        this,
        [botId](client::api::ApiClient& api, const TaskContext& context) -> client::Result<std::vector<Chat>> {
            // Page after page, newest first, until a short page: the API has no count.
            std::vector<Chat> all;
            while (all.size() < static_cast<size_t>(kMostChats)) {
                auto page = api.chats().list(
                    {.botProfileId = botId, .limit = kPageSize, .offset = static_cast<int>(all.size())});
                if (!page) {
                    return page.error();
                }
                all.insert(all.end(), page->begin(), page->end());
                context.progress({all.size(), 0});
                if (page->size() < static_cast<size_t>(kPageSize)) {
                    break;
                }
            }
            return all;
        },
        [this](client::Result<std::vector<Chat>> chats) {
            if (chats) {
                m_loaded = std::move(*chats);
                applyDateFilter();
            }
            loadFinished(tr("load the chats"), chats ? nullptr : &chats.error());
        });
}

void ChatHistoryPage::applyDateFilter()
{
    std::vector<Chat> shown;
    for (const Chat& chat : m_loaded) {
        const QDate day = utcTime(chat.createdAt).date(); // the days the server's export filters by, in UTC
        if (!m_limitDays->isChecked() || (day >= m_from->date() && day <= m_to->date())) {
            shown.push_back(chat);
        }
    }
    m_model->setRecords(std::move(shown));
}

void ChatHistoryPage::showTranscript()
{
    const int row = m_table->selectedRow();
    if (row < 0) {
        m_transcript->reset();
        return;
    }
    const Chat chat = m_model->record(row);
    session()->run<std::vector<Message>>(
        this, [id = chat.id](client::api::ApiClient& api, const TaskContext&) { return api.chats().messages(id); },
        [this, chat](client::Result<std::vector<Message>> messages) {
            const int selected = m_table->selectedRow();
            if (selected < 0 || !(m_model->record(selected).id == chat.id)) {
                return; // another chat was selected meanwhile
            }
            m_transcript->reset();
            if (!messages) {
                m_transcript->setPlainText(failureText(tr("load the transcript"), messages.error()));
            } else {
                showMessages(*messages);
            }
            emit transcriptShown();
        });
}

void ChatHistoryPage::showMessages(const std::vector<Message>& messages)
{
    // Each question with the answer after it, the answers rendered as the playground renders them.
    std::optional<QString> question;
    for (const Message& message : messages) {
        if (message.role == client::api::MessageRole::Assistant) {
            m_transcript->addFinishedTurn(question.value_or(QString()), qs(message.content), answerFooter(message));
            question.reset();
        } else if (message.role == client::api::MessageRole::User) {
            if (question) { // a question the server kept without its answer
                m_transcript->addFinishedTurn(*question, QString(), tr("no answer"));
            }
            question = qs(message.content);
        }
    }
    if (question) {
        m_transcript->addFinishedTurn(*question, QString(), tr("no answer"));
    }
    m_transcript->verticalScrollBar()->setValue(0); // a chat is read from its start
}

void ChatHistoryPage::chooseExportFile(bool wholeSelection)
{
    auto* dialog = new QFileDialog(
        this, wholeSelection ? tr("Export chats") : tr("Export chat"), QString(), tr("CSV (*.csv);;JSON (*.json)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->selectFile(wholeSelection ? QStringLiteral("chats_export.csv") : QStringLiteral("chat.csv"));
    connect(dialog, &QFileDialog::fileSelected, this, [this, dialog, wholeSelection](const QString& path) {
        const auto format =
            dialog->selectedNameFilter().startsWith(QStringLiteral("JSON")) || path.endsWith(QStringLiteral(".json"))
            ? client::api::ExportFormat::Json
            : client::api::ExportFormat::Csv;
        if (wholeSelection) {
            exportSelection(path, format);
        } else {
            exportChat(path, format);
        }
    });
    dialog->open();
}

void ChatHistoryPage::exportSelection(const QString& path, client::api::ExportFormat format)
{
    client::api::ChatExportQuery query{.format = format,
        .botProfileId = std::nullopt,
        .fromDate = std::nullopt,
        .toDate = std::nullopt,
        .limit = 1000};
    query.botProfileId = chosenBot(m_bot);
    if (m_limitDays->isChecked()) {
        query.fromDate = m_from->date().toString(Qt::ISODate).toStdString();
        query.toDate = m_to->date().toString(Qt::ISODate).toStdString();
    }
    writeExport(path, [query](client::api::ApiClient& api) { return api.chats().exportChats(query); });
}

void ChatHistoryPage::exportChat(const QString& path, client::api::ExportFormat format)
{
    const int row = m_table->selectedRow();
    if (row < 0) {
        return;
    }
    writeExport(path, [id = m_model->record(row).id, format](client::api::ApiClient& api) {
        return api.chats().exportChat(id, format);
    });
}

void ChatHistoryPage::writeExport(
    const QString& path, std::function<client::Result<std::string>(client::api::ApiClient&)> fetch)
{
    session()->run<std::string>(
        this, [fetch](client::api::ApiClient& api, const TaskContext&) { return fetch(api); },
        [this, path](client::Result<std::string> body) {
            QString error;
            if (!body) {
                error = failureText(tr("export the chats"), body.error());
                if (body.error().httpStatus >= 500 && m_limitDays->isChecked()) {
                    error += tr(" — MiniRAG on PostgreSQL may fail to filter exports by day (contract §12.18): "
                                "try without the days.");
                }
            } else {
                error = writePrivateFile(path, QByteArray::fromStdString(*body)); // the server's bytes as they came
            }
            if (error.isEmpty()) {
                banner()->clear();
            } else {
                banner()->showError(error);
            }
            emit exported(error);
        });
}

} // namespace ragdesk::ui
