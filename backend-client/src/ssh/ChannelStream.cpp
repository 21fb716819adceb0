#include "ChannelState.h"

namespace ragdesk::client::ssh {

ChannelStream::ChannelStream(std::shared_ptr<State> state) : m_state(std::move(state)) { }

ChannelStream::~ChannelStream()
{
    {
        const std::lock_guard lock(m_state->mutex);
        m_state->released = true;
    }
    m_state->wakeConnection();
}

Result<ChannelStream::Received> ChannelStream::read(std::chrono::steady_clock::time_point deadline)
{
    std::unique_lock lock(m_state->mutex);
    const auto ready = [this] {
        return !m_state->out.empty() || !m_state->err.empty() || m_state->finished || m_state->cancelRequested;
    };
    if (!m_state->changed.wait_until(lock, deadline, ready)) {
        return Error{.kind = ErrorKind::Timeout, .message = "no answer from the server in time"};
    }
    if (m_state->cancelRequested) {
        return Error{.kind = ErrorKind::Cancelled, .message = "cancelled"};
    }
    Received received;
    received.out = std::exchange(m_state->out, {});
    received.err = std::exchange(m_state->err, {});
    // Data that arrived before a failure is handed out first; the failure comes with the next read.
    if (received.out.empty() && received.err.empty() && m_state->error) {
        return *m_state->error;
    }
    received.finished = m_state->finished && !m_state->error;
    lock.unlock();
    m_state->wakeConnection(); // room in the buffer again: the connection may read more from the server
    return received;
}

Result<Done> ChannelStream::write(std::string_view bytes)
{
    {
        const std::lock_guard lock(m_state->mutex);
        if (m_state->error) {
            return *m_state->error;
        }
        if (m_state->finished || m_state->inputClosing) {
            return Error{.kind = ErrorKind::Network, .message = "the channel is closed for writing"};
        }
        m_state->input.append(bytes);
    }
    m_state->wakeConnection();
    return Done{};
}

void ChannelStream::closeInput()
{
    {
        const std::lock_guard lock(m_state->mutex);
        m_state->inputClosing = true;
    }
    m_state->wakeConnection();
}

void ChannelStream::cancel()
{
    {
        const std::lock_guard lock(m_state->mutex);
        m_state->cancelRequested = true;
        m_state->changed.notify_all();
    }
    m_state->wakeConnection();
}

bool ChannelStream::finished() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->finished && !m_state->error;
}

bool ChannelStream::cancelled() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->cancelRequested;
}

std::optional<int> ChannelStream::exitStatus() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->exitStatus;
}

std::string ChannelStream::exitSignal() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->exitSignal;
}

} // namespace ragdesk::client::ssh
