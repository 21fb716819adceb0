#include "AnalyticsPage.h"

#include "bridge/ApiSession.h"
#include "bridge/PrivateFile.h"
#include "widgets/Actions.h"
#include "widgets/DailyChart.h"
#include "widgets/ErrorBanner.h"
#include "widgets/Text.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAction>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QComboBox>
#include <QCursor>
#include <QDateEdit>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLocale>
#include <QPieSeries>
#include <QScrollArea>
#include <QToolBar>
#include <QToolTip>
#include <QValueAxis>

#include <numeric>

namespace ragdesk::ui {
namespace {

using client::api::BotTotals;
using client::api::DayFigures;

constexpr int kPageSize = 100; // the server's largest page of chats
constexpr int kMostChats = 10'000; // a bound on what one load reads
constexpr size_t kTopBots = 10;

/// The stats' days are UTC days: "today" is UTC's.
QDate todayUtc()
{
    return QDateTime::currentDateTimeUtc().date();
}

client::api::Day toDay(QDate date)
{
    return client::api::Day(std::chrono::year_month_day(std::chrono::year(date.year()),
        std::chrono::month(static_cast<unsigned>(date.month())), std::chrono::day(static_cast<unsigned>(date.day()))));
}

QString count(qreal value)
{
    return QLocale().toString(static_cast<qlonglong>(qRound64(value)));
}

QString dollars(qreal value)
{
    return QStringLiteral("$") + QLocale().toString(value, 'f', value < 1 ? 4 : 2);
}

/// A tooltip whose names (from the server) are escaped and shown as written.
void showTip(const QString& title, const QString& line)
{
    QToolTip::showText(
        QCursor::pos(), QStringLiteral("<p style=\"white-space:pre\"><b>%1</b><br>%2</p>").arg(title, line));
}

QChartView* chartView(QChart* chart, QWidget* parent)
{
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    chart->setMargins(QMargins(4, 4, 4, 4));
    applyChartTheme(chart, parent->palette());
    return view;
}

struct Loaded {
    std::vector<DayFigures> days;
    std::vector<BotTotals> bots;
};

} // namespace

AnalyticsPage::AnalyticsPage(ApiSession* session, QWidget* parent)
    : AdminPage(session, tr("Analytics"), parent),
      m_range(new QComboBox(this)),
      m_from(new QDateEdit(this)),
      m_to(new QDateEdit(this)),
      m_totals(new QLabel(this)),
      m_activity(new DailyChart(tr("Chats started and answers per day"), count, this)),
      m_tokens(new DailyChart(tr("Tokens per day by model"), count, this)),
      m_cost(new DailyChart(tr("Cost per day by model (USD, by the stack's prices)"), dollars, this)),
      m_feedback(new QPieSeries(this)),
      m_botBars(new QHorizontalBarSeries(this)),
      m_botNames(new QBarCategoryAxis(this)),
      m_botTokens(new QValueAxis(this)),
      m_export(addPageAction(this, tr("&Export CSV…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
          tr("Save the figures shown as CSV: one row per day, then one per bot")))
{
    toolbar()->addAction(m_export);
    m_range->addItem(tr("Last 7 days"), 7);
    m_range->addItem(tr("Last 30 days"), 30);
    m_range->addItem(tr("Last 90 days"), 90);
    m_range->addItem(tr("From … to …"), 0);
    for (QDateEdit* edge : {m_from, m_to}) {
        edge->setCalendarPopup(true);
        edge->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edge->setMaximumDate(todayUtc());
    }
    auto* rangeLabel = new QLabel(tr("&Range"), this);
    rangeLabel->setBuddy(m_range);
    auto* rangeRow = new QHBoxLayout;
    rangeRow->addWidget(rangeLabel);
    rangeRow->addWidget(m_range);
    rangeRow->addWidget(m_from);
    rangeRow->addWidget(new QLabel(tr("to"), this));
    rangeRow->addWidget(m_to);
    rangeRow->addWidget(new QLabel(tr("(UTC days, as the stack counts them)"), this));
    rangeRow->addStretch(1);
    content()->addLayout(rangeRow);
    m_totals->setTextFormat(Qt::PlainText);
    m_totals->setWordWrap(true);
    content()->addWidget(m_totals);

    auto* feedbackChart = new QChart;
    feedbackChart->setTitle(tr("Feedback on the answers"));
    feedbackChart->addSeries(m_feedback);
    feedbackChart->legend()->setAlignment(Qt::AlignRight);
    connect(m_feedback, &QPieSeries::hovered, this, [this](QPieSlice* slice, bool over) {
        if (over) {
            showTip(slice->label(),
                tr("%1 of the answers")
                    .arg(QLocale().toString(slice->percentage() * 100, 'f', 1) + QStringLiteral(" %")));
        } else {
            QToolTip::hideText();
        }
    });

    auto* botsChart = new QChart;
    botsChart->setTitle(tr("Bots using the most tokens (from the first day to today)"));
    botsChart->addSeries(m_botBars);
    botsChart->addAxis(m_botNames, Qt::AlignLeft);
    botsChart->addAxis(m_botTokens, Qt::AlignBottom);
    m_botBars->attachAxis(m_botNames);
    m_botBars->attachAxis(m_botTokens);
    m_botTokens->setLabelFormat(QStringLiteral("%g"));
    botsChart->legend()->hide();
    connect(m_botBars, &QHorizontalBarSeries::hovered, this, [this](bool over, int index, QBarSet*) {
        // The bars run bottom up: the first bot is the top bar.
        const auto bot = static_cast<size_t>(static_cast<int>(m_bots.size()) - 1 - index);
        if (!over || bot >= m_bots.size()) {
            QToolTip::hideText();
            return;
        }
        showTip(qs(m_bots[bot].botName).toHtmlEscaped(),
            tr("%1 tokens · %2 requests · %3")
                .arg(count(static_cast<qreal>(m_bots[bot].tokens)), count(static_cast<qreal>(m_bots[bot].requests)),
                    dollars(m_bots[bot].costUsd)));
    });

    auto* grid = new QGridLayout;
    grid->addWidget(m_activity, 0, 0);
    grid->addWidget(chartView(feedbackChart, this), 0, 1);
    grid->addWidget(m_tokens, 1, 0);
    grid->addWidget(m_cost, 1, 1);
    grid->addWidget(chartView(botsChart, this), 2, 0, 1, 2);
    auto* charts = new QWidget(this);
    charts->setLayout(grid);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(charts);
    content()->addWidget(scroll, 1);

    connect(m_range, &QComboBox::activated, this, &AnalyticsPage::rangeChosen);
    connect(m_from, &QDateEdit::dateChanged, this, &AnalyticsPage::rangeChosen);
    connect(m_to, &QDateEdit::dateChanged, this, &AnalyticsPage::rangeChosen);
    connect(m_export, &QAction::triggered, this, &AnalyticsPage::chooseExportFile);
    m_export->setEnabled(false);
    m_range->setCurrentIndex(1);
    rangeChosen();
}

void AnalyticsPage::showLastDays(int days)
{
    m_range->setCurrentIndex(std::max(0, m_range->findData(days)));
    rangeChosen();
}

void AnalyticsPage::showDays(QDate first, QDate last)
{
    m_range->setCurrentIndex(m_range->findData(0));
    const QSignalBlocker quietFrom(m_from);
    const QSignalBlocker quietTo(m_to);
    m_from->setDate(first);
    m_to->setDate(last);
    rangeChosen();
}

void AnalyticsPage::rangeChosen()
{
    const int days = m_range->currentData().toInt();
    const bool custom = days == 0;
    m_from->setEnabled(custom);
    m_to->setEnabled(custom);
    QDate first = m_from->date();
    QDate last = m_to->date();
    if (!custom) {
        last = todayUtc();
        first = last.addDays(1 - days);
        const QSignalBlocker quietFrom(m_from);
        const QSignalBlocker quietTo(m_to);
        m_from->setDate(first);
        m_to->setDate(last);
    }
    if (last < first) {
        std::swap(first, last);
    }
    if (first == m_first && last == m_last) {
        return;
    }
    m_first = first;
    m_last = last;
    if (isVisible()) {
        reload();
    }
}

void AnalyticsPage::clear()
{
    showFigures({}, {});
}

void AnalyticsPage::load()
{
    const client::api::Day first = toDay(m_first);
    const client::api::Day last = toDay(m_last);
    const int days = static_cast<int>(m_first.daysTo(todayUtc())) + 1; // the stats count back from today
    session()->run<Loaded>(
        this,
        [first, last, days](client::api::ApiClient& api, const TaskContext&) -> client::Result<Loaded> {
            auto usage = api.stats().usage(days);
            auto trend = usage ? api.stats().feedbackTrend(std::nullopt, days) : usage.error();
            auto byBot = trend ? api.stats().usageByBot(days) : trend.error();
            auto pricing = byBot ? api.stats().pricing() : byBot.error();
            if (!pricing) {
                return pricing.error();
            }
            // Chats come newest first: read pages until one reaches back before the range.
            std::vector<client::api::Timestamp> started;
            for (int offset = 0; offset < kMostChats; offset += kPageSize) {
                auto page = api.chats().list({.limit = kPageSize, .offset = offset});
                if (!page) {
                    return page.error();
                }
                bool older = false;
                for (const client::api::Chat& chat : *page) {
                    if (std::chrono::floor<std::chrono::days>(chat.createdAt) < first) {
                        older = true;
                    } else {
                        started.push_back(chat.createdAt);
                    }
                }
                if (older || page->size() < static_cast<size_t>(kPageSize)) {
                    break;
                }
            }
            return Loaded{client::api::dailyFigures(first, last, *usage, *trend, started, *pricing),
                client::api::topBots(*byBot, kTopBots)};
        },
        [this](client::Result<Loaded> loaded) {
            if (loaded) {
                showFigures(std::move(loaded->days), std::move(loaded->bots));
            }
            loadFinished(tr("load the analytics"), loaded ? nullptr : &loaded.error());
        });
}

void AnalyticsPage::showFigures(std::vector<DayFigures> days, std::vector<BotTotals> bots)
{
    m_days = std::move(days);
    m_bots = std::move(bots);
    m_export->setEnabled(!m_days.empty());

    DailyChart::Line chats{tr("Chats started"), {}};
    DailyChart::Line answers{tr("Answers"), {}};
    std::vector<DailyChart::Line> tokens;
    std::vector<DailyChart::Line> cost;
    if (!m_days.empty()) {
        for (const auto& [model, ignored] : m_days.front().tokensByModel) {
            tokens.push_back({qs(model).toHtmlEscaped(), {}}); // chart labels are rich text: a name is shown as is
            cost.push_back({qs(model).toHtmlEscaped(), {}});
        }
    }
    std::int64_t helpful = 0;
    std::int64_t notHelpful = 0;
    std::int64_t answered = 0;
    std::int64_t started = 0;
    std::int64_t tokenTotal = 0;
    double costTotal = 0;
    for (const DayFigures& day : m_days) {
        chats.values.append(day.chatsStarted);
        answers.values.append(static_cast<qreal>(day.answers));
        size_t line = 0;
        for (const auto& [model, used] : day.tokensByModel) {
            tokens[line].values.append(static_cast<qreal>(used));
            cost[line++].values.append(day.costByModel.at(model));
            tokenTotal += used;
            costTotal += day.costByModel.at(model);
        }
        helpful += day.helpful;
        notHelpful += day.notHelpful;
        answered += day.answers;
        started += day.chatsStarted;
    }
    m_activity->setLines(m_first, {chats, answers});
    m_tokens->setLines(m_first, tokens);
    m_cost->setLines(m_first, cost);
    showFeedback(helpful, notHelpful, answered);
    showBots();

    const QLocale locale;
    const QString rated = answered > 0
        ? tr("%1 % helpful (%2 of %3 answers rated)")
              .arg(locale.toString(100.0 * static_cast<double>(helpful) /
                           static_cast<double>(std::max<std::int64_t>(1, helpful + notHelpful)),
                       'f', 0),
                  locale.toString(static_cast<qlonglong>(helpful + notHelpful)),
                  locale.toString(static_cast<qlonglong>(answered)))
        : tr("no answers");
    m_totals->setText(m_days.empty()
            ? QString()
            : tr("%1 to %2: %3 chats started · %4 answers · %5 tokens · %6 · feedback: %7")
                  .arg(m_first.toString(Qt::ISODate), m_last.toString(Qt::ISODate),
                      locale.toString(static_cast<qlonglong>(started)),
                      locale.toString(static_cast<qlonglong>(answered)),
                      locale.toString(static_cast<qlonglong>(tokenTotal)), dollars(costTotal), rated));
}

void AnalyticsPage::showFeedback(std::int64_t helpful, std::int64_t notHelpful, std::int64_t answers)
{
    const std::int64_t unrated = std::max<std::int64_t>(0, answers - helpful - notHelpful);
    QList<QPieSlice*> slices;
    const struct {
        QString name;
        std::int64_t count;
        QColor colour;
    } parts[] = {{tr("Helpful"), helpful, QColor(0x2e7d32)}, {tr("Not helpful"), notHelpful, QColor(0xc62828)},
        {tr("No feedback"), unrated, QColor(0x9e9e9e)}};
    for (const auto& part : parts) {
        auto* slice = new QPieSlice(
            QStringLiteral("%1: %2").arg(part.name, QLocale().toString(static_cast<qlonglong>(part.count))),
            static_cast<qreal>(part.count));
        slice->setColor(part.colour);
        slices.append(slice);
    }
    m_feedback->clear();
    m_feedback->append(slices); // the three slices in one call
}

void AnalyticsPage::showBots()
{
    QStringList names;
    QList<qreal> tokens;
    qreal most = 0;
    for (auto bot = m_bots.rbegin(); bot != m_bots.rend(); ++bot) { // bottom up: the first bot is the top bar
        names.append(qs(bot->botName).toHtmlEscaped());
        tokens.append(static_cast<qreal>(bot->tokens));
        most = std::max(most, tokens.last());
    }
    auto* set = new QBarSet(tr("Tokens"));
    set->append(tokens);
    m_botBars->clear();
    m_botBars->append(set); // the whole set in one call
    m_botNames->setCategories(names);
    m_botTokens->setRange(0, most > 0 ? most * 1.1 : 1);
    m_botTokens->applyNiceNumbers();
}

void AnalyticsPage::changeEvent(QEvent* event)
{
    AdminPage::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (QChartView* view : findChildren<QChartView*>()) {
            applyChartTheme(view->chart(), palette());
        }
    }
}

void AnalyticsPage::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the analytics"),
        QStringLiteral("analytics-%1-%2.csv").arg(m_first.toString(Qt::ISODate), m_last.toString(Qt::ISODate)),
        tr("CSV (*.csv)"));
    if (!path.isEmpty()) {
        exportCsv(path);
    }
}

void AnalyticsPage::exportCsv(const QString& path)
{
    const QString error = writePrivateFile(path, QByteArray::fromStdString(client::api::analyticsCsv(m_days, m_bots)));
    if (!error.isEmpty()) {
        banner()->showError(error);
    }
    emit exported(error);
}

} // namespace ragdesk::ui
