#include "AuditPage.h"

#include "bridge/OpsSession.h"
#include "widgets/ErrorBanner.h"
#include "widgets/RecordTable.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"

#include "ragdesk/client/ops/StackOps.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <set>

namespace ragdesk::ui {
namespace {

using client::ops::AuditRecord;

constexpr size_t kServerRecords = 5000; ///< the server's newest records read (its log only grows)

client::api::Timestamp timestampOf(const AuditRecord& record)
{
    return std::chrono::time_point_cast<client::api::Timestamp::duration>(record.time);
}

std::vector<AuditPage::Model::Column> columns()
{
    using Column = AuditPage::Model::Column;
    return {
        Column(
            QObject::tr("Time"), [](const AuditRow& row) { return localTimeText(timestampOf(row.record)); },
            [](const AuditRow& row) { return static_cast<qint64>(row.record.time.time_since_epoch().count()); }),
        Column(QObject::tr("Kept"),
            [](const AuditRow& row) { return row.onServer ? QObject::tr("server") : QObject::tr("this machine"); }),
        Column(QObject::tr("Stack"), [](const AuditRow& row) { return qs(row.record.stack); }),
        Column(QObject::tr("Actor"), [](const AuditRow& row) { return qs(row.record.actor); }),
        Column(QObject::tr("Action"), [](const AuditRow& row) { return qs(row.record.action); }),
        Column(QObject::tr("Target"), [](const AuditRow& row) { return qs(row.record.target); }),
        Column(QObject::tr("Outcome"), [](const AuditRow& row) { return qs(row.record.outcome); }),
        Column(QObject::tr("Detail"), [](const AuditRow& row) { return qs(row.record.detail); }),
    };
}

/// The time choices: a label and how far back, in seconds (0: all).
const std::vector<std::pair<const char*, qint64>>& timeChoices()
{
    static const std::vector<std::pair<const char*, qint64>> choices = {{QT_TR_NOOP("Any time"), 0},
        {QT_TR_NOOP("Last hour"), 3600}, {QT_TR_NOOP("Last 24 hours"), 86'400}, {QT_TR_NOOP("Last 7 days"), 7 * 86'400},
        {QT_TR_NOOP("Last 30 days"), 30 * 86'400}};
    return choices;
}

} // namespace

AuditPage::AuditPage(OpsSession* session, QWidget* parent)
    : OpsPage(session, tr("Audit"), parent),
      m_model(new Model(
          columns(),
          [](const AuditRow& row) -> QString {
              return QString::number(row.record.time.time_since_epoch().count()) + QLatin1Char('|') +
                  (row.onServer ? QLatin1Char('s') : QLatin1Char('l')) +
                  qs(row.record.actor + row.record.action + row.record.target);
          },
          this)),
      m_table(new RecordTable(m_model, tr("Filter by any text (target, detail…)"), this)),
      m_stack(new QComboBox(this)),
      m_actor(new QComboBox(this)),
      m_action(new QComboBox(this)),
      m_time(new QComboBox(this))
{
    for (const auto& [label, seconds] : timeChoices()) {
        m_time->addItem(tr(label), seconds);
    }
    auto* filters = new QHBoxLayout;
    for (const auto& [label, choice] : {std::pair(tr("Stack:"), m_stack), std::pair(tr("Actor:"), m_actor),
             std::pair(tr("Action:"), m_action), std::pair(tr("When:"), m_time)}) {
        filters->addWidget(new QLabel(label, this));
        filters->addWidget(choice);
        choice->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(choice, &QComboBox::currentIndexChanged, this, &AuditPage::applyFilter);
    }
    filters->addStretch(1);
    auto* help = new QLabel(tr("Every mutating action — container actions, commands run in a container, maintenance, "
                               "deploys, rollbacks, backups and restores, lock releases — as this machine recorded it "
                               "(for every stack) and as the stack's server did (for every operator, the deploy runner "
                               "included). A command run in a container is recorded by its name only, never its "
                               "arguments, which may hold a password; no secret is ever recorded."),
        this);
    help->setWordWrap(true);
    help->setForegroundRole(QPalette::PlaceholderText);
    content()->addWidget(help);
    content()->addLayout(filters);
    content()->addWidget(m_table, 1);
    m_table->view()->sortByColumn(0, Qt::DescendingOrder);
    toolbar()->hide(); // nothing to act on: the records are read-only (F5 reloads)
    clear();
}

void AuditPage::load()
{
    session()->run<Reading>(
        this, OpsSession::Lane::Status,
        [](const OpsSession::Ops& ops, const TaskContext&) -> client::Result<Reading> {
            auto local = ops->audit().readLocal();
            if (!local) {
                return local.error();
            }
            return Reading{.local = std::move(*local), .remote = ops->audit().readRemote(ops->ssh(), kServerRecords)};
        },
        [this](client::Result<Reading> reading) {
            if (!reading) {
                loadFinished(tr("read the audit records"), &reading.error());
                return;
            }
            const std::optional<client::Error> remoteError =
                reading->remote ? std::nullopt : std::optional(reading->remote.error());
            showRecords(std::move(*reading));
            loadFinished(tr("read the server's audit records"), remoteError ? &*remoteError : nullptr);
        });
}

void AuditPage::clear()
{
    m_all.clear();
    m_model->setRecords({});
    for (QComboBox* choice : {m_stack, m_actor, m_action}) {
        fillChoice(choice, {});
    }
}

void AuditPage::showRecords(Reading reading)
{
    const std::string stack = session() && session()->stack() ? session()->stack()->name : std::string();
    m_all.clear();
    for (AuditRecord& record : reading.local) {
        m_all.push_back(AuditRow{.record = std::move(record), .onServer = false});
    }
    if (reading.remote) {
        for (AuditRecord& record : reading.remote.value()) {
            if (record.stack.empty()) {
                record.stack = stack; // the runner's records: the server knows no profile names
            }
            m_all.push_back(AuditRow{.record = std::move(record), .onServer = true});
        }
    }
    std::set<QString> stacks;
    std::set<QString> actors;
    std::set<QString> actions;
    for (const AuditRow& row : m_all) {
        stacks.insert(qs(row.record.stack));
        actors.insert(qs(row.record.actor));
        actions.insert(qs(row.record.action));
    }
    fillChoice(m_stack, QStringList(stacks.begin(), stacks.end()));
    fillChoice(m_actor, QStringList(actors.begin(), actors.end()));
    fillChoice(m_action, QStringList(actions.begin(), actions.end()));
    applyFilter();
}

void AuditPage::fillChoice(QComboBox* choice, const QStringList& values)
{
    // The choice made survives a reload when its value is still there.
    const QString kept = choice->currentIndex() > 0 ? choice->currentText() : QString();
    const QSignalBlocker quiet(choice);
    choice->clear();
    choice->addItem(tr("Any"));
    choice->addItems(values);
    choice->setCurrentIndex(kept.isEmpty() ? 0 : std::max(0, static_cast<int>(choice->findText(kept))));
}

void AuditPage::applyFilter()
{
    const auto wanted = [](const QComboBox* choice, const std::string& value) {
        return choice->currentIndex() <= 0 || choice->currentText() == qs(value);
    };
    const qint64 window = m_time->currentData().toLongLong();
    const auto since = std::chrono::system_clock::now() - std::chrono::seconds(window);
    std::vector<AuditRow> shown;
    for (const AuditRow& row : m_all) {
        if (wanted(m_stack, row.record.stack) && wanted(m_actor, row.record.actor) &&
            wanted(m_action, row.record.action) && (window == 0 || row.record.time >= since)) {
            shown.push_back(row);
        }
    }
    m_model->setRecords(std::move(shown));
}

} // namespace ragdesk::ui
