#pragma once

#include "AdminPage.h"

#ifndef Q_MOC_RUN // moc cannot parse what the client headers pull in (C++20 concepts); the compiler needs them
#include "ragdesk/client/api/Analytics.h"
#endif

#include <QDate>

#include <vector>

class QAction;
class QBarCategoryAxis;
class QBarSet;
class QComboBox;
class QDateEdit;
class QHorizontalBarSeries;
class QLabel;
class QPieSeries;
class QValueAxis;

namespace ragdesk::ui {

class DailyChart;

/// The current stack's usage over a range of UTC days (the last 7, 30 or 90, or from one date to another): chats
/// started and answers per day, tokens and cost per day by model, the answers' feedback and the bots using the most
/// tokens, with the totals above them, a tooltip on every point and CSV export of what is shown. Days the stats leave
/// out show as zero; each series is replaced in one call per refresh.
class AnalyticsPage : public AdminPage {
    Q_OBJECT

public:
    explicit AnalyticsPage(ApiSession* session, QWidget* parent = nullptr);

    QComboBox* rangeChoice() const { return m_range; }
    /// The last `days` days up to today (UTC).
    void showLastDays(int days);
    /// From `first` to `last`, inclusive.
    void showDays(QDate first, QDate last);
    /// Writes what is shown as CSV (see client::api::analyticsCsv), readable by the owner only (signal `exported`).
    void exportCsv(const QString& path);

    const std::vector<client::api::DayFigures>& days() const { return m_days; }
    const std::vector<client::api::BotTotals>& bots() const { return m_bots; }
    DailyChart* activityChart() const { return m_activity; }
    DailyChart* tokensChart() const { return m_tokens; }
    DailyChart* costChart() const { return m_cost; }
    QPieSeries* feedbackSeries() const { return m_feedback; }
    QHorizontalBarSeries* botsSeries() const { return m_botBars; }
    QLabel* totals() const { return m_totals; }

signals:
    /// An export was written (empty error) or failed.
    void exported(const QString& error);

protected:
    void load() override;
    void clear() override;
    void changeEvent(QEvent* event) override;

private:
    void rangeChosen();
    void showFigures(std::vector<client::api::DayFigures> days, std::vector<client::api::BotTotals> bots);
    void showFeedback(std::int64_t helpful, std::int64_t notHelpful, std::int64_t answers);
    void showBots();
    void chooseExportFile();

    QComboBox* m_range;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QLabel* m_totals;
    DailyChart* m_activity;
    DailyChart* m_tokens;
    DailyChart* m_cost;
    QPieSeries* m_feedback;
    QHorizontalBarSeries* m_botBars;
    QBarCategoryAxis* m_botNames;
    QValueAxis* m_botTokens;
    QAction* m_export;
    QDate m_first; ///< the range shown
    QDate m_last;
    std::vector<client::api::DayFigures> m_days;
    std::vector<client::api::BotTotals> m_bots;
};

} // namespace ragdesk::ui
