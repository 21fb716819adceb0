#pragma once

#include "StackPage.h"

namespace ragdesk::ui {

class OpsSession;

/// A page of the stack's VPS (containers, logs): a StackPage whose data comes through the current stack's OpsSession.
class OpsPage : public StackPage {
    Q_OBJECT

public:
    OpsPage(OpsSession* session, const QString& title, QWidget* parent = nullptr);

protected:
    OpsSession* session() const { return m_session; }

private:
    OpsSession* m_session;
};

} // namespace ragdesk::ui
