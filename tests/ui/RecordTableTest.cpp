#include "widgets/RecordTable.h"

#include "models/RecordModel.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

using ragdesk::ui::RecordModel;
using ragdesk::ui::RecordTable;

namespace {

struct Item {
    QString name;
    qint64 count;
};

/// Names shown as text; counts shown with a unit but sorted as numbers.
RecordModel<Item>* itemModel(QObject* parent)
{
    return new RecordModel<Item>(
        {{QStringLiteral("Name"), [](const Item& item) { return item.name; }},
            {QStringLiteral("Count"),
                [](const Item& item) { return QString(QString::number(item.count) + QStringLiteral(" x")); },
                [](const Item& item) { return item.count; }}},
        [](const Item& item) { return item.name; }, parent);
}

QStringList namesShown(const RecordTable& table)
{
    QStringList names;
    for (int row = 0; row < table.proxy()->rowCount(); ++row) {
        names << table.proxy()->index(row, 0).data().toString();
    }
    return names;
}

} // namespace

/// The admin pages' table recipe: sorting by raw values (numbers as numbers, text without case), the filter over
/// every column, and the selection kept on its record across a refresh.
class RecordTableTest : public QObject {
    Q_OBJECT

private slots:
    void sortsNumbersByValueAndTextWithoutCase()
    {
        QObject owner;
        auto* model = itemModel(&owner);
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RecordTable table(model, QString());
        model->setRecords({{QStringLiteral("gamma"), 10}, {QStringLiteral("Beta"), 9}, {QStringLiteral("alpha"), 100}});
        table.view()->sortByColumn(1, Qt::AscendingOrder);
        QCOMPARE(
            namesShown(table), (QStringList{QStringLiteral("Beta"), QStringLiteral("gamma"), QStringLiteral("alpha")}));
        table.view()->sortByColumn(0, Qt::AscendingOrder);
        QCOMPARE(
            namesShown(table), (QStringList{QStringLiteral("alpha"), QStringLiteral("Beta"), QStringLiteral("gamma")}));
        table.view()->sortByColumn(0, Qt::DescendingOrder);
        QCOMPARE(
            namesShown(table), (QStringList{QStringLiteral("gamma"), QStringLiteral("Beta"), QStringLiteral("alpha")}));
    }

    void filtersOverEveryColumnAndKeepsTheSelectionAcrossARefresh()
    {
        QObject owner;
        auto* model = itemModel(&owner);
        RecordTable table(model, QString());
        model->setRecords({{QStringLiteral("gamma"), 10}, {QStringLiteral("Beta"), 9}, {QStringLiteral("alpha"), 100}});
        table.filter()->setText(QStringLiteral("100 X"));
        QCOMPARE(namesShown(table), QStringList{QStringLiteral("alpha")});
        table.filter()->clear();

        table.selectId(QStringLiteral("Beta"));
        QCOMPARE(model->record(table.selectedRow()).name, QStringLiteral("Beta"));
        // A refresh with another row first and new counts: the selection stays on Beta.
        model->setRecords({{QStringLiteral("aardvark"), 1}, {QStringLiteral("gamma"), 10}, {QStringLiteral("Beta"), 11},
            {QStringLiteral("alpha"), 100}});
        QVERIFY(table.selectedRow() >= 0);
        QCOMPARE(model->record(table.selectedRow()).name, QStringLiteral("Beta"));
    }
};

QTEST_MAIN(RecordTableTest)
#include "RecordTableTest.moc"
