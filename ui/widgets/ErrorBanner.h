#pragma once

#include "ragdesk/client/common/Error.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace ragdesk::ui {

/// A failed call's message where it happened: a red strip at the top of a page with Retry, hidden while nothing
/// failed. Not a modal box: the rest of the app stays usable while one stack is unreachable.
class ErrorBanner : public QFrame {
    Q_OBJECT

public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    /// Shows `message` ("Could not load users: …"); Retry emits retryRequested.
    void showError(const QString& message);
    void clear();
    QString message() const;

signals:
    void retryRequested();

private:
    QLabel* m_text;
    QPushButton* m_retry;
};

/// "Could not load users: <message>" with the HTTP status when there is one, for banners and inline messages.
QString failureText(const QString& what, const client::Error& error);

} // namespace ragdesk::ui
