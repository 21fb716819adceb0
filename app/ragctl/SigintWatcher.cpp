#include "SigintWatcher.h"

#include <cerrno>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

namespace ragdesk::ragctl {
namespace {

// The write end of the active watcher's pipe: a signal handler can reach only globals.
volatile std::sig_atomic_t g_wakeFd = -1;

constexpr char kInterrupt = 'i';
constexpr char kQuit = 'q';

extern "C" void onSigint(int)
{
    const int savedErrno = errno;
    const char byte = kInterrupt;
    [[maybe_unused]] const ssize_t written = write(g_wakeFd, &byte, 1);
    // The next Ctrl-C kills: a user pressing it twice wants out even if the stop hangs.
    struct sigaction fallback { };
    fallback.sa_handler = SIG_DFL;
    sigaction(SIGINT, &fallback, nullptr);
    errno = savedErrno;
}

} // namespace

SigintWatcher::SigintWatcher(std::function<void()> onInterrupt) : m_onInterrupt(std::move(onInterrupt))
{
    if (pipe2(m_pipe, O_CLOEXEC) != 0) {
        return; // without the pipe Ctrl-C keeps its default action: the process ends, which is still safe
    }
    g_wakeFd = m_pipe[1];
    struct sigaction action { };
    action.sa_handler = onSigint;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &m_previous);
    // The thread starts with SIGINT blocked, so the handler runs on the main thread and never inside poll() here.
    sigset_t blocked;
    sigset_t previousMask;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    pthread_sigmask(SIG_BLOCK, &blocked, &previousMask);
    m_thread = std::thread([this] { watch(); });
    pthread_sigmask(SIG_SETMASK, &previousMask, nullptr);
}

SigintWatcher::~SigintWatcher()
{
    if (!m_thread.joinable()) {
        return;
    }
    sigaction(SIGINT, &m_previous, nullptr);
    const char byte = kQuit;
    [[maybe_unused]] const ssize_t written = write(m_pipe[1], &byte, 1);
    m_thread.join();
    g_wakeFd = -1;
    close(m_pipe[0]);
    close(m_pipe[1]);
}

void SigintWatcher::watch()
{
    pollfd wake{m_pipe[0], POLLIN, 0};
    for (;;) {
        const int ready = poll(&wake, 1, -1);
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        char byte = 0;
        if (ready <= 0 || read(m_pipe[0], &byte, 1) != 1) {
            continue;
        }
        if (byte == kQuit) {
            return;
        }
        m_interrupted = true;
        m_onInterrupt();
    }
}

} // namespace ragdesk::ragctl
