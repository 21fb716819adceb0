#include "models/StackProfileModel.h"
#include "models/StatusIcons.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using ragdesk::client::StackProfile;
using ragdesk::ui::StackHealth;
using ragdesk::ui::StackProfileModel;

/// The Connections page's model: shape, health updates and sort values.
class StackProfileModelTest : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_model = std::make_unique<StackProfileModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_model->setProfiles({{.name = "prod",
                                  .apiUrl = "https://rag.example.com",
                                  .sshHost = "vps",
                                  .sshPort = 2222,
                                  .sshUser = "deploy",
                                  .sshKeyPath = "/k"},
            {.name = "local", .apiUrl = "http://127.0.0.1:8080"}});
    }

    void showsOneRowPerProfile()
    {
        QCOMPARE(m_model->rowCount(), 2);
        QCOMPARE(m_model->columnCount(), static_cast<int>(StackProfileModel::Column::Count));
        QCOMPARE(cell(0, StackProfileModel::Column::Ssh), QStringLiteral("deploy@vps:2222"));
        QCOMPARE(cell(1, StackProfileModel::Column::Ssh), QString());
        QCOMPARE(cell(0, StackProfileModel::Column::Health), QStringLiteral("not checked"));
    }

    void healthUpdatesOnlyItsRow()
    {
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        StackHealth health;
        health.state = StackHealth::State::Healthy;
        health.system = ragdesk::client::api::SystemHealth{
            "ok", {true, "ok", {}, {}, 1}, {true, "ok", {}, {}, 2}, {true, "ok", {}, {}, 3}};
        m_model->setHealth(QStringLiteral("local"), health);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
        QCOMPARE(cell(1, StackProfileModel::Column::Health), QStringLiteral("healthy"));
        QCOMPARE(cell(1, StackProfileModel::Column::Components), QStringLiteral("postgres ok · qdrant ok · redis ok"));
        QCOMPARE(cell(0, StackProfileModel::Column::Health), QStringLiteral("not checked"));
    }

    void plainHttpToAnotherMachineIsMarkedInRed()
    {
        StackProfile lab{.name = "lab", .apiUrl = "http://10.0.0.5:8000"};
        lab.allowInsecureHttp = true;
        m_model->setProfiles({lab, {.name = "local", .apiUrl = "http://127.0.0.1:8080"},
            {.name = "prod", .apiUrl = "https://rag.example.com"}});
        const int url = static_cast<int>(StackProfileModel::Column::ApiUrl);
        QVERIFY(m_model->data(m_model->index(0, url), StackProfileModel::InsecureHttpRole).toBool());
        QVERIFY(m_model->data(m_model->index(0, url), Qt::ForegroundRole).isValid());
        QVERIFY(m_model->data(m_model->index(0, url), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("allow_insecure_http")));
        for (const int row : {1, 2}) {
            QVERIFY(!m_model->data(m_model->index(row, url), StackProfileModel::InsecureHttpRole).toBool());
            QVERIFY(!m_model->data(m_model->index(row, url), Qt::ForegroundRole).isValid());
        }
    }

    void markCheckingKeepsKnownResults()
    {
        StackHealth down;
        down.state = StackHealth::State::Unreachable;
        m_model->setHealth(QStringLiteral("prod"), down);
        m_model->markChecking();
        QCOMPARE(cell(0, StackProfileModel::Column::Health), QStringLiteral("unreachable"));
        QCOMPARE(cell(1, StackProfileModel::Column::Health), QStringLiteral("checking…"));
    }

    void healthSortsByState()
    {
        StackHealth down;
        down.state = StackHealth::State::Unreachable;
        m_model->setHealth(QStringLiteral("prod"), down);
        const int column = static_cast<int>(StackProfileModel::Column::Health);
        QVERIFY(m_model->data(m_model->index(0, column), StackProfileModel::SortRole).toInt() >
            m_model->data(m_model->index(1, column), StackProfileModel::SortRole).toInt());
    }

    void sshHealthHasItsOwnColumnAndTheNameShowsTheWorseRoad()
    {
        StackHealth up;
        up.state = StackHealth::State::Healthy;
        m_model->setHealth(QStringLiteral("prod"), up);
        m_model->setSshHealth(QStringLiteral("prod"),
            {.state = ragdesk::ui::HealthState::Healthy, .message = {}, .latencyMs = 45, .checkedAt = {}});
        QCOMPARE(cell(0, StackProfileModel::Column::SshHealth), QStringLiteral("healthy (45 ms)"));
        m_model->setSshHealth(QStringLiteral("prod"),
            {.state = ragdesk::ui::HealthState::Unreachable,
                .message = QStringLiteral("host key changed"),
                .latencyMs = 3,
                .checkedAt = {}});
        const QModelIndex ssh = m_model->index(0, static_cast<int>(StackProfileModel::Column::SshHealth));
        QCOMPARE(m_model->data(ssh, Qt::ToolTipRole).toString(), QStringLiteral("host key changed"));
        const QModelIndex name = m_model->index(0, static_cast<int>(StackProfileModel::Column::Name));
        QCOMPARE(m_model->data(name, Qt::DecorationRole).value<QIcon>().pixmap(16).toImage(),
            ragdesk::ui::statusIcon(StackHealth::State::Unreachable).pixmap(16).toImage());
    }

    void aNewListKeepsTheHealthOfStacksThatDidNotChange()
    {
        StackHealth up;
        up.state = StackHealth::State::Healthy;
        m_model->setHealth(QStringLiteral("prod"), up);
        m_model->setHealth(QStringLiteral("local"), up);
        auto profiles = m_model->profiles();
        profiles[1].apiUrl = "http://127.0.0.1:9090"; // local edited: its old health says nothing of the new URL
        profiles.push_back({.name = "new", .apiUrl = "https://new.example.com"});
        m_model->setProfiles(profiles);
        QCOMPARE(cell(0, StackProfileModel::Column::Health), QStringLiteral("healthy"));
        QCOMPARE(cell(1, StackProfileModel::Column::Health), QStringLiteral("not checked"));
        QCOMPARE(cell(2, StackProfileModel::Column::Health), QStringLiteral("not checked"));
        QCOMPARE(m_model->rowOf(QStringLiteral("new")), 2);
        QCOMPARE(m_model->rowOf(QStringLiteral("gone")), -1);
    }

private:
    QString cell(int row, StackProfileModel::Column column) const
    {
        return m_model->data(m_model->index(row, static_cast<int>(column)), Qt::DisplayRole).toString();
    }

    std::unique_ptr<StackProfileModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(StackProfileModelTest)
#include "StackProfileModelTest.moc"
