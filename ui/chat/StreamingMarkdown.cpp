#include "StreamingMarkdown.h"

#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextTable>

namespace ragdesk::ui {
namespace {

/// The run of '`' or '~' (three or more) that opens or closes a fenced code block, or 0.
qsizetype fenceRun(QStringView line, QChar* fence)
{
    qsizetype indent = 0;
    while (indent < line.size() && line[indent] == QLatin1Char(' ')) {
        ++indent;
    }
    if (indent > 3 || indent >= line.size() || (line[indent] != QLatin1Char('`') && line[indent] != QLatin1Char('~'))) {
        return 0;
    }
    const QChar marker = line[indent];
    qsizetype run = 0;
    while (indent + run < line.size() && line[indent + run] == marker) {
        ++run;
    }
    if (run < 3) {
        return 0;
    }
    *fence = marker;
    return run;
}

/// A line after a blank line where the text before it can be rendered on its own: not indented (a list item's next
/// paragraph), no list item (a loose list's next item), and no table or rule (a fragment that starts with one brings
/// an empty block of its own). A partial line is judged once enough of it is there.
bool startsAnotherBlock(QStringView line, bool complete)
{
    if (!complete && line.size() < 12) {
        return false; // "1" may still become "1. item"
    }
    const QChar first = line.front();
    if (first == QLatin1Char(' ') || first == QLatin1Char('\t') || first == QLatin1Char('|') ||
        first == QLatin1Char('_')) {
        return false;
    }
    if (line.startsWith(u"---") || line.startsWith(u"***") || line.startsWith(u"* *") || line.startsWith(u"- -")) {
        return false;
    }
    if ((first == QLatin1Char('-') || first == QLatin1Char('*') || first == QLatin1Char('+')) &&
        (line.size() == 1 || line[1] == QLatin1Char(' ') || line[1] == QLatin1Char('\t'))) {
        return false;
    }
    qsizetype digits = 0;
    while (digits < line.size() && digits < 10 && line[digits].isDigit()) {
        ++digits;
    }
    const bool orderedItem = digits > 0 && digits < line.size() &&
        (line[digits] == QLatin1Char('.') || line[digits] == QLatin1Char(')')) &&
        (digits + 1 == line.size() || line[digits + 1] == QLatin1Char(' '));
    return !orderedItem;
}

/// Gives a block the block and character format it had in the scratch document it was rendered in, unless it is a
/// list item (its format names a list of that document) or a table cell.
void restoreFormat(const QTextBlock& block, const QTextBlock& rendered)
{
    if (rendered.textList() || QTextCursor(rendered).currentTable()) {
        return;
    }
    QTextCursor cursor(block);
    cursor.setBlockFormat(rendered.blockFormat());
    cursor.setBlockCharFormat(rendered.charFormat());
}

} // namespace

StreamingMarkdown::StreamingMarkdown(QTextDocument* document) : m_document(document)
{
    // Each render replaces the tail: an undo stack would keep every version of it.
    m_document->setUndoRedoEnabled(false);
}

void StreamingMarkdown::append(QStringView text)
{
    if (!text.isEmpty()) {
        m_source.append(text);
        m_pending = true;
    }
}

void StreamingMarkdown::render()
{
    if (!m_pending) {
        return;
    }
    m_pending = false;
    removeTail();
    if (const qsizetype end = finishedEnd(); end > m_done) {
        appendRendered(m_source.mid(m_done, end - m_done));
        m_done = end;
    }
    if (m_done < m_source.size()) {
        m_tailFrom = appendRendered(m_source.mid(m_done));
    }
}

void StreamingMarkdown::finish()
{
    removeTail();
    if (m_done < m_source.size()) {
        appendRendered(m_source.mid(m_done));
        m_done = m_source.size();
    }
    m_pending = false;
}

qsizetype StreamingMarkdown::finishedEnd() const
{
    qsizetype end = m_done;
    QChar fence;
    qsizetype fenceLength = 0; // > 0 inside a fenced code block
    bool fenceAtTop = false; // that code block is not indented (not inside a list item)
    bool content = false; // a non-blank line since the last boundary
    bool blank = false; // a blank line after that content
    for (qsizetype lineStart = m_done; lineStart < m_source.size();) {
        const qsizetype newline = m_source.indexOf(QLatin1Char('\n'), lineStart);
        const bool complete = newline >= 0;
        const QStringView line =
            QStringView(m_source).mid(lineStart, (complete ? newline : m_source.size()) - lineStart);
        const qsizetype next = complete ? newline + 1 : m_source.size();
        if (fenceLength > 0) {
            QChar closing;
            const qsizetype run = complete ? fenceRun(line, &closing) : 0;
            if (run >= fenceLength && closing == fence && line.trimmed().size() == run) {
                fenceLength = 0;
                if (fenceAtTop) {
                    end = next; // the code block is finished with its closing line
                    content = false;
                }
                // else it was part of a list item, whose list may go on with the next line
                blank = false;
            }
        } else if (line.trimmed().isEmpty()) {
            if (!complete) {
                break;
            }
            blank = content;
        } else {
            if (blank && startsAnotherBlock(line, complete)) {
                end = lineStart; // what came before the blank line can no longer change
            }
            if (!complete) {
                break;
            }
            fenceLength = fenceRun(line, &fence);
            fenceAtTop = !line.startsWith(QLatin1Char(' '));
            content = true;
            blank = false;
        }
        lineStart = next;
    }
    return end;
}

int StreamingMarkdown::appendRendered(const QString& markdown)
{
    QTextDocument scratch;
    scratch.setMarkdown(markdown);
    QTextCursor cursor(m_document);
    cursor.movePosition(QTextCursor::End);
    // The fragment lands in a plain block: a new one after what is there, or the one the removed tail left.
    if (m_openBlock || m_document->characterCount() == 1) {
        cursor.setBlockFormat(QTextBlockFormat());
        cursor.setBlockCharFormat(QTextCharFormat());
    } else {
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    }
    m_openBlock = false;
    int start = cursor.position();
    cursor.insertFragment(QTextDocumentFragment(&scratch));
    const QTextBlock landed = m_document->findBlock(start);
    if (start > 0 && landed.length() == 1 && scratch.firstBlock().length() > 1) {
        // A fragment that starts with a list goes in after the block it lands in, leaving that block empty: drop it.
        QTextCursor empty(m_document);
        empty.setPosition(start);
        empty.deletePreviousChar();
    }
    // An inserted fragment's first and last blocks take the format of the block they land in: give them back their
    // own (a heading, a code line or a rule would otherwise turn plain).
    restoreFormat(m_document->findBlock(start), scratch.firstBlock());
    restoreFormat(m_document->lastBlock(), scratch.lastBlock());
    return start;
}

void StreamingMarkdown::removeTail()
{
    if (m_tailFrom < 0) {
        return;
    }
    // From the tail's first block on, keeping that block (empty): the finished block before it stays untouched.
    QTextCursor tail(m_document);
    tail.setPosition(m_tailFrom);
    tail.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    tail.removeSelectedText();
    m_tailFrom = -1;
    m_openBlock = true;
}

} // namespace ragdesk::ui
