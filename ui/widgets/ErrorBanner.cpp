#include "ErrorBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace ragdesk::ui {

ErrorBanner::ErrorBanner(QWidget* parent)
    : QFrame(parent), m_text(new QLabel(this)), m_retry(new QPushButton(tr("Retry"), this))
{
    setObjectName(QStringLiteral("errorBanner"));
    setStyleSheet(QStringLiteral("#errorBanner { background: #fdecea; border: 1px solid #e57373; border-radius: 4px; }"
                                 "#errorBanner QLabel { color: #b71c1c; }"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_retry, 0, Qt::AlignTop);
    connect(m_retry, &QPushButton::clicked, this, &ErrorBanner::retryRequested);
    hide();
}

void ErrorBanner::showError(const QString& message)
{
    m_text->setText(message);
    show();
}

void ErrorBanner::clear()
{
    m_text->clear();
    hide();
}

QString ErrorBanner::message() const
{
    return isVisible() || !m_text->text().isEmpty() ? m_text->text() : QString();
}

QString failureText(const QString& what, const client::Error& error)
{
    const QString status = error.httpStatus ? QStringLiteral(" (HTTP %1)").arg(error.httpStatus) : QString();
    return QObject::tr("Could not %1: %2%3").arg(what, QString::fromStdString(error.message), status);
}

} // namespace ragdesk::ui
