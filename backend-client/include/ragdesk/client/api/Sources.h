#pragma once

#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/api/Ids.h"
#include "ragdesk/client/api/Timestamp.h"
#include "ragdesk/client/common/Result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::api {

class Session;

enum class SourceType { Text, Upload, Url, NyxCore, Unknown };
enum class SourceStatus { Pending, Processing, Ready, Error, Unknown };
enum class RefreshSchedule { None, Hourly, Daily, Weekly, Unknown };

std::string_view toString(SourceType type);
std::string_view toString(SourceStatus status);
std::string_view toString(RefreshSchedule schedule);
SourceType sourceTypeFromString(std::string_view text);
SourceStatus sourceStatusFromString(std::string_view text);
RefreshSchedule refreshScheduleFromString(std::string_view text);

/// A knowledge source of a bot (contract §4, §6.7). Parents of a batch show their children's aggregate status.
struct Source {
    SourceId id;
    TenantId tenantId;
    BotId botProfileId;
    std::optional<SourceId> parentId;
    std::string name;
    std::string description;
    SourceType type = SourceType::Unknown;
    SourceStatus status = SourceStatus::Unknown;
    std::string configJson; ///< the config object as the server returned it (compact JSON)
    std::optional<std::string> url; ///< config.url of url sources
    std::optional<std::string> originalFilename; ///< config.original_filename of uploads
    std::optional<std::uint64_t> fileSize; ///< config.file_size of uploads
    int documentCount = 0;
    int chunkCount = 0;
    std::optional<std::string> errorMessage;
    bool isActive = true;
    std::optional<RefreshSchedule> refreshSchedule;
    std::optional<Timestamp> lastRefreshedAt;
    int childrenCount = 0;
    Timestamp createdAt;
    Timestamp updatedAt;
};

/// POST /v1/sources. Creating does not ingest: call ingest() next.
struct SourceDraft {
    BotId botProfileId;
    std::string name;
    SourceType type = SourceType::Text;
    std::optional<std::string> description;
    std::optional<std::string> configJson; ///< a JSON object, e.g. {"url": "https://…"}
    std::optional<std::string> content; ///< inline text of text sources
    std::optional<SourceId> parentId;
    std::optional<RefreshSchedule> refreshSchedule;
};

struct ChildSourceDraft {
    std::string name;
    SourceType type = SourceType::Url;
    std::optional<std::string> description;
    std::optional<std::string> configJson;
    std::optional<std::string> content;
};

/// POST /v1/sources/batch: a parent with children, created together; ingestChildren() starts them.
struct SourceBatchDraft {
    BotId botProfileId;
    std::string name;
    std::optional<std::string> description;
    std::optional<SourceType> type; ///< the parent's type; the server's default is url
    std::vector<ChildSourceDraft> children;
};

struct SourceBatch {
    Source parent;
    std::vector<Source> children;
};

/// POST /v1/sources/upload: one file (at most 10 MiB; .txt .md .csv .pdf .docx), ingested automatically.
struct UploadRequest {
    BotId botProfileId;
    std::filesystem::path file;
    std::optional<std::string> name; ///< default: the file name
    std::optional<std::string> description;
    std::optional<SourceId> parentId;
    ProgressCallback onProgress;
};

/// PATCH /v1/sources/{id}: only what is set is sent. The config replaces the whole stored config; this type
/// cannot send `config: null`, which corrupts the source on MiniRAG (contract §6.7).
struct SourcePatch {
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::optional<std::string> configJson;
    std::optional<std::optional<std::string>> content;
    std::optional<bool> isActive;
    std::optional<std::optional<RefreshSchedule>> refreshSchedule;
};

/// The config of a url source: {"url": "…"} as the API wants it (SourceDraft::configJson).
std::string urlSourceConfig(std::string_view url);

/// Which sources list() returns.
struct SourceFilter {
    std::optional<BotId> botProfileId;
    std::optional<SourceId> parentId; ///< the active children of one parent
    bool includeChildren = false; ///< every active source, flat, not aggregated
};

/// Knowledge sources: create, batch, upload, ingest, status, delete.
class SourcesApi {
public:
    explicit SourcesApi(Session& session) : m_session(session) { }

    Result<std::vector<Source>> list(const SourceFilter& filter = {});
    Result<Source> get(const SourceId& id); ///< also deleted sources (is_active false)
    Result<std::vector<Source>> children(const SourceId& parent);
    Result<Source> create(const SourceDraft& draft);
    Result<SourceBatch> createBatch(const SourceBatchDraft& draft);
    /// Checks size and extension before sending, so a doomed upload costs no transfer.
    Result<Source> upload(const UploadRequest& request);
    Result<Source> update(const SourceId& id, const SourcePatch& patch);
    /// Soft delete of the source and its children. MiniRAG keeps their vectors (contract §12.1).
    Result<Done> remove(const SourceId& id);
    /// Queues ingestion; the worker moves the status on (poll get()). Conflict while processing.
    Result<Done> ingest(const SourceId& id);
    /// Queues every child not already processing; returns how many were queued.
    Result<int> ingestChildren(const SourceId& parent);

private:
    Session& m_session;
};

} // namespace ragdesk::client::api
