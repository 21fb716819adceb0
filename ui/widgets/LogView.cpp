#include "LogView.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFontInfo>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <array>

namespace ragdesk::ui {
namespace {

using client::ops::LogLevel;
using client::ops::LogLine;
using client::ops::StyleSpan;

constexpr int kMargin = 4;
constexpr int kTimeColumns = 13; ///< "12:34:56.789 "
/// A wrapped row takes at most this many screen lines; the rest of a longer line is counted, not drawn.
constexpr size_t kMaxWrappedLines = 50;

/// An xterm palette colour from a StyleSpan colour (index plus one; 0 is the default, never asked here).
QColor terminalColor(uint16_t code)
{
    static constexpr std::array<QRgb, 16> kAnsi{0x000000, 0xcd3131, 0x0dbc79, 0xe5e510, 0x2472c8, 0xbc3fbc, 0x11a8cd,
        0xe5e5e5, 0x666666, 0xf14c4c, 0x23d18b, 0xf5f543, 0x3b8eea, 0xd670d6, 0x29b8db, 0xffffff};
    const int index = code - 1;
    if (index < 16) {
        return QColor(kAnsi[static_cast<size_t>(std::max(index, 0))]);
    }
    if (index < 232) {
        const int cube = index - 16;
        const auto level = [](int step) { return step == 0 ? 0 : 55 + step * 40; };
        return QColor(level(cube / 36), level(cube / 6 % 6), level(cube % 6));
    }
    const int grey = 8 + (index - 232) * 10;
    return QColor(grey, grey, grey);
}

/// A source's colour: distinct hues, the same for a source wherever it is shown.
QColor sourceColor(uint16_t source)
{
    static constexpr std::array<QRgb, 8> kHues{
        0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd, 0xff7f0e, 0x17becf, 0x8c564b, 0xe377c2};
    return QColor(kHues[source % kHues.size()]);
}

/// Bidirectional controls would reorder what follows them on screen: shown as their code instead.
QString inert(QString text)
{
    for (qsizetype at = 0; at < text.size(); ++at) {
        const char16_t c = text.at(at).unicode();
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C) {
            const QString code = QStringLiteral("<U+%1>").arg(int(c), 4, 16, QLatin1Char('0')).toUpper();
            text.replace(at, 1, code);
            at += code.size() - 1;
        }
    }
    return text;
}

/// The byte offset in UTF-8 text of the character `characters` into it (or the end).
size_t byteOfCharacter(std::string_view text, size_t characters)
{
    size_t at = 0;
    for (size_t seen = 0; at < text.size() && seen < characters; ++at) {
        if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80) {
            ++seen;
        }
    }
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) {
        ++at;
    }
    return at;
}

/// The UTF-8 characters of text, counting at most `atMost`.
size_t characterCount(std::string_view text, size_t atMost)
{
    size_t count = 0;
    for (size_t at = 0; at < text.size() && count < atMost; ++at) {
        count += (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
    }
    return count;
}

/// A line's local time as "HH:mm:ss.zzz". The UTC offset is looked up once per hour of time (a repaint sees one or
/// two hours): QDateTime's time-zone conversion for every row was most of a repaint's cost.
class LocalTimeText {
public:
    QString operator()(client::ops::ContainerTime time)
    {
        constexpr int64_t kHourMs = 3'600'000;
        constexpr int64_t kDayMs = 24 * kHourMs;
        const int64_t ms = std::chrono::floor<std::chrono::milliseconds>(time.time_since_epoch()).count();
        const int64_t hour = ms >= 0 ? ms / kHourMs : (ms - kHourMs + 1) / kHourMs;
        if (hour != m_hour) {
            m_hour = hour;
            m_offsetMs = int64_t{QDateTime::fromMSecsSinceEpoch(hour * kHourMs).offsetFromUtc()} * 1000;
        }
        const int64_t ofDay = ((ms + m_offsetMs) % kDayMs + kDayMs) % kDayMs;
        return QString::asprintf("%02d:%02d:%02d.%03d", static_cast<int>(ofDay / kHourMs),
            static_cast<int>(ofDay / 60'000 % 60), static_cast<int>(ofDay / 1000 % 60), static_cast<int>(ofDay % 1000));
    }

private:
    int64_t m_hour = INT64_MIN;
    int64_t m_offsetMs = 0;
};

} // namespace

LogView::LogView(QWidget* parent) : QAbstractScrollArea(parent)
{
    QFont fixed(QStringLiteral("monospace"));
    fixed.setStyleHint(QFont::TypeWriter);
    setFont(fixed);
    m_fixedPitch = QFontInfo(font()).fixedPitch();
    m_characterWidth = QFontMetricsF(font()).horizontalAdvance(u'0'); // fractional where glyphs are placed so
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        const auto index = indexOf(static_cast<size_t>(value));
        m_topLine = index ? std::optional(m_buffer->idAt(*index)) : std::nullopt;
    });
}

void LogView::setBuffer(const client::ops::LogBuffer* buffer)
{
    m_buffer = buffer;
    m_ids = nullptr;
    m_anchor.reset();
    m_cursor.reset();
    m_topLine.reset();
    m_widest = 0;
    updateScrollRange();
    scrollToEnd();
}

void LogView::setRows(const std::vector<client::ops::LogLineId>* ids)
{
    // A selection is kept by line, not by row: the rows change under it.
    const auto anchor = m_anchor ? lineAt(*m_anchor) : std::nullopt;
    const auto cursor = m_cursor ? lineAt(*m_cursor) : std::nullopt;
    const bool following = followsEnd();
    const auto top = m_topLine;
    m_ids = ids;
    m_anchor.reset();
    m_cursor.reset();
    keepInSight(following, top);
    if (cursor && showLine(cursor->id) && anchor) {
        m_anchor = rowOfLine(anchor->id);
    }
}

void LogView::rowsChanged()
{
    const auto anchor = m_anchor ? lineAt(*m_anchor) : std::nullopt;
    const auto cursor = m_cursor ? lineAt(*m_cursor) : std::nullopt;
    m_anchor = anchor ? std::optional(rowOfLine(anchor->id)) : std::nullopt;
    m_cursor = cursor ? std::optional(rowOfLine(cursor->id)) : std::nullopt;
    keepInSight(followsEnd(), m_topLine);
}

std::optional<client::ops::LogLineId> LogView::currentLine() const
{
    const auto line = lineAt(m_cursor ? *m_cursor : firstVisibleRow());
    return line ? std::optional(line->id) : std::nullopt;
}

bool LogView::showLine(client::ops::LogLineId id)
{
    const size_t row = rowOfLine(id);
    const auto line = lineAt(row);
    if (!line || line->id != id) {
        return false;
    }
    m_anchor = row;
    m_cursor = row;
    const auto visible = static_cast<size_t>(std::max(1, viewport()->height() / rowHeight()));
    const size_t first = firstVisibleRow();
    if (row < first || row >= first + visible) {
        verticalScrollBar()->setValue(static_cast<int>(row > visible / 2 ? row - visible / 2 : 0));
    }
    viewport()->update();
    return true;
}

void LogView::bufferChanged(size_t prepended)
{
    const bool following = followsEnd();
    const auto top = m_topLine;
    if (!m_ids) {
        for (std::optional<size_t>* row : {&m_anchor, &m_cursor}) {
            if (*row) {
                **row += prepended;
            }
        }
    }
    keepInSight(following, top);
}

void LogView::keepInSight(bool following, std::optional<client::ops::LogLineId> top)
{
    updateScrollRange();
    if (following || !top) {
        scrollToEnd();
    } else {
        verticalScrollBar()->setValue(static_cast<int>(rowOfLine(*top)));
    }
    viewport()->update();
}

size_t LogView::rowCount() const
{
    if (!m_buffer) {
        return 0;
    }
    return m_ids ? m_ids->size() : m_buffer->size();
}

std::optional<size_t> LogView::indexOf(size_t row) const
{
    if (row >= rowCount()) {
        return std::nullopt;
    }
    return m_ids ? m_buffer->indexOf((*m_ids)[row]) : std::optional(row);
}

size_t LogView::rowOfLine(client::ops::LogLineId id) const
{
    if (m_ids) {
        return static_cast<size_t>(std::lower_bound(m_ids->begin(), m_ids->end(), id) - m_ids->begin());
    }
    const auto index = m_buffer ? m_buffer->indexOf(id) : std::nullopt;
    return index ? *index : 0; // evicted: the oldest line left
}

std::optional<LogLine> LogView::lineAt(size_t row) const
{
    const auto index = indexOf(row);
    return index ? std::optional(m_buffer->at(*index)) : std::nullopt;
}

int LogView::rowHeight() const
{
    return fontMetrics().lineSpacing();
}

size_t LogView::firstVisibleRow() const
{
    return static_cast<size_t>(verticalScrollBar()->value());
}

bool LogView::followsEnd() const
{
    return verticalScrollBar()->value() >= verticalScrollBar()->maximum();
}

void LogView::scrollToEnd()
{
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

bool LogView::showTime(client::ops::ContainerTime time)
{
    const size_t rows = rowCount();
    if (rows == 0) {
        return false;
    }
    size_t first = 0;
    size_t count = rows;
    while (count > 0) { // lower bound by time over the rows
        const size_t half = count / 2;
        if (lineAt(first + half)->time < time) {
            first += half + 1;
            count -= half + 1;
        } else {
            count = half;
        }
    }
    return showLine(lineAt(std::min(first, rows - 1))->id);
}

void LogView::updateScrollRange()
{
    const int visible = std::max(1, viewport()->height() / rowHeight());
    const auto rows = static_cast<qint64>(rowCount());
    verticalScrollBar()->setRange(0, static_cast<int>(std::clamp<qint64>(rows - visible, 0, INT_MAX)));
    verticalScrollBar()->setPageStep(visible);
    verticalScrollBar()->setSingleStep(1);
    horizontalScrollBar()->setRange(0, m_wrap ? 0 : std::max(0, m_widest - viewport()->width() + 2 * kMargin));
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setSingleStep(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 4);
}

void LogView::setWrap(bool wrap)
{
    m_wrap = wrap;
    updateScrollRange();
    viewport()->update();
}

void LogView::setHighlight(std::optional<client::ops::LogMatcher> matcher)
{
    m_highlight = std::move(matcher);
    viewport()->update();
}

void LogView::resizeEvent(QResizeEvent* event)
{
    const bool following = followsEnd();
    QAbstractScrollArea::resizeEvent(event);
    updateScrollRange();
    if (following) {
        scrollToEnd();
    }
}

int LogView::advanceOf(const QString& text, const QFont* face) const
{
    // In a fixed-pitch font every printable Latin-1 character is one digit wide, in every weight and slant: no
    // shaping needed. A tab is not: it goes to the next tab stop.
    const auto printableLatin1 = [](QChar c) {
        return (c.unicode() >= 0x20 && c.unicode() < 0x7F) || (c.unicode() >= 0xA0 && c.unicode() < 0x100);
    };
    if (m_fixedPitch && std::all_of(text.begin(), text.end(), printableLatin1)) {
        return qRound(static_cast<qreal>(text.size()) * m_characterWidth);
    }
    return face ? QFontMetrics(*face).horizontalAdvance(text) : fontMetrics().horizontalAdvance(text);
}

int LogView::textColumn() const
{
    size_t sourceColumns = 4;
    for (uint16_t source = 0; m_buffer && source < m_buffer->sourceCount(); ++source) {
        sourceColumns = std::max(sourceColumns, m_buffer->sourceName(source).size());
    }
    return kMargin + (kTimeColumns + static_cast<int>(sourceColumns) + 3) * fontMetrics().horizontalAdvance(u'0');
}

size_t LogView::wrapColumns() const
{
    const int digit = fontMetrics().horizontalAdvance(u'0');
    return static_cast<size_t>(std::max(20, (viewport()->width() - textColumn() - kMargin) / digit));
}

int LogView::linesOf(const LogLine& line) const
{
    if (!m_wrap) {
        return 1;
    }
    const size_t columns = wrapColumns();
    const size_t characters = characterCount(line.text, columns * kMaxWrappedLines);
    return static_cast<int>(std::clamp<size_t>((characters + columns - 1) / columns, 1, kMaxWrappedLines));
}

void LogView::placeRows()
{
    m_placed.clear();
    const int height = rowHeight();
    const int bottom = viewport()->height();
    if (m_wrap && followsEnd()) {
        // Following with wrapped rows: the last row at the bottom, rows above it as far as they go.
        int y = bottom;
        for (size_t row = rowCount(); row > 0 && y > 0; --row) {
            const auto line = lineAt(row - 1);
            const int lines = line ? linesOf(*line) : 1;
            y -= lines * height;
            m_placed.push_back({row - 1, y, lines});
        }
        std::reverse(m_placed.begin(), m_placed.end());
        return;
    }
    int y = 0;
    for (size_t row = firstVisibleRow(); row < rowCount() && y < bottom; ++row) {
        const auto line = lineAt(row);
        const int lines = line ? linesOf(*line) : 1;
        m_placed.push_back({row, y, lines});
        y += lines * height;
    }
}

int LogView::paintText(QPainter& painter, const LogLine& line, const std::vector<client::ops::TextRange>& hits,
    size_t from, size_t to, QPoint at) const
{
    const QFontMetrics metrics = fontMetrics();
    const int height = rowHeight();
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const std::string_view text = line.text;
    struct Piece {
        QString text;
        const StyleSpan* style;
    };
    std::vector<Piece> pieces;
    size_t done = from;
    auto addPiece = [&](size_t end, const StyleSpan* style) {
        end = std::min(end, to);
        if (end > done) {
            pieces.push_back({inert(QString::fromUtf8(text.data() + done, static_cast<qsizetype>(end - done))), style});
            done = end;
        }
    };
    for (const StyleSpan& span : line.spans) {
        if (done >= to) {
            break;
        }
        if (span.begin + span.length <= done) {
            continue;
        }
        addPiece(span.begin, nullptr);
        addPiece(span.begin + span.length, &span);
    }
    addPiece(to, nullptr);
    // Measured as the pieces are placed, so a mark sits exactly under its text.
    auto advance = [&](size_t begin, size_t end) {
        return advanceOf(inert(QString::fromUtf8(text.data() + begin, static_cast<qsizetype>(end - begin))));
    };
    for (const client::ops::TextRange& hit : hits) { // a match may begin before what is drawn: cut to it
        if (hit.end > from && hit.begin < to) {
            const size_t begin = std::max(hit.begin, from);
            const size_t end = std::min(hit.end, to);
            painter.fillRect(QRect(at.x() + advance(from, begin), at.y(), advance(begin, end), height),
                QColor(0xff, 0xd5, 0x4f, dark ? 150 : 200));
        }
    }
    const QColor plain =
        line.level >= LogLevel::Error ? QColor(dark ? 0xff8a80 : 0xb71c1c) : palette().color(QPalette::Text);
    int x = at.x();
    const int baseline = at.y() + metrics.ascent();
    for (const Piece& piece : pieces) {
        QColor pen = plain;
        int width = 0;
        if (piece.style) {
            QFont face = font();
            face.setBold(piece.style->bold);
            face.setItalic(piece.style->italic);
            face.setUnderline(piece.style->underline);
            face.setStrikeOut(piece.style->strike);
            width = advanceOf(piece.text, &face);
            uint16_t fg = piece.style->fg;
            uint16_t bg = piece.style->bg;
            if (piece.style->inverse) {
                std::swap(fg, bg);
            }
            if (fg != 0) {
                pen = terminalColor(fg);
            }
            if (piece.style->faint) {
                pen.setAlpha(150);
            }
            if (bg != 0) {
                painter.fillRect(QRect(x, at.y(), width, height), terminalColor(bg));
            }
            painter.setFont(face);
        } else {
            width = advanceOf(piece.text);
            painter.setFont(font());
        }
        painter.setPen(pen);
        painter.drawText(QPoint(x, baseline), piece.text);
        x += width;
    }
    painter.setFont(font());
    return x;
}

void LogView::paintEvent(QPaintEvent*)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().base());
    if (!m_buffer) {
        return;
    }
    placeRows();
    const QFontMetrics metrics = fontMetrics();
    const int height = rowHeight();
    const int digit = metrics.horizontalAdvance(QLatin1Char('0'));
    const int scrolled = m_wrap ? 0 : horizontalScrollBar()->value();
    const int textX = textColumn();
    const int width = viewport()->width();
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const bool selected = m_anchor && m_cursor;
    const size_t selectedFirst = selected ? std::min(*m_anchor, *m_cursor) : SIZE_MAX;
    const size_t selectedLast = selected ? std::max(*m_anchor, *m_cursor) : 0;
    int widest = m_widest;
    LocalTimeText localTime;
    for (const Placed& placed : m_placed) {
        const auto line = lineAt(placed.row);
        if (!line) {
            continue;
        }
        const int y = placed.top;
        const QRect band(0, y, width, height * placed.lines);
        if (placed.row >= selectedFirst && placed.row <= selectedLast) {
            painter.fillRect(band, palette().highlight());
        } else if (line->level >= LogLevel::Error) {
            painter.fillRect(band, dark ? QColor(0x4a, 0x1c, 0x1c) : QColor(0xfd, 0xec, 0xec));
        } else if (line->level == LogLevel::Warning) {
            painter.fillRect(band, dark ? QColor(0x45, 0x3a, 0x12) : QColor(0xff, 0xf6, 0xd8));
        }
        const int baseline = y + metrics.ascent();
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(kMargin - scrolled, baseline, localTime(line->time));
        painter.setPen(sourceColor(line->source));
        painter.drawText(kMargin - scrolled + kTimeColumns * digit, baseline,
            QString::fromUtf8(m_buffer->sourceName(line->source).data(),
                static_cast<qsizetype>(m_buffer->sourceName(line->source).size())));

        const std::string_view text = line->text;
        const std::vector<client::ops::TextRange> hits = m_highlight && !m_highlight->matchesAnyText()
            ? m_highlight->find(text)
            : std::vector<client::ops::TextRange>{};
        if (m_wrap) {
            // Up to kMaxWrappedLines screen lines of the text; what is left after them is counted, not drawn.
            const size_t columns = wrapColumns();
            size_t from = 0;
            for (int part = 0; part < placed.lines; ++part) {
                const size_t to = from + byteOfCharacter(text.substr(from), columns);
                paintText(painter, *line, hits, from, to, QPoint(textX, y + part * height));
                from = to;
            }
            if (from < text.size()) {
                painter.setPen(palette().color(QPalette::PlaceholderText));
                painter.drawText(QPoint(kMargin, y + (placed.lines - 1) * height + metrics.ascent()),
                    tr("+%1 bytes").arg(text.size() - from));
            }
            continue;
        }
        // Only the characters in sight (a 1 MB line costs what a screen of it does).
        const size_t skip = scrolled > textX - kMargin ? static_cast<size_t>((scrolled - textX + kMargin) / digit) : 0;
        const size_t from = byteOfCharacter(text, skip);
        const size_t to = from + byteOfCharacter(text.substr(from), static_cast<size_t>(width / digit + 2));
        const int x =
            paintText(painter, *line, hits, from, to, QPoint(textX - scrolled + static_cast<int>(skip) * digit, y));
        // The widest row: text drawn so far, plus the characters after what was in sight.
        const auto rest = static_cast<int>(std::min<size_t>(text.size() - to, size_t{1} << 24));
        widest = std::max(widest, x + scrolled + rest * digit);
    }
    if (widest != m_widest) {
        m_widest = widest;
        QMetaObject::invokeMethod(
            this, [this] { updateScrollRange(); }, Qt::QueuedConnection);
    }
}

std::optional<size_t> LogView::rowAt(int y) const
{
    for (const Placed& placed : m_placed) {
        if (y >= placed.top && y < placed.top + placed.lines * rowHeight()) {
            return placed.row;
        }
    }
    return std::nullopt;
}

void LogView::mousePressEvent(QMouseEvent* event)
{
    const auto row = rowAt(event->position().toPoint().y());
    if (!row) {
        return;
    }
    if (!(event->modifiers() & Qt::ShiftModifier) || !m_anchor) {
        m_anchor = row;
    }
    m_cursor = row;
    viewport()->update();
}

void LogView::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() & Qt::LeftButton) {
        if (const auto row = rowAt(event->position().toPoint().y())) {
            m_cursor = row;
            viewport()->update();
        }
    }
}

void LogView::keyPressEvent(QKeyEvent* event)
{
    if (event->matches(QKeySequence::Copy)) {
        QApplication::clipboard()->setText(selectedText());
        return;
    }
    if (event->key() == Qt::Key_End && event->modifiers() & Qt::ControlModifier) {
        scrollToEnd();
        return;
    }
    if (event->key() == Qt::Key_Home && event->modifiers() & Qt::ControlModifier) {
        verticalScrollBar()->setValue(0);
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

QString LogView::selectedText() const
{
    size_t first = m_placed.empty() ? 0 : m_placed.front().row;
    size_t last = m_placed.empty() ? 0 : m_placed.back().row + 1;
    if (m_anchor && m_cursor) {
        first = std::min(*m_anchor, *m_cursor);
        last = std::min(rowCount(), std::max(*m_anchor, *m_cursor) + 1);
    }
    QStringList lines;
    for (size_t row = first; row < last; ++row) {
        if (const auto line = lineAt(row)) {
            const std::string_view source = m_buffer->sourceName(line->source);
            lines << QStringLiteral("%1 %2 | %3")
                         .arg(QString::fromStdString(client::ops::formatLogTime(line->time)),
                             QString::fromUtf8(source.data(), static_cast<qsizetype>(source.size())),
                             QString::fromUtf8(line->text.data(), static_cast<qsizetype>(line->text.size())));
        }
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace ragdesk::ui
