#include "StackEditorDialog.h"

#include "bridge/HealthMonitor.h"
#include "bridge/StackDirectory.h"
#include "models/StatusIcons.h"
#include "widgets/FormErrors.h"
#include "widgets/Text.h"

#include "ragdesk/client/api/HttpClient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

/// A label for a result line: wrapping, selectable, hidden until it has something to say.
QLabel* resultLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

} // namespace

StackEditorDialog::StackEditorDialog(
    StackDirectory* stacks, std::optional<client::StackProfile> editing, QWidget* parent)
    : QDialog(parent),
      m_stacks(stacks),
      m_originalName(editing ? editing->name : std::string()),
      m_allowInsecure(
          new QCheckBox(tr("Allow plain http:// to this machine (tokens cross the network in clear)"), this)),
      m_insecureWarning(errorLabel(this)),
      m_signIn(new QComboBox(this)),
      m_sshPort(new QSpinBox(this)),
      m_formError(errorLabel(this)),
      m_errors(m_formError),
      m_test(new QPushButton(tr("&Test connection"), this)),
      m_apiResult(resultLabel(this)),
      m_sshResult(resultLabel(this)),
      m_trustKey(new QPushButton(tr("T&rust this host key"), this))
{
    setWindowTitle(editing ? tr("Edit stack %1").arg(qs(editing->name)) : tr("Add a stack"));

    auto* apiBox = new QGroupBox(tr("API"), this);
    auto* api = new QFormLayout(apiBox);
    m_name = addField(api, tr("&Name"), "name", tr("prod, staging…"));
    m_apiUrl = addField(api, tr("API &URL"), "api_url", tr("https://rag.example.com"));
    api->addRow(QString(), m_allowInsecure);
    api->addRow(QString(), m_insecureWarning);
    m_caFile = addField(api, tr("CA file"), "tls.ca_file", tr("a PEM bundle, for a self-signed certificate"));
    m_pinnedKey = addField(api, tr("Pinned key"), "tls.pinned_key", tr("sha256//… instead of a CA"));
    m_signIn->addItems({tr("E-mail and password"), tr("Tenant API token"), tr("None: health only")});
    api->addRow(tr("Sign &in with"), m_signIn);
    m_email = addField(api, tr("&E-mail"), "api_email", tr("owner@example.com"));
    m_password = addField(api, tr("&Password"), "password");
    m_token = addField(api, tr("API &token"), "token");

    auto* sshBox = new QGroupBox(tr("VPS over SSH"), this);
    auto* ssh = new QFormLayout(sshBox);
    m_sshHost = addField(ssh, tr("&Host"), "ssh.host", tr("a host name, address or ~/.ssh/config alias"));
    m_sshPort->setRange(1, 65535);
    m_sshPort->setValue(22);
    ssh->addRow(tr("P&ort"), m_sshPort);
    m_errors.addField(ssh, {"ssh.port"});
    m_sshUser = addField(ssh, tr("U&ser"), "ssh.user", tr("deploy"));
    m_sshKey = addField(ssh, tr("&Key file"), "ssh.key", tr("empty: the agent and ~/.ssh/config's keys"));
    m_passphrase = addField(ssh, tr("Key &passphrase"), "ssh.passphrase");
    m_knownHosts = addField(ssh, tr("known_hosts"), "ssh.known_hosts", tr("empty: ~/.ssh/known_hosts"));
    m_stackDir = addField(ssh, tr("Stack &directory"), "ssh.stack_dir", tr("/srv/minirag"));
    m_composeProject =
        addField(ssh, tr("Compose project"), "ssh.compose_project", tr("empty: found from the directory"));

    for (QLineEdit* secret : {m_password, m_token, m_passphrase}) {
        secret->setEchoMode(QLineEdit::Password);
        secret->setPlaceholderText(
            editing ? tr("unchanged (kept in the keychain)") : tr("kept in the keychain, never in stacks.json"));
    }

    if (editing) {
        m_name->setText(qs(editing->name));
        m_apiUrl->setText(qs(editing->apiUrl));
        m_allowInsecure->setChecked(editing->allowInsecureHttp);
        m_caFile->setText(qs(editing->caFile));
        m_pinnedKey->setText(qs(editing->pinnedPublicKey));
        m_email->setText(qs(editing->apiEmail));
        m_signIn->setCurrentIndex(static_cast<int>(editing->apiEmail.empty() ? SignIn::Token : SignIn::Password));
        m_sshHost->setText(qs(editing->sshHost));
        m_sshPort->setValue(editing->sshPort);
        m_sshUser->setText(qs(editing->sshUser));
        m_sshKey->setText(qs(editing->sshKeyPath));
        m_knownHosts->setText(qs(editing->sshKnownHostsFile));
        m_stackDir->setText(qs(editing->stackDir));
        m_composeProject->setText(qs(editing->composeProject));
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->addButton(m_test, QDialogButtonBox::ActionRole);
    m_test->setToolTip(tr("Probe the API and the SSH login of what is typed, before saving"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(apiBox);
    layout->addWidget(sshBox);
    layout->addWidget(m_apiResult);
    layout->addWidget(m_sshResult);
    layout->addWidget(m_trustKey, 0, Qt::AlignLeft);
    layout->addWidget(m_formError);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &StackEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &StackEditorDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &StackEditorDialog::testConnection);
    connect(m_trustKey, &QPushButton::clicked, this, &StackEditorDialog::trustHostKey);
    m_trustKey->hide();
    connect(m_signIn, &QComboBox::currentIndexChanged, this, &StackEditorDialog::updateSignInFields);
    connect(m_apiUrl, &QLineEdit::textChanged, this, &StackEditorDialog::updateInsecureWarning);
    connect(m_allowInsecure, &QCheckBox::toggled, this, &StackEditorDialog::updateInsecureWarning);
    updateSignInFields();
    updateInsecureWarning();
    resize(620, sizeHint().height());
}

QLineEdit* StackEditorDialog::addField(
    QFormLayout* form, const QString& label, const std::string& key, const QString& hint)
{
    auto* edit = new QLineEdit(this);
    edit->setPlaceholderText(hint);
    edit->setObjectName(qs(key));
    form->addRow(label, edit);
    m_errors.addField(form, {key});
    return edit;
}

client::StackProfile StackEditorDialog::profile() const
{
    client::StackProfile profile;
    profile.name = text(m_name);
    profile.apiUrl = text(m_apiUrl);
    while (profile.apiUrl.ends_with('/')) {
        profile.apiUrl.pop_back();
    }
    profile.allowInsecureHttp = m_allowInsecure->isChecked() && client::api::isInsecureHttp(profile.apiUrl);
    profile.caFile = text(m_caFile);
    profile.pinnedPublicKey = text(m_pinnedKey);
    profile.apiEmail = static_cast<SignIn>(m_signIn->currentIndex()) == SignIn::Password ? text(m_email) : "";
    profile.sshHost = text(m_sshHost);
    profile.sshPort = static_cast<std::uint16_t>(m_sshPort->value());
    profile.sshUser = text(m_sshUser);
    profile.sshKeyPath = text(m_sshKey);
    profile.sshKnownHostsFile = text(m_knownHosts);
    profile.stackDir = text(m_stackDir);
    profile.composeProject = text(m_composeProject);
    return profile;
}

void StackEditorDialog::updateSignInFields()
{
    const auto choice = static_cast<SignIn>(m_signIn->currentIndex());
    for (auto [edit, shown] : {std::pair{m_email, choice == SignIn::Password},
             std::pair{m_password, choice == SignIn::Password}, std::pair{m_token, choice == SignIn::Token}}) {
        if (auto* form = qobject_cast<QFormLayout*>(edit->parentWidget()->layout()); form) {
            form->setRowVisible(edit, shown);
        }
    }
}

void StackEditorDialog::updateInsecureWarning()
{
    const bool insecure =
        client::api::isInsecureHttp(text(m_apiUrl)) && m_apiUrl->text().startsWith(QStringLiteral("http://"));
    m_allowInsecure->setVisible(insecure);
    if (!insecure) {
        setErrorText(m_insecureWarning, {});
        return;
    }
    setErrorText(m_insecureWarning,
        m_allowInsecure->isChecked()
            ? tr("Passwords and tokens will cross the network unencrypted. Prefer https://.")
            : tr("Plain http:// to another machine is refused unless allowed above. Prefer https://."));
}

void StackEditorDialog::accept()
{
    const client::StackProfile edited = profile();
    m_errors.clear();
    if (auto saved = m_stacks->save(edited, m_originalName); !saved) {
        m_errors.show(saved.error());
        return;
    }
    const auto keep = [&](QLineEdit* field, SecretStore::Kind kind) {
        if (!field->text().isEmpty() && field->isVisibleTo(this)) {
            m_stacks->keepSecret(edited.name, kind, client::Secret(field->text().toStdString()));
            field->clear();
        }
    };
    keep(m_password, SecretStore::Kind::ApiPassword);
    keep(m_token, SecretStore::Kind::ApiToken);
    keep(m_passphrase, SecretStore::Kind::SshPassphrase);
    QDialog::accept();
}

void StackEditorDialog::testConnection()
{
    const client::StackProfile edited = profile();
    if (auto checked = client::checkStackProfile(edited); !checked) {
        m_errors.show(checked.error());
        return;
    }
    m_errors.clear();
    delete m_tester; // its probes in flight are cancelled, never waited for
    m_tester = new HealthMonitor(this);
    if (!m_passphrase->text().isEmpty()) {
        m_tester->setKeyPassphrase(edited.name, client::Secret(m_passphrase->text().toStdString()));
    }
    connect(m_tester, &HealthMonitor::healthChecked, this,
        [this](const QString&, const StackHealth& health) { showApiResult(health); });
    connect(m_tester, &HealthMonitor::sshChecked, this,
        [this](const QString&, const SshHealth& health) { showSshResult(health); });
    showApiResult(StackHealth{.state = HealthState::Checking});
    showSshResult(SshHealth{.state = edited.sshHost.empty() ? HealthState::NotConfigured : HealthState::Checking});
    m_tester->probe({edited});
}

void StackEditorDialog::showApiResult(const StackHealth& health)
{
    m_apiResult->setText(
        tr("<b>API:</b> %1%2")
            .arg(stateText(health.state),
                health.message.isEmpty() ? QString() : QStringLiteral(" — ") + health.message.toHtmlEscaped()));
    m_apiResult->show();
}

void StackEditorDialog::showSshResult(const SshHealth& health)
{
    QString detail = health.message.toHtmlEscaped();
    if (health.state == HealthState::Healthy) {
        detail = tr("logged in and ran a command in %1 ms").arg(health.latencyMs);
    } else if (health.unknownHostKey) {
        const client::ssh::HostKeyInfo& key = *health.unknownHostKey;
        detail = tr("%1 is not in %2 yet. It presents the %3 key<br><tt>%4</tt><br>Compare it with what the server "
                    "itself says (<tt>ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub</tt> on its console) before "
                    "trusting it.")
                     .arg(qs(key.host).toHtmlEscaped(), qs(key.knownHostsFile).toHtmlEscaped(),
                         qs(key.keyType).toHtmlEscaped(), qs(key.fingerprint).toHtmlEscaped());
    } else if (health.passphraseNeeded) {
        detail = m_passphrase->text().isEmpty() ? tr("the key is encrypted: type its passphrase above and test again")
                                                : tr("the key's passphrase was refused");
        m_passphrase->setFocus();
    }
    m_unknownHostKey = health.unknownHostKey;
    m_trustKey->setVisible(health.unknownHostKey.has_value());
    m_sshResult->setText(
        tr("<b>SSH:</b> %1%2")
            .arg(stateText(health.state), detail.isEmpty() ? QString() : QStringLiteral(" — ") + detail));
    m_sshResult->show();
}

void StackEditorDialog::trustHostKey()
{
    if (!m_unknownHostKey) {
        return;
    }
    if (const auto trusted = client::ssh::trustHostKey(*m_unknownHostKey); !trusted) {
        m_sshResult->setText(tr("<b>SSH:</b> %1").arg(qs(trusted.error().message).toHtmlEscaped()));
        return;
    }
    testConnection();
}

} // namespace ragdesk::ui
