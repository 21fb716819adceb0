#include "ChatPlaygroundPage.h"

#include "bridge/ApiSession.h"
#include "bridge/PrivateFile.h"
#include "chat/ChatPane.h"
#include "widgets/Actions.h"
#include "widgets/ErrorBanner.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace ragdesk::ui {

ChatPlaygroundPage::ChatPlaygroundPage(ApiSession* session, QSettings* settings, QWidget* parent)
    : AdminPage(session, tr("Chat playground"), parent),
      m_panes{new ChatPane(session, settings, this), new ChatPane(session, settings, this)},
      m_split(new QSplitter(Qt::Horizontal, this)),
      m_question(new QPlainTextEdit(this)),
      m_send(new QPushButton(tr("Send"), this)),
      m_sendAction(addPageAction(
          this, tr("&Send"), QKeySequence(Qt::CTRL | Qt::Key_Return), tr("Ask the question in every pane shown"))),
      m_stop(addPageAction(this, tr("S&top"), QKeySequence(Qt::Key_Escape),
          tr("Stop every answer streaming (a stopped answer is not saved on the server)"))),
      m_compare(addPageAction(this, tr("&Compare two bots"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
          tr("Ask two bots the same question side by side"))),
      m_edit(addPageAction(this, tr("&Edit last question"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
          tr("Put the last question back in the box; sending it replaces its turn"))),
      m_newChat(addPageAction(this, tr("&New chat"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
          tr("Start a new conversation in every pane"))),
      m_export(addPageAction(this, tr("E&xport session…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
          tr("Save this session's questions, answers, sources and metrics as Markdown or JSON")))
{
    m_compare->setCheckable(true);
    toolbar()->addActions({m_newChat, m_compare, m_edit, m_stop, m_export});
    for (ChatPane* pane : m_panes) {
        m_split->addWidget(pane);
        connect(pane, &ChatPane::answerEnded, this, &ChatPlaygroundPage::updateActions);
        connect(pane, &ChatPane::failed, banner(), &ErrorBanner::showError);
        connect(pane, &ChatPane::showSourceRequested, this, &ChatPlaygroundPage::showSourceRequested);
    }
    m_panes[1]->hide();
    content()->addWidget(m_split, 1);

    m_question->setPlaceholderText(tr("Ask the bot… (Ctrl+Enter sends)"));
    m_question->setTabChangesFocus(true);
    m_question->setFixedHeight(m_question->fontMetrics().lineSpacing() * 4 + 12);
    m_send->setDefault(true);
    m_send->setToolTip(m_sendAction->toolTip());
    auto* ask = new QHBoxLayout;
    ask->addWidget(m_question, 1);
    ask->addWidget(m_send, 0, Qt::AlignBottom);
    content()->addLayout(ask);

    connect(m_send, &QPushButton::clicked, this, &ChatPlaygroundPage::send);
    connect(m_sendAction, &QAction::triggered, this, &ChatPlaygroundPage::send);
    connect(m_stop, &QAction::triggered, this, [this] {
        for (ChatPane* pane : m_panes) {
            pane->stop();
        }
    });
    connect(m_compare, &QAction::toggled, this, &ChatPlaygroundPage::setCompare);
    connect(m_edit, &QAction::triggered, this, &ChatPlaygroundPage::editLastQuestion);
    connect(m_newChat, &QAction::triggered, this, [this] {
        m_replaceLast = false;
        for (ChatPane* pane : m_panes) {
            pane->newChat();
        }
        updateActions();
    });
    connect(m_export, &QAction::triggered, this, &ChatPlaygroundPage::chooseExportFile);
    connect(m_question, &QPlainTextEdit::textChanged, this, &ChatPlaygroundPage::updateActions);
    setCompare(false);
}

QList<ChatPane*> ChatPlaygroundPage::shownPanes() const
{
    return m_compare->isChecked() ? QList<ChatPane*>{m_panes[0], m_panes[1]} : QList<ChatPane*>{m_panes[0]};
}

void ChatPlaygroundPage::load()
{
    loadBots([this](const std::vector<client::api::BotProfile>& bots) {
        // Active bots are the ones worth asking: the newest first, and the next one on the right.
        std::vector<size_t> active;
        for (size_t index = 0; index < bots.size(); ++index) {
            if (bots[index].isActive) {
                active.push_back(index);
            }
        }
        m_panes[0]->setBots(bots, active.empty() ? 0 : active[0]);
        m_panes[1]->setBots(bots, active.size() > 1 ? active[1] : (active.empty() ? 0 : active[0]));
        session()->run<client::api::Pricing>(
            this, [](client::api::ApiClient& api, const TaskContext&) { return api.stats().pricing(); },
            [this](client::Result<client::api::Pricing> pricing) {
                // Without prices the answers show their tokens, not their cost.
                for (ChatPane* pane : m_panes) {
                    pane->setPricing(pricing ? std::optional(*pricing) : std::nullopt);
                }
                loadFinished(tr("load the bots"), nullptr);
                updateActions();
            });
    });
}

void ChatPlaygroundPage::clear()
{
    for (ChatPane* pane : m_panes) {
        pane->clear();
    }
    m_replaceLast = false;
    updateActions();
}

void ChatPlaygroundPage::send()
{
    const QString question = m_question->toPlainText().trimmed();
    const QList<ChatPane*> panes = shownPanes();
    if (question.isEmpty() || std::any_of(panes.begin(), panes.end(), [](ChatPane* pane) { return pane->running(); })) {
        return;
    }
    for (ChatPane* pane : panes) {
        if (m_replaceLast) {
            pane->askAgain(question);
        } else {
            pane->ask(question);
        }
    }
    m_replaceLast = false;
    m_question->clear();
    updateActions();
}

void ChatPlaygroundPage::setCompare(bool on)
{
    if (m_compare->isChecked() != on) {
        m_compare->setChecked(on); // toggled calls back here
        return;
    }
    m_panes[1]->setVisible(on);
    for (ChatPane* pane : m_panes) {
        pane->setSourcesBeside(!on); // side by side, each pane's sources go under its transcript
    }
    m_split->setSizes({1000, on ? 1000 : 0});
    updateActions();
}

void ChatPlaygroundPage::editLastQuestion()
{
    ChatPane* first = m_panes[0];
    if (first->running() || first->turns().empty()) {
        return;
    }
    m_question->setPlainText(first->turns().back().question);
    m_question->setFocus();
    m_question->moveCursor(QTextCursor::End);
    m_replaceLast = true;
}

void ChatPlaygroundPage::updateActions()
{
    const QList<ChatPane*> panes = shownPanes();
    const bool busy = std::any_of(panes.begin(), panes.end(), [](ChatPane* pane) { return pane->running(); });
    const bool asked = std::any_of(panes.begin(), panes.end(), [](ChatPane* pane) { return !pane->turns().empty(); });
    const bool canSend = !busy && !m_question->toPlainText().trimmed().isEmpty();
    m_send->setEnabled(canSend);
    m_sendAction->setEnabled(canSend);
    m_stop->setEnabled(busy);
    m_edit->setEnabled(!busy && asked);
    m_export->setEnabled(asked);
    m_send->setText(m_replaceLast ? tr("Send again") : tr("Send"));
}

void ChatPlaygroundPage::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the session"),
        QStringLiteral("playground-%1.md").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"))),
        tr("Markdown (*.md);;JSON (*.json)"));
    if (!path.isEmpty()) {
        exportSession(path);
    }
}

void ChatPlaygroundPage::exportSession(const QString& path)
{
    const QString stack = session()->stack() ? QString::fromStdString(session()->stack()->name) : QString();
    const QString when = QDateTime::currentDateTime().toString(Qt::ISODate);
    QByteArray bytes;
    if (path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)) {
        QJsonArray panes;
        for (ChatPane* pane : shownPanes()) {
            panes.append(pane->toJson());
        }
        bytes = QJsonDocument(QJsonObject{{QStringLiteral("stack"), stack}, {QStringLiteral("exported_at"), when},
                                  {QStringLiteral("panes"), panes}})
                    .toJson();
    } else {
        QString markdown = tr("# Chat playground: %1, %2\n\n").arg(stack, when);
        for (ChatPane* pane : shownPanes()) {
            markdown += pane->toMarkdown();
        }
        bytes = markdown.toUtf8();
    }
    const QString error = writePrivateFile(path, bytes);
    if (!error.isEmpty()) {
        banner()->showError(error);
    }
    emit exported(error);
}

} // namespace ragdesk::ui
