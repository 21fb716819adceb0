#pragma once

#include "OpsPage.h"

#include "ragdesk/client/ops/StackOps.h"

#include <optional>

class QAction;
class QLabel;
class QPushButton;

namespace ragdesk::ui {

class StateBanner;

/// The stack's maintenance page, shown large and plainly: on or off, since when and by whom (a person, or a deploy
/// that holds it), and whether the public URL agrees — pages 503 and /health 200 while on — checked from outside on
/// every refresh and after every switch, with a warning when it does not. The switch asks first (it takes the site
/// down, or brings it back in the middle of somebody's work) and is recorded in the audit trail.
class MaintenancePage : public OpsPage {
    Q_OBJECT

public:
    explicit MaintenancePage(OpsSession* session, QWidget* parent = nullptr);

    StateBanner* stateBanner() const { return m_state; }
    StateBanner* checkBanner() const { return m_check; }
    /// The state last read from the server; nullopt before the first read.
    const std::optional<client::ops::MaintenanceState>& state() const { return m_current; }
    /// Asks, then turns the maintenance page on or off.
    void switchTo(bool on);

signals:
    /// A switch ended: `ok` when it took effect on the server (verified or not, as the check banner says).
    void switched(bool ok);

protected:
    void load() override;
    void clear() override;

private:
    /// The state on the server and what the public URL answers.
    struct Reading {
        client::ops::MaintenanceState state;
        std::optional<client::ops::MaintenanceCheck> check; ///< when asked for
    };
    /// Reads the state, and unless `verify` is false checks the public URL too.
    void refresh(bool verify = true);
    client::api::HttpOptions publicHttp() const;
    void showState(const client::ops::MaintenanceState& state);
    void showCheck(const client::ops::MaintenanceCheck& check, bool on, bool afterSwitch);
    void updateActions();

    StateBanner* m_state;
    StateBanner* m_check;
    QLabel* m_where;
    QPushButton* m_toggle;
    QAction* m_switch;
    QAction* m_verify;
    std::optional<client::ops::MaintenanceState> m_current;
    bool m_refreshing = false;
    bool m_switching = false;
};

} // namespace ragdesk::ui
