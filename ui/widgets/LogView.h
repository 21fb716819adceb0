#pragma once

#include "ragdesk/client/ops/logs/LogBuffer.h"

#include <QAbstractScrollArea>

class QPainter;

#include <optional>
#include <vector>

namespace ragdesk::ui {

/// A log view built for volume: a scroll area that paints only the rows in sight, straight from a LogBuffer (never a
/// QListView, whose cost per insert grows with the total). A row is the line's time, its source's name in the
/// source's colour and its text with the terminal colours the parser kept (StyleSpans); warnings and errors are
/// tinted. Text is only ever drawn: escapes were removed by the parser, bidirectional overrides are shown as their
/// code, and rows are laid out left to right whatever they hold; of a long line only what is in sight is drawn. The
/// rows are the whole buffer or the ids a filter chose. Scrolled to the bottom, the view follows new lines.
class LogView : public QAbstractScrollArea {
    Q_OBJECT

public:
    explicit LogView(QWidget* parent = nullptr);

    /// The buffer to show (not owned; null shows nothing).
    void setBuffer(const client::ops::LogBuffer* buffer);
    /// Shows only these lines (ids in order, kept by the caller, who calls rowsChanged when they change), or every
    /// line of the buffer when null.
    void setRows(const std::vector<client::ops::LogLineId>* ids);
    /// The rows given to setRows changed. The lines in sight stay in sight, unless the view follows the end.
    void rowsChanged();
    /// The buffer changed: `prepended` lines came before the first (history), others may have been appended or
    /// evicted. The lines in sight stay in sight, unless the view follows the end.
    void bufferChanged(size_t prepended = 0);

    size_t rowCount() const;
    /// The line of a row.
    std::optional<client::ops::LogLine> lineAt(size_t row) const;
    /// The row the last paint drew at height y of the viewport.
    std::optional<size_t> rowAt(int y) const;
    /// The first row in sight.
    size_t firstVisibleRow() const;
    /// Scrolled to the last line: new lines scroll into sight.
    bool followsEnd() const;
    void scrollToEnd();
    /// The selected rows as text, one per line ("time source | text"); all rows in sight when none is selected.
    QString selectedText() const;
    /// Long lines wrap at the view's width (up to 50 screen lines each) instead of scrolling sideways.
    void setWrap(bool wrap);
    bool wraps() const { return m_wrap; }
    /// Marks the matches of this filter's text in the rows drawn; nullopt marks nothing.
    void setHighlight(std::optional<client::ops::LogMatcher> matcher);
    /// The line of the row last clicked or shown by showLine, else the line at the top.
    std::optional<client::ops::LogLineId> currentLine() const;
    /// Selects a line and scrolls it into sight, mid-view when it was out of sight; false when it is not a row.
    bool showLine(client::ops::LogLineId id);
    /// Shows the first row at or after a time (the rows are in time order), or the last row when all are older;
    /// false when there are no rows.
    bool showTime(client::ops::ContainerTime time);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    /// A row placed on screen by the last paint: its top and how many screen lines it takes.
    struct Placed {
        size_t row;
        int top;
        int lines;
    };
    /// Where the rows in sight go: from the top row down, or, following the end with wrapped rows, from the last
    /// row up.
    void placeRows();
    /// Draws bytes [from, to) of a line's text at `at` (top left), its styles and the matches among `hits`;
    /// returns the x reached.
    int paintText(QPainter& painter, const client::ops::LogLine& line, const std::vector<client::ops::TextRange>& hits,
        size_t from, size_t to, QPoint at) const;
    /// The width of text drawn in the view's font, or in face.
    int advanceOf(const QString& text, const QFont* face = nullptr) const;
    /// The x where the text column begins (after the time and the widest source name).
    int textColumn() const;
    /// Characters per screen line of wrapped text.
    size_t wrapColumns() const;
    /// Screen lines the line takes.
    int linesOf(const client::ops::LogLine& line) const;
    void updateScrollRange();
    /// After the rows changed: back at the end when the view followed it, else the same line at the top.
    void keepInSight(bool following, std::optional<client::ops::LogLineId> top);
    int rowHeight() const;
    /// The buffer index of a row.
    std::optional<size_t> indexOf(size_t row) const;
    /// The row showing a line, or the nearest after it.
    size_t rowOfLine(client::ops::LogLineId id) const;

    const client::ops::LogBuffer* m_buffer = nullptr;
    const std::vector<client::ops::LogLineId>* m_ids = nullptr;
    std::optional<size_t> m_anchor; ///< where a selection started
    std::optional<size_t> m_cursor; ///< where it ends (the row last clicked)
    std::optional<client::ops::LogLineId> m_topLine; ///< the line at the top, kept in sight when lines come or go
    std::optional<client::ops::LogMatcher> m_highlight;
    bool m_wrap = false;
    bool m_fixedPitch = false; ///< the font's characters are all as wide
    qreal m_characterWidth = 0; ///< of one character, when fixed pitch
    std::vector<Placed> m_placed; ///< by the last paint, top to bottom
    int m_widest = 0; ///< the widest row drawn so far, for the horizontal range
};

} // namespace ragdesk::ui
