#pragma once

#include "ragdesk/client/common/Error.h"

#include <type_traits>
#include <utility>
#include <variant>

namespace ragdesk::client {

/// A value or an Error: the return type of every fallible client call (no exceptions cross the client boundary).
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) { }
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) { }

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<0>(m_state); }
    T& value() & { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

/// Success carries nothing: Result<Done> for calls that only succeed or fail.
struct Done { };

} // namespace ragdesk::client
