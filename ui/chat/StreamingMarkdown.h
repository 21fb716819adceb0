#pragma once

#include <QString>
#include <QStringView>

class QTextDocument;

namespace ragdesk::ui {

/// Renders a Markdown answer into a document while it streams, at a cost per token that does not grow with the
/// answer: top-level blocks whose end can no longer change are parsed once and appended; only the open tail block
/// is parsed again at each render(). The finished result equals a one-shot QTextDocument::setMarkdown of the whole
/// text. The caller coalesces tokens with append() and calls render() at most once per frame.
class StreamingMarkdown {
public:
    /// Renders at the end of `document`, after what it holds now (earlier turns of a transcript stay as they are).
    explicit StreamingMarkdown(QTextDocument* document);

    /// Adds streamed text; nothing is drawn until render().
    void append(QStringView text);
    /// Brings the document up to the text appended so far.
    void render();
    /// The answer ended: what was open is final too.
    void finish();

    /// The Markdown received so far (what "copy as Markdown" copies).
    const QString& source() const { return m_source; }

private:
    /// Where the finished blocks of the text not yet final end (an index into m_source), or m_done if none.
    qsizetype finishedEnd() const;
    /// Parses `markdown` on its own and appends the result as new blocks after what the document holds; returns
    /// the position where they start.
    int appendRendered(const QString& markdown);
    void removeTail();

    QTextDocument* m_document;
    QString m_source;
    qsizetype m_done = 0; ///< m_source[0, m_done) is rendered as finished blocks
    int m_tailFrom = -1; ///< the document position where the open tail's rendering starts; -1: none shown
    bool m_openBlock = false; ///< the last block is the one a removed tail left, empty: the next render lands there
    bool m_pending = false; ///< text arrived since the last render
};

} // namespace ragdesk::ui
