#include "Jwt.h"

#include <nlohmann/json.hpp>

#include <array>

namespace ragdesk::client::api {
namespace {

std::optional<std::string> base64UrlDecode(std::string_view text)
{
    static const std::array<int, 256> table = [] {
        std::array<int, 256> t{};
        t.fill(-1);
        const std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (size_t i = 0; i < alphabet.size(); ++i) {
            t[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
        }
        return t;
    }();
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=') {
            break;
        }
        const int value = table[static_cast<unsigned char>(c)];
        if (value < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<unsigned>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

} // namespace

std::optional<JwtClaims> readJwtClaims(std::string_view token)
{
    const size_t first = token.find('.');
    const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos) {
        return std::nullopt;
    }
    const std::optional<std::string> payload = base64UrlDecode(token.substr(first + 1, second - first - 1));
    if (!payload) {
        return std::nullopt;
    }
    const nlohmann::json claims = nlohmann::json::parse(*payload, nullptr, /*allow_exceptions=*/false);
    if (!claims.is_object()) {
        return std::nullopt;
    }
    JwtClaims result;
    if (const auto exp = claims.find("exp"); exp != claims.end() && exp->is_number()) {
        result.expiresAt = Timestamp(std::chrono::seconds(exp->get<std::int64_t>()));
    }
    result.role = claims.value("role", std::string("member"));
    return result;
}

} // namespace ragdesk::client::api
