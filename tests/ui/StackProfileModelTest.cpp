#include "models/StackProfileModel.h"

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
        m_model->setProfiles({{"prod", "https://rag.example.com", "vps", 2222, "deploy", "/k"},
            {"local", "http://127.0.0.1:8080", "", 22, "", ""}});
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
