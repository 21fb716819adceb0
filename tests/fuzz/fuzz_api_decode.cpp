// libFuzzer target: every result decoder of the API on arbitrary JSON. A decoder may reject its input (it throws,
// which the client turns into a Protocol error) but must never crash, hang or read out of bounds.
#include "Decoders.h"
#include "JsonDecode.h"

#include "ragdesk/client/api/SystemHealth.h"

#include <cstdint>
#include <string_view>

namespace {

using nlohmann::json;
using namespace ragdesk::client::api;

template <typename T> void tryDecode(const json& value, T (*decoder)(const json&))
{
    (void)decode::reply<T>(value, "fuzz", decoder);
    (void)decode::list<T>(value, "fuzz", decoder);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)decodeSystemHealth(text);
    (void)decodeDetailedHealth(text);
    const json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
        return 0;
    }
    tryDecode(value, decode::tenantFrom);
    tryDecode(value, decode::userFrom);
    tryDecode(value, decode::tokenFrom);
    tryDecode(value, decode::createdTokenFrom);
    tryDecode(value, decode::bootstrappedTenantFrom);
    tryDecode(value, decode::botFrom);
    tryDecode(value, decode::sourceFrom);
    tryDecode(value, decode::sourceBatchFrom);
    tryDecode(value, decode::chatFrom);
    tryDecode(value, decode::messageFrom);
    tryDecode(value, decode::chunkFrom);
    tryDecode(value, decode::chunksFrom);
    tryDecode(value, decode::usageFrom);
    tryDecode(value, decode::chatAnswerFrom);
    tryDecode(value, decode::webhookFrom);
    tryDecode(value, decode::createdWebhookFrom);
    tryDecode(value, decode::webhookTestFrom);
    tryDecode(value, decode::overviewFrom);
    tryDecode(value, decode::dailyUsageFrom);
    tryDecode(value, decode::botUsageFrom);
    tryDecode(value, decode::modelUsageFrom);
    tryDecode(value, decode::costEstimateFrom);
    tryDecode(value, decode::pricingFrom);
    tryDecode(value, decode::feedbackStatsFrom);
    tryDecode(value, decode::feedbackDayFrom);
    return 0;
}
