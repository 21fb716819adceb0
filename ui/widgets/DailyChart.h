#pragma once

#include <QChartView>
#include <QDate>
#include <QList>
#include <QPointF>
#include <QString>

#include <functional>
#include <vector>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace ragdesk::ui {

/// One line per series over a range of days (the stats' UTC days, labelled as dates), a tooltip on each point names its
/// day, series and value. setLines replaces each line's points in one call (a line of the same name is kept, others are
/// added or removed), so a refresh never redraws point by point.
class DailyChart : public QChartView {
    Q_OBJECT

public:
    /// A line: its name and one value per day of the range, in order.
    struct Line {
        QString name;
        QList<qreal> values;
    };

    /// `valueText` writes a value the way the tooltip and the axis show it (a count, "$0.12").
    DailyChart(const QString& title, std::function<QString(qreal)> valueText, QWidget* parent = nullptr);

    /// Shows these lines over the days from `first`, one value per day.
    void setLines(QDate first, const std::vector<Line>& lines);
    /// The line of that name, or null.
    QLineSeries* line(const QString& name) const;

private:
    QLineSeries* addLine(const QString& name);

    std::function<QString(qreal)> m_valueText;
    QDateTimeAxis* m_days;
    QValueAxis* m_values;
    QDate m_first;
};

/// The x coordinate of a day on a DailyChart.
qreal dayPosition(QDate day);

/// Gives a chart the look of the window's palette (dark or light).
void applyChartTheme(QChart* chart, const QPalette& palette);

} // namespace ragdesk::ui
