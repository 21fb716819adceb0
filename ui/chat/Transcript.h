#pragma once

#include <QString>
#include <QStringView>
#include <QTextBrowser>

#include <memory>
#include <vector>

class QTextBlock;
class QToolButton;

namespace ragdesk::ui {

class StreamingMarkdown;

/// A conversation as it streams: each turn is the question, the answer rendered incrementally as Markdown (see
/// StreamingMarkdown) and a grey footer line (outcome, metrics). Links open in the browser only when clicked, and
/// only web and mail links; a code block under the mouse shows a Copy button for its code.
class Transcript : public QTextBrowser {
    Q_OBJECT

public:
    explicit Transcript(QWidget* parent = nullptr);
    ~Transcript() override;

    /// Starts a turn: the question, then an empty answer that streams under it.
    void beginTurn(const QString& question);
    /// Adds streamed text of the open answer and draws it (the caller coalesces per frame).
    void appendAnswer(QStringView text);
    /// Ends the open answer with its footer.
    void endTurn(const QString& footer);
    /// A turn that is already over (a continued chat's history), shown whole.
    void addFinishedTurn(const QString& question, const QString& answer, const QString& footer);
    /// Removes the last turn (regenerate, edit and resend, retry).
    void removeLastTurn();
    /// Empties the transcript.
    void reset();

    /// The code of the code block at this point of the viewport; empty if there is none.
    QString codeAt(const QPoint& point) const;
    /// The button shown over the code block under the mouse.
    QToolButton* copyCodeButton() const { return m_copyCode; }

signals:
    /// A code block's code was copied to the clipboard.
    void codeCopied(const QString& code);

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void openLink(const QUrl& url);
    void showCopyButton(const QPoint& point);
    /// The code of the code block at this viewport point and its first line; empty if there is none.
    QString codeBlockAt(const QPoint& point, QTextBlock* first) const;

    std::unique_ptr<StreamingMarkdown> m_answer; ///< the open answer's renderer; null between turns
    std::vector<int> m_turnStarts; ///< document position of each turn's question
    QToolButton* m_copyCode;
    QString m_hoveredCode;
};

} // namespace ragdesk::ui
