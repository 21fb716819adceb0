#pragma once

#include "AdminPage.h"

#include <array>

class QAction;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QSplitter;

namespace ragdesk::ui {

class ChatPane;

/// Live chat testing: a question asked to one bot, or to two side by side (Compare), each answer streaming with its
/// sources, phase and metrics (see ChatPane). Ctrl+Enter sends, Esc stops every answer; the last question can be
/// edited and sent again in place of its turn; the session exports as Markdown or JSON.
class ChatPlaygroundPage : public AdminPage {
    Q_OBJECT

public:
    ChatPlaygroundPage(ApiSession* session, QSettings* settings, QWidget* parent = nullptr);

    /// The left pane (0), and the right one (1) shown while comparing.
    ChatPane* pane(int index) const { return m_panes.at(static_cast<size_t>(index)); }
    QPlainTextEdit* question() const { return m_question; }
    QAction* compareAction() const { return m_compare; }
    QAction* editAction() const { return m_edit; }

    /// Asks the question box's text in every shown pane (in place of the last turn after Edit).
    void send();
    /// Shows the second pane beside the first, or hides it.
    void setCompare(bool on);
    /// Writes the session (every shown pane's turns) to `path`, owner-readable: JSON when the name ends in .json,
    /// Markdown otherwise (signal `exported`).
    void exportSession(const QString& path);

signals:
    /// An export was written (empty error) or failed.
    void exported(const QString& error);
    /// A source of an answer was double-clicked: the window shows it on the Sources page.
    void showSourceRequested(const QString& botId, const QString& sourceId);

protected:
    void load() override;
    void clear() override;

private:
    QList<ChatPane*> shownPanes() const;
    void updateActions();
    void editLastQuestion();
    void chooseExportFile();

    std::array<ChatPane*, 2> m_panes;
    QSplitter* m_split;
    QPlainTextEdit* m_question;
    QPushButton* m_send;
    QAction* m_sendAction;
    QAction* m_stop;
    QAction* m_compare;
    QAction* m_edit;
    QAction* m_newChat;
    QAction* m_export;
    bool m_replaceLast = false; ///< the question box holds the last question, edited: Send replaces its turn
};

} // namespace ragdesk::ui
