#include "OpsPage.h"

#include "bridge/OpsSession.h"

namespace ragdesk::ui {

OpsPage::OpsPage(OpsSession* session, const QString& title, QWidget* parent)
    : StackPage(
          title, [session] { return session->stack(); }, parent),
      m_session(session)
{
    connect(session, &OpsSession::changed, this, &OpsPage::sessionChanged);
}

} // namespace ragdesk::ui
