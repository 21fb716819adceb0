#include "DailyChart.h"

#include <QCursor>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

namespace ragdesk::ui {

qreal dayPosition(QDate day)
{
    // Local noon: the axis labels a position by the local date, whatever the time zone and its summer time.
    return static_cast<qreal>(QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch());
}

void applyChartTheme(QChart* chart, const QPalette& palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette.brush(QPalette::Base));
    chart->setTitleBrush(palette.brush(QPalette::Text));
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
}

DailyChart::DailyChart(const QString& title, std::function<QString(qreal)> valueText, QWidget* parent)
    : QChartView(parent),
      m_valueText(std::move(valueText)),
      m_days(new QDateTimeAxis(this)),
      m_values(new QValueAxis(this))
{
    auto* chart = new QChart;
    setChart(chart);
    applyChartTheme(chart, palette());
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_days->setFormat(QStringLiteral("MMM d"));
    m_values->setLabelFormat(QStringLiteral("%g"));
    m_values->setMin(0);
    chart->addAxis(m_days, Qt::AlignBottom);
    chart->addAxis(m_values, Qt::AlignLeft);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
}

QLineSeries* DailyChart::line(const QString& name) const
{
    for (QAbstractSeries* series : chart()->series()) {
        if (series->name() == name) {
            return static_cast<QLineSeries*>(series);
        }
    }
    return nullptr;
}

QLineSeries* DailyChart::addLine(const QString& name)
{
    auto* series = new QLineSeries(this);
    series->setName(name);
    chart()->addSeries(series);
    series->attachAxis(m_days);
    series->attachAxis(m_values);
    connect(series, &QLineSeries::hovered, this, [this, series](const QPointF& point, bool over) {
        if (!over) {
            QToolTip::hideText();
            return;
        }
        // The nearest day: hovering between two points names the one under the pointer.
        const qint64 day = qRound64((point.x() - dayPosition(m_first)) / 86'400'000.0);
        const int index = static_cast<int>(std::clamp<qint64>(day, 0, std::max<qint64>(0, series->count() - 1)));
        if (index >= series->count()) {
            return;
        }
        QToolTip::showText(QCursor::pos(),
            QStringLiteral("%1\n%2: %3")
                .arg(QLocale().toString(m_first.addDays(index), QLocale::ShortFormat), series->name(),
                    m_valueText(series->at(index).y())),
            this);
    });
    return series;
}

void DailyChart::setLines(QDate first, const std::vector<Line>& lines)
{
    m_first = first;
    for (QAbstractSeries* series : chart()->series()) {
        const bool kept =
            std::any_of(lines.begin(), lines.end(), [&](const Line& line) { return line.name == series->name(); });
        if (!kept) {
            chart()->removeSeries(series);
            delete series;
        }
    }
    qreal highest = 0;
    int days = 0;
    for (const Line& line : lines) {
        QList<QPointF> points;
        points.reserve(line.values.size());
        for (qsizetype index = 0; index < line.values.size(); ++index) {
            points.append(QPointF(dayPosition(first.addDays(index)), line.values[index]));
            highest = std::max(highest, line.values[index]);
        }
        days = std::max(days, static_cast<int>(line.values.size()));
        QLineSeries* series = this->line(line.name);
        if (!series) {
            series = addLine(line.name);
        }
        series->setPointsVisible(line.values.size() <= 31); // points to hover on short ranges; a plain line on long
        series->replace(points);
    }
    const QDate last = first.addDays(std::max(0, days - 1));
    // Half a day either side, so the first and last points are not on the frame.
    m_days->setRange(QDateTime(first, QTime(0, 0)), QDateTime(last, QTime(23, 59)));
    m_days->setTickCount(std::clamp(days, 2, 8));
    m_values->setRange(0, highest > 0 ? highest * 1.1 : 1);
    m_values->applyNiceNumbers();
    m_values->setLabelFormat(QStringLiteral("%g"));
}

} // namespace ragdesk::ui
