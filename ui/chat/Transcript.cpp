#include "Transcript.h"

#include "StreamingMarkdown.h"

#include <QAbstractTextDocumentLayout>
#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTimer>
#include <QToolButton>

namespace ragdesk::ui {
namespace {

/// A line of a fenced or indented code block, as Qt's Markdown reader marks it.
bool isCode(const QTextBlock& block)
{
    const QTextBlockFormat format = block.blockFormat();
    return block.isValid() &&
        (format.hasProperty(QTextFormat::BlockCodeFence) || format.hasProperty(QTextFormat::BlockCodeLanguage));
}

} // namespace

Transcript::Transcript(QWidget* parent) : QTextBrowser(parent), m_copyCode(new QToolButton(viewport()))
{
    setOpenLinks(false); // a click on a link never navigates the transcript away
    document()->setUndoRedoEnabled(false);
    viewport()->setMouseTracking(true);
    connect(this, &QTextBrowser::anchorClicked, this, &Transcript::openLink);
    m_copyCode->setText(tr("Copy"));
    m_copyCode->setToolTip(tr("Copy this code block"));
    m_copyCode->setCursor(Qt::ArrowCursor);
    m_copyCode->hide();
    connect(m_copyCode, &QToolButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_hoveredCode);
        m_copyCode->setText(tr("Copied"));
        QTimer::singleShot(1500, m_copyCode, [button = m_copyCode] { button->setText(tr("Copy")); });
        emit codeCopied(m_hoveredCode);
    });
}

Transcript::~Transcript() = default;

void Transcript::beginTurn(const QString& question)
{
    m_answer.reset();
    QTextBlockFormat asked;
    QColor bubble = palette().color(QPalette::Highlight);
    bubble.setAlpha(40);
    asked.setBackground(bubble);
    asked.setTopMargin(14);
    asked.setBottomMargin(6);
    QTextCharFormat words;
    words.setFontWeight(QFont::DemiBold);
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (document()->isEmpty()) {
        cursor.setBlockFormat(asked);
        cursor.setBlockCharFormat(words);
    } else {
        cursor.insertBlock(asked, words);
    }
    m_turnStarts.push_back(cursor.block().position());
    // One block however many lines: a question is shown as typed, never read as Markdown.
    cursor.insertText(QString(question).replace(QLatin1Char('\n'), QChar::LineSeparator), words);
    m_answer = std::make_unique<StreamingMarkdown>(document());
}

void Transcript::appendAnswer(QStringView text)
{
    if (!m_answer) {
        return;
    }
    QScrollBar* scroll = verticalScrollBar();
    const bool following = scroll->value() >= scroll->maximum() - 4; // the reader is at the end: stay there
    m_answer->append(text);
    m_answer->render();
    if (following) {
        scroll->setValue(scroll->maximum());
    }
}

void Transcript::endTurn(const QString& footer)
{
    if (m_answer) {
        m_answer->finish();
        m_answer.reset();
    }
    QTextBlockFormat below;
    below.setTopMargin(4);
    below.setBottomMargin(10);
    QTextCharFormat quiet;
    quiet.setForeground(palette().color(QPalette::PlaceholderText));
    quiet.setFontPointSize(std::max(7.0, font().pointSizeF() - 1));
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertBlock(below, quiet);
    cursor.insertText(footer, quiet);
}

void Transcript::addFinishedTurn(const QString& question, const QString& answer, const QString& footer)
{
    beginTurn(question);
    appendAnswer(answer);
    endTurn(footer);
}

void Transcript::removeLastTurn()
{
    m_answer.reset();
    if (m_turnStarts.size() <= 1) {
        reset();
        return;
    }
    QTextCursor cursor(document());
    cursor.setPosition(m_turnStarts.back() - 1); // from the end of the turn before, with the block break
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    m_turnStarts.pop_back();
}

void Transcript::reset()
{
    m_answer.reset();
    m_turnStarts.clear();
    clear();
    document()->setUndoRedoEnabled(false);
}

QString Transcript::codeAt(const QPoint& point) const
{
    QTextBlock first;
    return codeBlockAt(point, &first);
}

QString Transcript::codeBlockAt(const QPoint& point, QTextBlock* first) const
{
    const QTextBlock block = cursorForPosition(point).block();
    const QPoint inDocument = point + QPoint(horizontalScrollBar()->value(), verticalScrollBar()->value());
    if (!isCode(block) || !document()->documentLayout()->blockBoundingRect(block).contains(inDocument)) {
        return {};
    }
    *first = block;
    while (isCode(first->previous())) {
        *first = first->previous();
    }
    QStringList lines;
    for (QTextBlock line = *first; isCode(line); line = line.next()) {
        lines << line.text();
    }
    return lines.join(QLatin1Char('\n'));
}

void Transcript::mouseMoveEvent(QMouseEvent* event)
{
    QTextBrowser::mouseMoveEvent(event);
    showCopyButton(event->position().toPoint());
}

void Transcript::leaveEvent(QEvent* event)
{
    QTextBrowser::leaveEvent(event);
    if (!m_copyCode->underMouse()) {
        m_copyCode->hide();
    }
}

void Transcript::showCopyButton(const QPoint& point)
{
    QTextBlock first;
    const QString code = codeBlockAt(point, &first);
    if (code.isEmpty()) {
        m_copyCode->hide();
        return;
    }
    m_hoveredCode = code;
    const QRectF block = document()->documentLayout()->blockBoundingRect(first).translated(
        -horizontalScrollBar()->value(), -verticalScrollBar()->value());
    m_copyCode->adjustSize();
    const int x = std::min(static_cast<int>(block.right()), viewport()->width()) - m_copyCode->width() - 4;
    m_copyCode->move(std::max(0, x), std::max(0, static_cast<int>(block.top()) + 2));
    m_copyCode->show();
    m_copyCode->raise();
}

void Transcript::openLink(const QUrl& url)
{
    // Web and mail links only: an answer is untrusted text, and file: or custom schemes could start programs.
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https") || scheme == QLatin1String("http") || scheme == QLatin1String("mailto")) {
        QDesktopServices::openUrl(url);
    }
}

} // namespace ragdesk::ui
