#include "TenantWizard.h"

#include "SecretRevealDialog.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QLineEdit>

namespace ragdesk::ui {

QString suggestedSlug(const QString& name)
{
    QString slug;
    for (const QChar c : name.toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || c.isDigit()) {
            slug += c;
        } else if (!slug.isEmpty() && !slug.endsWith(QLatin1Char('-'))) {
            slug += QLatin1Char('-');
        }
    }
    while (slug.endsWith(QLatin1Char('-'))) {
        slug.chop(1);
    }
    return slug;
}

TenantWizard::TenantWizard(ApiSession* session, QWidget* parent)
    : FormDialog(session,
          tr("New tenant on %1").arg(QString::fromStdString(session->stack() ? session->stack()->name : "")), parent)
{
    m_name = addLine(tr("Tenant &name"), {"tenant_name"}, tr("Acme Corp"));
    m_slug = addLine(tr("&Slug"), {"tenant_slug"}, tr("acme: lower-case letters, digits and -"));
    m_email = addLine(tr("Owner &e-mail"), {"owner_email"}, tr("owner@acme.example"));
    m_password = addLine(tr("Owner &password"), {"owner_password"}, tr("8 to 128 characters"));
    m_password->setEchoMode(QLineEdit::Password);
    m_ownerName = addLine(tr("Owner's &display name"), {"owner_display_name"});
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString& name) {
        if (!m_slugEdited) {
            m_slug->setText(suggestedSlug(name));
        }
    });
    connect(m_slug, &QLineEdit::textEdited, this, [this] { m_slugEdited = true; });
}

void TenantWizard::submit()
{
    const client::api::TenantBootstrap request{.tenantName = m_name->text().trimmed().toStdString(),
        .tenantSlug = m_slug->text().trimmed().toStdString(),
        .ownerEmail = m_email->text().trimmed().toStdString(),
        .ownerPassword = client::Secret(m_password->text().toStdString()),
        .ownerDisplayName = m_ownerName->text().trimmed().toStdString()};
    send<client::api::BootstrappedTenant>(
        [request](client::api::ApiClient& api) { return api.accounts().bootstrapTenant(request); },
        [this](const client::api::BootstrappedTenant& created) {
            auto* reveal = new SecretRevealDialog(
                tr("Tenant %1 created").arg(QString::fromStdString(created.tenant.name)),
                tr("The tenant <b>%1</b> (slug <code>%2</code>) and its owner exist now. This is the owner's first API "
                   "token, named <i>default</i>.")
                    .arg(QString::fromStdString(created.tenant.name).toHtmlEscaped(),
                        QString::fromStdString(created.tenant.slug).toHtmlEscaped()),
                created.apiToken, parentWidget());
            reveal->setAttribute(Qt::WA_DeleteOnClose);
            reveal->open();
        });
}

} // namespace ragdesk::ui
