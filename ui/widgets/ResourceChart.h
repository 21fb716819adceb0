#pragma once

#include <QChartView>
#include <QDateTime>
#include <QList>
#include <QPointF>
#include <QString>

#include <chrono>
#include <functional>
#include <map>
#include <vector>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace ragdesk::ui {

/// A live chart of one measure (CPU, memory…) per container over a sliding window: each sample adds a point to each
/// container's line, points older than the window drop off, and each line is replaced in one call per sample (never
/// point by point). A container absent from the samples keeps its line until its last point has slid out. Until the
/// window has filled, the time axis spans what was sampled.
class ResourceChart : public QChartView {
    Q_OBJECT

public:
    /// One container's value in a sample.
    struct Value {
        QString name;
        double value = 0;
    };

    /// `valueText` writes a value the way the tooltip and the axis show it ("12.5 %", "230 MiB").
    ResourceChart(const QString& title, std::function<QString(qreal)> valueText,
        std::chrono::seconds window = std::chrono::minutes(5), QWidget* parent = nullptr);

    /// Adds the values sampled at `when` and slides the window to end there.
    void addSample(const QDateTime& when, const std::vector<Value>& values);
    /// Forgets every line (another stack).
    void clear();
    /// The line of that name, or null.
    QLineSeries* line(const QString& name) const;

private:
    QLineSeries* addLine(const QString& name);

    std::function<QString(qreal)> m_valueText;
    std::chrono::seconds m_window;
    QDateTimeAxis* m_time;
    QValueAxis* m_values;
    std::map<QString, QList<QPointF>> m_points; ///< per line: x = ms since the epoch
};

} // namespace ragdesk::ui
