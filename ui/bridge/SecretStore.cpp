#include "SecretStore.h"

#include <qt6keychain/keychain.h>

#include <QPointer>

namespace ragdesk::ui {
namespace {

QString kindKey(SecretStore::Kind kind)
{
    switch (kind) {
    case SecretStore::Kind::ApiPassword:
        return QStringLiteral("api-password");
    case SecretStore::Kind::ApiToken:
        return QStringLiteral("api-token");
    case SecretStore::Kind::SshPassphrase:
        return QStringLiteral("ssh-passphrase");
    }
    return {};
}

/// An error that says the keychain itself is missing or refusing, not that this entry is absent.
bool isKeychainProblem(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::AccessDenied ||
        error == QKeychain::AccessDeniedByUser || error == QKeychain::NotImplemented || error == QKeychain::OtherError;
}

QString describe(const QKeychain::Job& job)
{
    return QObject::tr("the keychain did not answer (%1); secrets are kept for this run only, never written to "
                       "a file")
        .arg(job.errorString());
}

/// A job of the store's service for one key, that deletes itself once finished and never falls back to a plain-text
/// file (secrets stay in memory instead). Never a child of the store: QtKeychain's libsecret backend calls back into
/// a job deleted in flight, so a job outlives the store that started it, whose context then drops the answer.
template <typename Job> Job* newJob(const QString& service, const QString& key)
{
    auto* job = new Job(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

SecretStore::SecretStore(QString service, QObject* parent) : QObject(parent), m_service(std::move(service)) { }

QString SecretStore::keyOf(const QString& stack, Kind kind) const
{
    return stack + QLatin1Char('/') + kindKey(kind);
}

void SecretStore::setProblem(const QString& problem)
{
    if (problem != m_problem) {
        m_problem = problem;
        emit keychainProblemChanged(m_problem);
    }
}

void SecretStore::read(const QString& stack, Kind kind, QObject* receiver, ReadDone done)
{
    const QString key = keyOf(stack, kind);
    if (const auto kept = m_thisRun.find(key); kept != m_thisRun.end()) {
        // Queued like a keychain answer, so callers see one order of events whichever way the secret came.
        QMetaObject::invokeMethod(
            this,
            [receiver = QPointer<QObject>(receiver), done = std::move(done), secret = kept->second] {
                if (receiver) {
                    done(secret, {});
                }
            },
            Qt::QueuedConnection);
        return;
    }
    auto* job = newJob<QKeychain::ReadPasswordJob>(m_service, key);
    const quint64 generation = m_generation[key];
    connect(job, &QKeychain::Job::finished, this,
        [this, key, job, generation, receiver = QPointer<QObject>(receiver), done = std::move(done)] {
            std::optional<client::Secret> secret;
            QString error;
            if (generation != m_generation[key]) {
                // Written or removed since this read began: the keychain's older answer must not come back.
                if (const auto kept = m_thisRun.find(key); kept != m_thisRun.end()) {
                    secret = kept->second;
                }
            } else if (job->error() == QKeychain::NoError) {
                secret = client::Secret(job->textData().toStdString());
                m_thisRun[key] = *secret;
                setProblem({});
            } else if (isKeychainProblem(job->error())) {
                error = describe(*job);
                setProblem(error);
            } // EntryNotFound: nothing stored, no error
            if (receiver) {
                done(std::move(secret), error);
            }
        });
    job->start();
}

void SecretStore::write(const QString& stack, Kind kind, client::Secret secret, QObject* receiver, WriteDone done)
{
    const QString key = keyOf(stack, kind);
    auto* job = newJob<QKeychain::WritePasswordJob>(m_service, key);
    job->setTextData(QString::fromStdString(secret.reveal()));
    m_thisRun[key] = std::move(secret);
    ++m_generation[key];
    connect(job, &QKeychain::Job::finished, this,
        [this, job, receiver = QPointer<QObject>(receiver), done = std::move(done)] {
            const bool kept = job->error() == QKeychain::NoError;
            const QString error = kept ? QString() : describe(*job);
            setProblem(error);
            if (receiver) {
                done(kept, error);
            }
        });
    job->start();
}

void SecretStore::keepForThisRun(const QString& stack, Kind kind, client::Secret secret)
{
    const QString key = keyOf(stack, kind);
    m_thisRun[key] = std::move(secret);
    ++m_generation[key];
}

void SecretStore::remove(const QString& stack, Kind kind, QObject* receiver, WriteDone done)
{
    const QString key = keyOf(stack, kind);
    m_thisRun.erase(key);
    ++m_generation[key];
    auto* job = newJob<QKeychain::DeletePasswordJob>(m_service, key);
    connect(job, &QKeychain::Job::finished, this,
        [this, job, receiver = QPointer<QObject>(receiver), done = std::move(done)] {
            const bool removed = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
            const QString error = removed ? QString() : describe(*job);
            if (!removed && isKeychainProblem(job->error())) {
                setProblem(error);
            }
            if (receiver) {
                done(removed, error);
            }
        });
    job->start();
}

} // namespace ragdesk::ui
