#include "ragdesk/client/api/Sources.h"

#include "Decoders.h"
#include "EnumNames.h"
#include "JsonDecode.h"
#include "Session.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <system_error>

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

constexpr EnumNames<SourceType, 4> kTypes{{{SourceType::Text, "text"}, {SourceType::Upload, "upload"},
                                              {SourceType::Url, "url"}, {SourceType::NyxCore, "nyxcore"}},
    SourceType::Unknown};
constexpr EnumNames<SourceStatus, 4> kStatuses{
    {{SourceStatus::Pending, "pending"}, {SourceStatus::Processing, "processing"}, {SourceStatus::Ready, "ready"},
        {SourceStatus::Error, "error"}},
    SourceStatus::Unknown};
constexpr EnumNames<RefreshSchedule, 4> kSchedules{
    {{RefreshSchedule::None, "none"}, {RefreshSchedule::Hourly, "hourly"}, {RefreshSchedule::Daily, "daily"},
        {RefreshSchedule::Weekly, "weekly"}},
    RefreshSchedule::Unknown};

// What the server accepts for uploads (contract §8.1), checked here first so a doomed upload sends nothing.
constexpr std::uint64_t kMaxUploadBytes = 10'485'760;
constexpr std::array<std::string_view, 5> kUploadExtensions{".csv", ".docx", ".md", ".pdf", ".txt"};

Error invalidField(const std::string& field, const std::string& message)
{
    return Error{ErrorKind::Validation, 0, field + ": " + message, {}, {{field, message}}};
}

// A config given as JSON text must be an object: the server would store anything else and break the source.
Result<json> configObject(const std::optional<std::string>& text, const std::string& field)
{
    if (!text) {
        return json::object();
    }
    json parsed = json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) {
        return invalidField(field, "must be a JSON object");
    }
    return parsed;
}

std::string sourcePath(const SourceId& id)
{
    return "/v1/sources/" + pathSegment(id.str());
}

} // namespace

std::string urlSourceConfig(std::string_view url)
{
    return json{{"url", url}}.dump();
}

std::string_view toString(SourceType type)
{
    return kTypes.name(type);
}
std::string_view toString(SourceStatus status)
{
    return kStatuses.name(status);
}
std::string_view toString(RefreshSchedule schedule)
{
    return kSchedules.name(schedule);
}
SourceType sourceTypeFromString(std::string_view text)
{
    return kTypes.value(text);
}
SourceStatus sourceStatusFromString(std::string_view text)
{
    return kStatuses.value(text);
}
RefreshSchedule refreshScheduleFromString(std::string_view text)
{
    return kSchedules.value(text);
}

Result<std::vector<Source>> SourcesApi::list(const SourceFilter& filter)
{
    PathWithQuery path("/v1/sources");
    if (filter.botProfileId) {
        path.add("bot_profile_id", filter.botProfileId->str());
    }
    if (filter.parentId) {
        path.add("parent_id", filter.parentId->str());
    }
    if (filter.includeChildren) {
        path.add("include_children", "true");
    }
    return decode::list<Source>(m_session.call("GET", path.str()), "sources", decode::sourceFrom);
}

Result<Source> SourcesApi::get(const SourceId& id)
{
    return decode::reply<Source>(m_session.call("GET", sourcePath(id)), "source", decode::sourceFrom);
}

Result<std::vector<Source>> SourcesApi::children(const SourceId& parent)
{
    return decode::list<Source>(m_session.call("GET", sourcePath(parent) + "/children"), "sources", decode::sourceFrom);
}

Result<Source> SourcesApi::create(const SourceDraft& draft)
{
    Result<json> config = configObject(draft.configJson, "config");
    if (!config) {
        return config.error();
    }
    json body{{"bot_profile_id", draft.botProfileId.str()}, {"name", draft.name}, {"source_type", toString(draft.type)},
        {"config", *config}};
    decode::setIf(body, "description", draft.description);
    decode::setIf(body, "content", draft.content);
    if (draft.parentId) {
        body["parent_id"] = draft.parentId->str();
    }
    if (draft.refreshSchedule) {
        body["refresh_schedule"] = toString(*draft.refreshSchedule);
    }
    return decode::reply<Source>(m_session.call("POST", "/v1/sources", body), "source", decode::sourceFrom);
}

Result<SourceBatch> SourcesApi::createBatch(const SourceBatchDraft& draft)
{
    json children = json::array();
    for (size_t i = 0; i < draft.children.size(); ++i) {
        const ChildSourceDraft& child = draft.children[i];
        Result<json> config = configObject(child.configJson, "children." + std::to_string(i) + ".config");
        if (!config) {
            return config.error();
        }
        json item{{"name", child.name}, {"source_type", toString(child.type)}, {"config", *config}};
        decode::setIf(item, "description", child.description);
        decode::setIf(item, "content", child.content);
        children.push_back(std::move(item));
    }
    json body{{"bot_profile_id", draft.botProfileId.str()}, {"name", draft.name}, {"children", children}};
    decode::setIf(body, "description", draft.description);
    if (draft.type) {
        body["source_type"] = toString(*draft.type);
    }
    return decode::reply<SourceBatch>(
        m_session.call("POST", "/v1/sources/batch", body), "source batch", decode::sourceBatchFrom);
}

Result<Source> SourcesApi::upload(const UploadRequest& request)
{
    std::string extension = request.file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(kUploadExtensions.begin(), kUploadExtensions.end(), extension) == kUploadExtensions.end()) {
        return invalidField("file", "unsupported file type '" + extension + "' (allowed: .csv .docx .md .pdf .txt)");
    }
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(request.file, ec);
    if (ec) {
        return invalidField("file", request.file.string() + ": " + ec.message());
    }
    if (size > kMaxUploadBytes) {
        return invalidField("file", "larger than the server's 10 MiB limit");
    }
    HttpRequest http{.method = "POST", .path = "/v1/sources/upload", .onUploadProgress = request.onProgress};
    http.multipart.push_back({.name = "file", .file = request.file, .fileName = request.file.filename().string()});
    http.multipart.push_back({.name = "bot_profile_id", .value = request.botProfileId.str()});
    if (request.name) {
        http.multipart.push_back({.name = "name", .value = *request.name});
    }
    if (request.description) {
        http.multipart.push_back({.name = "description", .value = *request.description});
    }
    if (request.parentId) {
        http.multipart.push_back({.name = "parent_id", .value = request.parentId->str()});
    }
    Result<HttpResponse> response = m_session.send(std::move(http));
    if (!response) {
        return response.error();
    }
    return decode::reply<Source>(json::parse(response->body, nullptr, false), "source", decode::sourceFrom);
}

Result<Source> SourcesApi::update(const SourceId& id, const SourcePatch& patch)
{
    json body = json::object();
    decode::setIf(body, "name", patch.name);
    decode::setIf(body, "description", patch.description);
    if (patch.configJson) {
        Result<json> config = configObject(patch.configJson, "config");
        if (!config) {
            return config.error();
        }
        body["config"] = *config;
    }
    if (patch.content) {
        body["content"] = *patch.content ? json(**patch.content) : json();
    }
    decode::setIf(body, "is_active", patch.isActive);
    if (patch.refreshSchedule) {
        body["refresh_schedule"] = *patch.refreshSchedule ? json(toString(**patch.refreshSchedule)) : json();
    }
    return decode::reply<Source>(m_session.call("PATCH", sourcePath(id), body), "source", decode::sourceFrom);
}

Result<Done> SourcesApi::remove(const SourceId& id)
{
    return decode::done(m_session.call("DELETE", sourcePath(id)));
}

Result<Done> SourcesApi::ingest(const SourceId& id)
{
    return decode::done(m_session.call("POST", sourcePath(id) + "/ingest"));
}

Result<int> SourcesApi::ingestChildren(const SourceId& parent)
{
    return decode::reply<int>(m_session.call("POST", sourcePath(parent) + "/ingest-children"), "ingest reply",
        [](const json& o) { return decode::orDefault(o, "enqueued", 0); });
}

} // namespace ragdesk::client::api
