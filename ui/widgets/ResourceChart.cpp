#include "ResourceChart.h"

#include "DailyChart.h"

#include <QDateTimeAxis>
#include <QLineSeries>
#include <QLocale>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

namespace ragdesk::ui {

ResourceChart::ResourceChart(
    const QString& title, std::function<QString(qreal)> valueText, std::chrono::seconds window, QWidget* parent)
    : QChartView(parent),
      m_valueText(std::move(valueText)),
      m_window(window),
      m_time(new QDateTimeAxis(this)),
      m_values(new QValueAxis(this))
{
    auto* chart = new QChart;
    setChart(chart);
    applyChartTheme(chart, palette());
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_time->setTickCount(4);
    // A real range from the start: an axis first shown with none is never laid out again (Qt 6.4).
    const QDateTime now = QDateTime::currentDateTime();
    m_time->setRange(now.addSecs(-60), now);
    m_values->setLabelFormat(QStringLiteral("%g"));
    m_values->setRange(0, 1);
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_values, Qt::AlignLeft);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
}

QLineSeries* ResourceChart::line(const QString& name) const
{
    for (QAbstractSeries* series : chart()->series()) {
        if (series->name() == name) {
            return static_cast<QLineSeries*>(series);
        }
    }
    return nullptr;
}

QLineSeries* ResourceChart::addLine(const QString& name)
{
    auto* series = new QLineSeries(this);
    series->setName(name);
    chart()->addSeries(series);
    series->attachAxis(m_time);
    series->attachAxis(m_values);
    connect(series, &QLineSeries::hovered, this, [this, series](const QPointF& point, bool over) {
        if (!over) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(QCursor::pos(),
            QStringLiteral("%1\n%2: %3")
                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(point.x())).time()), series->name(),
                    m_valueText(point.y())),
            this);
    });
    return series;
}

void ResourceChart::addSample(const QDateTime& when, const std::vector<Value>& values)
{
    const qreal now = static_cast<qreal>(when.toMSecsSinceEpoch());
    const qreal start = now - static_cast<qreal>(std::chrono::milliseconds(m_window).count());
    for (const Value& value : values) {
        m_points[value.name].append(QPointF(now, value.value));
    }
    qreal highest = 0;
    for (auto it = m_points.begin(); it != m_points.end();) {
        QList<QPointF>& points = it->second;
        points.erase(points.begin(),
            std::find_if(points.begin(), points.end(), [start](const QPointF& p) { return p.x() >= start; }));
        QLineSeries* series = line(it->first);
        if (points.isEmpty()) {
            if (series) {
                chart()->removeSeries(series);
                delete series;
            }
            it = m_points.erase(it);
            continue;
        }
        for (const QPointF& point : points) {
            highest = std::max(highest, point.y());
        }
        (series ? series : addLine(it->first))->replace(points);
        ++it;
    }
    // Until the window has filled, the axis spans what was sampled: the lines use the chart's width from the start.
    qreal first = now;
    for (const auto& [name, points] : m_points) {
        first = std::min(first, points.front().x());
    }
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(qint64(std::min(std::max(start, first), now - 1000))), when);
    m_values->setRange(0, highest > 0 ? highest * 1.15 : 1);
    m_values->applyNiceNumbers();
    m_values->setLabelFormat(QStringLiteral("%g"));
}

void ResourceChart::clear()
{
    for (QAbstractSeries* series : chart()->series()) {
        chart()->removeSeries(series);
        delete series;
    }
    m_points.clear();
    m_values->setRange(0, 1);
}

} // namespace ragdesk::ui
