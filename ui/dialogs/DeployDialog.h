#pragma once

#include "ragdesk/client/ops/deploy/Deployer.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace ragdesk::ui {

class OpsSession;

/// Picks what to deploy: the branches, tags and newest commits of the server's checkout (fetched from origin when
/// the dialog opens), each with its commit, message, author and time, filtered as one types; or a ref typed by hand.
/// Says what a deploy does before it is started. Accepting emits deployRequested; the page starts and follows it.
class DeployDialog : public QDialog {
    Q_OBJECT

public:
    DeployDialog(OpsSession* session, QWidget* parent = nullptr);

    QTreeWidget* refs() const { return m_refs; }
    QLineEdit* ref() const { return m_ref; }
    QLineEdit* filter() const { return m_filter; }
    QPushButton* deployButton() const { return m_deploy; }
    /// The refs have been read (or failed to be, as the dialog then says).
    bool loaded() const { return m_loaded; }

signals:
    void refsLoaded();
    void deployRequested(const QString& ref);

private:
    void showRefs(const client::ops::DeployRefs& refs);
    void applyFilter();

    QTreeWidget* m_refs;
    QLineEdit* m_filter;
    QLineEdit* m_ref;
    QLabel* m_status;
    QPushButton* m_deploy;
    bool m_loaded = false;
};

} // namespace ragdesk::ui
