#pragma once

#include <fmt/format.h>

#include <ostream>
#include <string>
#include <utility>

namespace ragdesk::client {

/// A password, token or passphrase. Formats and streams as "***" so spdlog and iostreams can never print it;
/// the value is reached only through reveal(), which makes every use visible in review.
class Secret {
public:
    Secret() = default;
    explicit Secret(std::string value) : m_value(std::move(value)) { }

    const std::string& reveal() const { return m_value; }
    bool empty() const { return m_value.empty(); }

    bool operator==(const Secret&) const = default;

private:
    std::string m_value;
};

inline std::ostream& operator<<(std::ostream& out, const Secret&)
{
    return out << "***";
}

} // namespace ragdesk::client

template <> struct fmt::formatter<ragdesk::client::Secret> : fmt::formatter<fmt::string_view> {
    template <typename FormatContext> auto format(const ragdesk::client::Secret&, FormatContext& context) const
    {
        return fmt::formatter<fmt::string_view>::format("***", context);
    }
};
