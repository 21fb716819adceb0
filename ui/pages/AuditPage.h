#pragma once

#include "OpsPage.h"

#include "models/RecordModel.h"

#include "ragdesk/client/ops/AuditLog.h"

class QComboBox;

namespace ragdesk::ui {

class RecordTable;

/// One row of the audit page: a record, and where it was kept.
struct AuditRow {
    client::ops::AuditRecord record;
    bool onServer = false; ///< from the stack's server (every operator's), else this machine's own file
};

/// Every mutating action, from this machine's audit file (all its stacks) and the current stack's server (every
/// operator's, the deploy runner's too), newest first, narrowed by stack, actor, action and time, and by any text.
/// The help says what is never kept: a command run in a container is recorded by its name, not its arguments.
class AuditPage : public OpsPage {
    Q_OBJECT

public:
    using Model = RecordModel<AuditRow>;

    explicit AuditPage(OpsSession* session, QWidget* parent = nullptr);

    Model* model() const { return m_model; }
    RecordTable* table() const { return m_table; }
    QComboBox* stackChoice() const { return m_stack; }
    QComboBox* actorChoice() const { return m_actor; }
    QComboBox* actionChoice() const { return m_action; }
    QComboBox* timeChoice() const { return m_time; }

protected:
    void load() override;
    void clear() override;

private:
    /// What was read: this machine's records, and the server's or why they could not be read.
    struct Reading {
        std::vector<client::ops::AuditRecord> local;
        client::Result<std::vector<client::ops::AuditRecord>> remote;
    };
    void showRecords(Reading reading);
    void applyFilter();
    static void fillChoice(QComboBox* choice, const QStringList& values);

    Model* m_model;
    RecordTable* m_table;
    QComboBox* m_stack;
    QComboBox* m_actor;
    QComboBox* m_action;
    QComboBox* m_time;
    std::vector<AuditRow> m_all;
};

} // namespace ragdesk::ui
