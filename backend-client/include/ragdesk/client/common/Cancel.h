#pragma once

#include "ragdesk/client/common/Error.h"

#include <chrono>
#include <stop_token>
#include <string>

namespace ragdesk::client {

/// The one cancel type of every long call (API requests, chat streams, remote commands, log history, deploy
/// follows, backup downloads): the caller keeps one CancelSource per operation and passes its token. request_stop()
/// is safe from any thread and wakes the call's blocked wait at once (each call registers a std::stop_callback on
/// what it waits on). A source stopped before its call starts ends that call before it sends anything, and only
/// that call: the next operation gets a fresh source, so a late Stop can never end the next question. A default
/// token never stops.
using CancelSource = std::stop_source;
using CancelToken = std::stop_token;

/// Waits `duration` unless the token stops first (a backoff that a Stop cuts short, instead of a sleep); false
/// when it stopped.
bool waitUnlessCancelled(const CancelToken& token, std::chrono::milliseconds duration);

/// The Cancelled error a call returns when its token stopped.
Error cancelledError(std::string message = "cancelled");

} // namespace ragdesk::client
