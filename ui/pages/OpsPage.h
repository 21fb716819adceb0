#pragma once

#include "StackPage.h"

#include "bridge/OpsSession.h"

#include <QPointer>

namespace ragdesk::ui {

/// A page of the stack's VPS (containers, logs): a StackPage whose data comes through the current stack's OpsSession.
class OpsPage : public StackPage {
    Q_OBJECT

public:
    OpsPage(OpsSession* session, const QString& title, QWidget* parent = nullptr);

protected:
    /// Null once the session is gone (the window closing may destroy it before its pages).
    OpsSession* session() const { return m_session.data(); }

private:
    QPointer<OpsSession> m_session;
};

} // namespace ragdesk::ui
