#include "ops/engine/ContainerParsers.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

using namespace ragdesk::client::ops;
using namespace std::chrono;
using ragdesk::client::ErrorKind;
using ragdesk::client::Result;

namespace {

std::string fixture(const std::string& name)
{
    std::ifstream in(std::string(RAGDESK_TEST_DATA) + "/ops/" + name, std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

ContainerTime utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int micros = 0)
{
    return sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s) + microseconds(micros);
}

const ContainerStatus& byService(const std::vector<ContainerStatus>& containers, const std::string& service)
{
    const auto it = std::find_if(containers.begin(), containers.end(),
        [&](const ContainerStatus& container) { return container.service == service; });
    if (it == containers.end()) {
        ADD_FAILURE() << "no container of service " << service;
        static const ContainerStatus none;
        return none;
    }
    return *it;
}

template <typename T> void expectProtocolError(const Result<T>& result, const std::string& fragment)
{
    ASSERT_FALSE(result) << "expected an error containing: " << fragment;
    EXPECT_EQ(result.error().kind, ErrorKind::Protocol);
    EXPECT_NE(result.error().message.find(fragment), std::string::npos) << result.error().message;
}

const std::vector<PortMapping> kNoPorts;

} // namespace

// --- Building blocks --------------------------------------------------------------------------------------------

TEST(ContainerParserBlocks, NamesAreDockersWords)
{
    EXPECT_EQ(name(ContainerState::Running), "running");
    EXPECT_EQ(name(ContainerState::Removing), "removing");
    EXPECT_EQ(name(ContainerState::Unknown), "unknown");
    EXPECT_EQ(name(Health::None), "none");
    EXPECT_EQ(name(Health::Starting), "starting");
    EXPECT_EQ(name(Health::Unhealthy), "unhealthy");
}

TEST(ContainerParserBlocks, ByteSizeReadsDecimalAndBinaryUnits)
{
    EXPECT_EQ(parse::byteSize("0B"), 0u);
    EXPECT_EQ(parse::byteSize("648B"), 648u);
    EXPECT_EQ(parse::byteSize("1.2kB"), 1200u);
    EXPECT_EQ(parse::byteSize("1.2MB"), 1200000u);
    EXPECT_EQ(parse::byteSize("1.21GB"), 1210000000u);
    EXPECT_EQ(parse::byteSize("2TB"), 2000000000000u);
    EXPECT_EQ(parse::byteSize("1.5KiB"), 1536u);
    EXPECT_EQ(parse::byteSize("2.773MiB"), 2907701u); // 2.773 * 2^20 = 2907701.2
    EXPECT_EQ(parse::byteSize("128MiB"), 134217728u);
    EXPECT_EQ(parse::byteSize("23.54GiB"), 25275882537u); // 23.54 * 2^30 = 25275882536.96
    EXPECT_EQ(parse::byteSize("1TiB"), 1099511627776u);
    EXPECT_EQ(parse::byteSize(" 5 MB "), 5000000u);
    EXPECT_EQ(parse::byteSize("--"), 0u);
    for (const char* bad :
        {"", "B", "MB", "abc", "1.2XB", "-1B", "1e3B", "1.2.3MB", "16EiB", "99999EB", "--1", "1 2B"}) {
        EXPECT_FALSE(parse::byteSize(bad).has_value()) << bad;
    }
}

TEST(ContainerParserBlocks, TimesAreRfc3339OrGoStringsCutToMicroseconds)
{
    EXPECT_EQ(parse::parseTime("2026-11-25T18:44:45.909760605Z"), utc(2026, 11, 25, 18, 44, 45, 909760));
    EXPECT_EQ(parse::parseTime("2026-11-25T18:44:45.999999999Z"), utc(2026, 11, 25, 18, 44, 45, 999999));
    EXPECT_EQ(parse::parseTime("2026-11-25T18:44:45.1Z"), utc(2026, 11, 25, 18, 44, 45, 100000));
    EXPECT_EQ(parse::parseTime("2026-11-25T18:44:45Z"), utc(2026, 11, 25, 18, 44, 45));
    // podman's k8s-file stamps and some inspect times carry an explicit offset.
    EXPECT_EQ(parse::parseTime("2026-11-25T18:44:44.867458770+00:00"), utc(2026, 11, 25, 18, 44, 44, 867458));
    EXPECT_EQ(parse::parseTime("2026-11-25T19:44:45+01:00"), utc(2026, 11, 25, 18, 44, 45));
    EXPECT_EQ(parse::parseTime("2026-11-25T13:14:45.5-05:30"), utc(2026, 11, 25, 18, 44, 45, 500000));
    EXPECT_EQ(parse::parseTime("2026-01-01T00:30:00+01:00"), utc(2025, 12, 31, 23, 30, 0));
    // Go's time.String(), as `docker ps` prints CreatedAt.
    EXPECT_EQ(parse::parseTime("2026-11-25 18:44:45 +0000 UTC"), utc(2026, 11, 25, 18, 44, 45));
    EXPECT_EQ(parse::parseTime("2026-11-25 19:44:45 +0100 CET"), utc(2026, 11, 25, 18, 44, 45));
    EXPECT_EQ(parse::parseTime("2026-11-25 21:44:45 +0300 +03"), utc(2026, 11, 25, 18, 44, 45));
    EXPECT_EQ(parse::parseTime("2026-11-25 18:44:45"), utc(2026, 11, 25, 18, 44, 45));

    const auto zero = parse::parseTime("0001-01-01T00:00:00Z");
    ASSERT_TRUE(zero.has_value());
    EXPECT_TRUE(parse::isUnsetTime(*zero));
    EXPECT_FALSE(parse::isUnsetTime(utc(1970, 1, 1, 0, 0, 0)));

    for (const char* bad : {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-25T24:00:00Z",
             "2026-11-25T18:44:45.Z", "2026-11-25T18:44:45+1:00", "2026-11-25T18:44:45+25:00",
             "2026-11-25T18:44:45Zjunk", "2026-11-25T18:44:45Z x y", "2026-11-25X18:44:45Z", "2026-11-2"}) {
        EXPECT_FALSE(parse::parseTime(bad).has_value()) << bad;
    }
}

TEST(ContainerParserBlocks, StatusTextGivesStateHealthAndExitCode)
{
    auto check = [](const char* text, std::optional<ContainerState> state, Health health, std::optional<int> exitCode) {
        const parse::StatusText status = parse::statusText(text);
        EXPECT_EQ(status.state, state) << text;
        EXPECT_EQ(status.health, health) << text;
        EXPECT_EQ(status.exitCode, exitCode) << text;
    };
    check("Up 23 seconds (healthy)", ContainerState::Running, Health::Healthy, std::nullopt);
    check("Up 2 hours (unhealthy)", ContainerState::Running, Health::Unhealthy, std::nullopt);
    check("Up 5 minutes (health: starting)", ContainerState::Running, Health::Starting, std::nullopt);
    check("Up About a minute ago (healthy)", ContainerState::Running, Health::Healthy, std::nullopt); // podman
    check("Up 2 minutes", ContainerState::Running, Health::None, std::nullopt);
    check("Up 2 hours (Paused)", ContainerState::Paused, Health::None, std::nullopt);
    check("Exited (137) 2 seconds ago", ContainerState::Exited, Health::None, 137);
    check("Exited (0) 3 hours ago", ContainerState::Exited, Health::None, 0);
    check("Restarting (1) 3 seconds ago", ContainerState::Restarting, Health::None, 1);
    check("Created", ContainerState::Created, Health::None, std::nullopt);
    check("Removal In Progress", ContainerState::Removing, Health::None, std::nullopt);
    check("Dead", ContainerState::Dead, Health::None, std::nullopt);
    check("", std::nullopt, Health::None, std::nullopt);
    check("Exited (x) now", ContainerState::Exited, Health::None, std::nullopt);
    check("Something new", std::nullopt, Health::None, std::nullopt);
}

TEST(ContainerParserBlocks, PortsTextReadsEveryFormTheCliPrints)
{
    const auto ports = parse::portsText(
        "127.0.0.1:25515->80/tcp, 0.0.0.0:5432->5432/tcp, :::5432->5432/tcp, 6379/tcp, [::]:53->53/udp");
    ASSERT_TRUE(ports.has_value());
    const std::vector<PortMapping> expected{{"127.0.0.1", 25515, 80, "tcp"}, {"0.0.0.0", 5432, 5432, "tcp"},
        {"::", 5432, 5432, "tcp"}, {"", 0, 6379, "tcp"}, {"::", 53, 53, "udp"}};
    EXPECT_EQ(*ports, expected);

    const auto ranges = parse::portsText("0.0.0.0:8000-8002->9000-9002/tcp, 7000-7001/udp");
    ASSERT_TRUE(ranges.has_value());
    const std::vector<PortMapping> expanded{{"0.0.0.0", 8000, 9000, "tcp"}, {"0.0.0.0", 8001, 9001, "tcp"},
        {"0.0.0.0", 8002, 9002, "tcp"}, {"", 0, 7000, "udp"}, {"", 0, 7001, "udp"}};
    EXPECT_EQ(*ranges, expanded);

    EXPECT_EQ(parse::portsText(""), kNoPorts);
    EXPECT_EQ(parse::portsText(" , "), kNoPorts);
    for (const char* bad : {"abc", "0.0.0.0:x->80/tcp", "70000/tcp", "80/", "0.0.0.0:0->80/tcp",
             "0.0.0.0:8000-8001->80/tcp", "9-8/tcp", "1-65535/tcp, 1-65535/udp"}) {
        EXPECT_FALSE(parse::portsText(bad).has_value()) << bad;
    }
}

TEST(ContainerParserBlocks, LabelsTextKeepsCommasInsideValues)
{
    const auto labels = parse::labelsText("com.docker.compose.depends_on=postgres:service_healthy:false,"
                                          "redis:service_started:false,com.docker.compose.service=web,empty=,"
                                          "note=a, b and c,x/y_z-1.k=v=w");
    EXPECT_EQ(labels.size(), 5u);
    EXPECT_EQ(labels.at("com.docker.compose.depends_on"), "postgres:service_healthy:false,redis:service_started:false");
    EXPECT_EQ(labels.at("com.docker.compose.service"), "web");
    EXPECT_EQ(labels.at("empty"), "");
    EXPECT_EQ(labels.at("note"), "a, b and c");
    EXPECT_EQ(labels.at("x/y_z-1.k"), "v=w");
    EXPECT_TRUE(parse::labelsText("").empty());
    EXPECT_EQ(parse::labelsText("lonely").at("lonely"), "");
}

TEST(ContainerParserBlocks, SameContainerMatchesShortAndFullIds)
{
    const std::string full = "0aa8b60a4c1f643104e5e5c0adc333235620effbace5a7c263f542f31bf24687";
    EXPECT_TRUE(parse::sameContainer(full, full));
    EXPECT_TRUE(parse::sameContainer("0aa8b60a4c1f", full));
    EXPECT_TRUE(parse::sameContainer(full, "0aa8b60a4c1f"));
    EXPECT_TRUE(parse::sameContainer("abc", "abc"));
    EXPECT_FALSE(parse::sameContainer("0aa8b60a", full)); // too short to be an id prefix
    EXPECT_FALSE(parse::sameContainer("", full));
    EXPECT_FALSE(parse::sameContainer("", ""));
    EXPECT_FALSE(parse::sameContainer("1254d6e4cb0d", full));
}

// --- docker ps ------------------------------------------------------------------------------------------------

TEST(ContainerDockerPsParser, ReadsTheRecordedDocker28OnPodmanOutput)
{
    const auto containers = parse::dockerPsLines(fixture("docker28-podman4.3-ps.ndjson"));
    ASSERT_TRUE(containers) << containers.error().message;
    ASSERT_EQ(containers->size(), 6u);
    const ContainerStatus& proxy = containers->front();
    EXPECT_EQ(proxy.id, "0aa8b60a4c1f");
    EXPECT_EQ(proxy.name, "ragdesk-dev_proxy_1");
    EXPECT_EQ(proxy.service, "proxy");
    EXPECT_EQ(proxy.project, "ragdesk-dev");
    EXPECT_EQ(proxy.image, "ragdesk-dev-proxy:latest");
    EXPECT_EQ(proxy.state, ContainerState::Running);
    EXPECT_EQ(proxy.statusText, "Up 2 minutes");
    // podman's compat API leaves the health out of Status; only inspect knows it (see the merge test).
    EXPECT_EQ(proxy.health, Health::None);
    EXPECT_EQ(proxy.createdAt, utc(2026, 11, 25, 18, 44, 45));
    EXPECT_EQ(proxy.ports, (std::vector<PortMapping>{{"127.0.0.1", 25515, 80, "tcp"}}));
    EXPECT_EQ(proxy.labels.at("com.docker.compose.version"), "1.29.2");
    EXPECT_EQ(proxy.labels.size(), 10u);
    const ContainerStatus& web = byService(*containers, "web");
    EXPECT_EQ(web.imageRevision, "2dd7686efdced3d71c46c3bd3ad532595700b344");
    EXPECT_TRUE(web.ports.empty());
    EXPECT_FALSE(web.startedAt.has_value());
    EXPECT_TRUE(web.logPath.empty());
}

TEST(ContainerDockerPsParser, ReadsEveryStateOfTheDocker24Fixture)
{
    const auto containers = parse::dockerPsLines(fixture("docker24-ps.ndjson"));
    ASSERT_TRUE(containers) << containers.error().message;
    ASSERT_EQ(containers->size(), 8u);
    const ContainerStatus& proxy = byService(*containers, "proxy");
    EXPECT_EQ(proxy.health, Health::Healthy);
    EXPECT_EQ(proxy.ports,
        (std::vector<PortMapping>{
            {"0.0.0.0", 80, 80, "tcp"}, {"::", 80, 80, "tcp"}, {"0.0.0.0", 443, 443, "tcp"}, {"::", 443, 443, "tcp"}}));
    const ContainerStatus& web = byService(*containers, "web");
    EXPECT_EQ(web.name, "minirag-web-1");
    EXPECT_EQ(web.image, "ghcr.io/acme/minirag-api:1.4.2");
    EXPECT_EQ(web.imageRevision, "8c1f2e4a9b7d3c5e6f708192a3b4c5d6e7f80912");
    EXPECT_EQ(web.labels.at("com.docker.compose.depends_on"),
        "postgres:service_healthy:false,redis:service_started:false,qdrant:service_started:false");
    EXPECT_EQ(web.labels.at("org.opencontainers.image.title"), "MiniRAG API, web");
    EXPECT_EQ(byService(*containers, "worker").health, Health::Unhealthy);
    const ContainerStatus& postgres = byService(*containers, "postgres");
    EXPECT_EQ(postgres.health, Health::Starting);
    EXPECT_EQ(postgres.ports, (std::vector<PortMapping>{{"", 0, 5432, "tcp"}}));
    const ContainerStatus& redis = byService(*containers, "redis");
    EXPECT_EQ(redis.state, ContainerState::Restarting);
    EXPECT_EQ(redis.exitCode, 1);
    const ContainerStatus& qdrant = byService(*containers, "qdrant");
    EXPECT_EQ(qdrant.state, ContainerState::Exited);
    EXPECT_EQ(qdrant.exitCode, 137);
    EXPECT_EQ(qdrant.statusText, "Exited (137) 2 seconds ago");
    EXPECT_EQ(byService(*containers, "migrate").exitCode, 0);
    EXPECT_EQ(byService(*containers, "backup").state, ContainerState::Created);
}

TEST(ContainerDockerPsParser, ToleratesBlankLinesCrLfAndMissingOptionalFields)
{
    const auto containers =
        parse::dockerPsLines("\r\n{\"ID\":\"abc123abc123\"}\r\n\n"
                             "{\"ID\":\"def456def456\",\"State\":\"\",\"Status\":\"Exited (3) now\","
                             "\"Labels\":null,\"Ports\":null,\"Names\":null,\"CreatedAt\":\"\"}\n");
    ASSERT_TRUE(containers) << containers.error().message;
    ASSERT_EQ(containers->size(), 2u);
    EXPECT_EQ((*containers)[0].state, ContainerState::Unknown);
    EXPECT_TRUE((*containers)[0].name.empty());
    EXPECT_EQ((*containers)[1].state, ContainerState::Exited); // from the Status text when State is empty
    EXPECT_EQ((*containers)[1].exitCode, 3);
    EXPECT_TRUE(parse::dockerPsLines("")->empty());
    EXPECT_TRUE(parse::dockerPsLines(" \n\n")->empty());
}

TEST(ContainerDockerPsParser, KeepsHostileNamesAndLabelsAsText)
{
    const auto containers = parse::dockerPsLines(
        R"({"ID":"0123456789ab","Names":"x\"; rm -rf / #\n\u0000\u00e9\u202e","Labels":"a=1,b=\u003cscript\u003e,c=\"q\",=odd",)"
        R"j("Status":"Up 1 second (healthy) (unhealthy)","State":"RUNNING","Image":"img\twith\ttabs"})j");
    ASSERT_TRUE(containers) << containers.error().message;
    const ContainerStatus& container = containers->front();
    EXPECT_EQ(container.name, std::string("x\"; rm -rf / #\n") + '\0' + "\xc3\xa9\xe2\x80\xae");
    EXPECT_EQ(container.labels.at("b"), "<script>");
    EXPECT_EQ(container.labels.at("c"), "\"q\",=odd");
    EXPECT_EQ(container.state, ContainerState::Running);
    EXPECT_EQ(container.health, Health::Unhealthy); // the worse word wins when a status says both
    EXPECT_EQ(container.image, "img\twith\ttabs");
}

TEST(ContainerDockerPsParser, MalformedLinesAreProtocolErrorsNamingTheLine)
{
    const std::string good = R"({"ID":"0123456789ab","State":"running"})";
    expectProtocolError(parse::dockerPsLines(good + "\n" + good + "\n{not json\n"), "docker ps line 3:");
    expectProtocolError(parse::dockerPsLines("[1,2]"), "docker ps line 1: not a JSON object but array");
    expectProtocolError(parse::dockerPsLines(R"({"Names":"x"})"), "ID is missing");
    expectProtocolError(parse::dockerPsLines(R"({"ID":12})"), "ID is number, expected a string");
    expectProtocolError(parse::dockerPsLines(R"({"ID":"0123456789ab","Ports":"80->x"})"), "Ports cannot be read");
    expectProtocolError(parse::dockerPsLines(R"({"ID":"0123456789ab","CreatedAt":"soon"})"), "CreatedAt is not a time");
    expectProtocolError(parse::dockerPsLines(R"({"ID":"0123456789ab","Labels":[1]})"), "Labels is array");
    expectProtocolError(parse::dockerPsLines("{\"ID\":\"\xff\xfe\"}"), "docker ps line 1:");
    const auto truncated = parse::dockerPsLines(R"({"ID":"0123456789ab","Status":"Up)");
    expectProtocolError(truncated, "parse error");
    EXPECT_EQ(truncated.error().detail, R"({"ID":"0123456789ab","Status":"Up)");
}

TEST(ContainerDockerPsParser, DeepNestingAndHugeInputsDoNotCrash)
{
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    expectProtocolError(parse::dockerPsLines(deep), "not a JSON object");
    expectProtocolError(parse::podmanPsJson(deep), "podman ps item 1");
    const std::string longName(1 << 20, 'n');
    const auto containers = parse::dockerPsLines(R"({"ID":"0123456789ab","Names":")" + longName + R"("})");
    ASSERT_TRUE(containers);
    EXPECT_EQ(containers->front().name.size(), longName.size());
}

// --- podman ps ------------------------------------------------------------------------------------------------

TEST(ContainerPodmanPsParser, ReadsTheRecordedPodman43Output)
{
    const auto containers = parse::podmanPsJson(fixture("podman4.3-ps.json"));
    ASSERT_TRUE(containers) << containers.error().message;
    ASSERT_EQ(containers->size(), 6u);
    const ContainerStatus& proxy = byService(*containers, "proxy");
    EXPECT_EQ(proxy.id, "0aa8b60a4c1f643104e5e5c0adc333235620effbace5a7c263f542f31bf24687");
    EXPECT_EQ(proxy.name, "ragdesk-dev_proxy_1");
    EXPECT_EQ(proxy.image, "docker.io/library/ragdesk-dev-proxy:latest");
    EXPECT_EQ(proxy.state, ContainerState::Running);
    EXPECT_EQ(proxy.health, Health::Healthy); // podman's own Status keeps "(healthy)"
    EXPECT_EQ(proxy.statusText, "Up 2 minutes ago (healthy)");
    EXPECT_EQ(proxy.ports, (std::vector<PortMapping>{{"127.0.0.1", 25515, 80, "tcp"}}));
    EXPECT_EQ(proxy.createdAt, utc(2026, 11, 25, 18, 44, 45));
    EXPECT_EQ(proxy.startedAt, utc(2026, 11, 25, 18, 44, 46));
    EXPECT_FALSE(proxy.finishedAt.has_value()); // ExitedAt -62135596800 is Go's zero time
    EXPECT_EQ(byService(*containers, "noise").health, Health::None);
    EXPECT_EQ(byService(*containers, "web").imageRevision, "2dd7686efdced3d71c46c3bd3ad532595700b344");
    EXPECT_TRUE(byService(*containers, "redis").ports.empty()); // Ports: null
}

TEST(ContainerPodmanPsParser, ReadsPodman3PortsAndRangesAndExitedContainers)
{
    const auto containers = parse::podmanPsJson(R"([
        {"Id":"aaaaaaaaaaaa1111","Names":["old"],"State":"exited","Status":"Exited (2) 5 minutes ago","ExitCode":2,
         "Exited":true,"ExitedAt":1795632000,"Labels":null,
         "Ports":[{"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":""}]},
        {"Id":"bbbbbbbbbbbb2222","Names":["new"],"State":"configured","Status":"Created",
         "Ports":[{"host_ip":"","container_port":9000,"host_port":19000,"range":3,"protocol":"udp"}]}])");
    ASSERT_TRUE(containers) << containers.error().message;
    const ContainerStatus& old = (*containers)[0];
    EXPECT_EQ(old.state, ContainerState::Exited);
    EXPECT_EQ(old.exitCode, 2);
    EXPECT_EQ(old.finishedAt, ContainerTime(seconds(1795632000)));
    EXPECT_EQ(old.ports, (std::vector<PortMapping>{{"", 8080, 80, "tcp"}}));
    const ContainerStatus& fresh = (*containers)[1];
    EXPECT_EQ(fresh.state, ContainerState::Created);
    EXPECT_EQ(fresh.ports,
        (std::vector<PortMapping>{{"", 19000, 9000, "udp"}, {"", 19001, 9001, "udp"}, {"", 19002, 9002, "udp"}}));
}

TEST(ContainerPodmanPsParser, WrongShapesAreProtocolErrors)
{
    EXPECT_TRUE(parse::podmanPsJson("[]")->empty());
    EXPECT_TRUE(parse::podmanPsJson("")->empty());
    expectProtocolError(parse::podmanPsJson(R"({"Id":"x"})"), "podman ps: not a JSON array but object");
    expectProtocolError(parse::podmanPsJson(R"([{"Id":"aaaaaaaaaaaa"}, 5])"), "podman ps item 2: not a JSON object");
    expectProtocolError(parse::podmanPsJson(R"([{"Id":"aaaaaaaaaaaa","Names":[1]}])"), "Names is number");
    expectProtocolError(parse::podmanPsJson(R"([{"Id":"aaaaaaaaaaaa","ExitCode":"0"}])"), "ExitCode is string");
    expectProtocolError(parse::podmanPsJson(R"([{"Id":"aaaaaaaaaaaa","ExitCode":1e99}])"), "ExitCode is number");
    expectProtocolError(parse::podmanPsJson(R"([{"Id":"aaaaaaaaaaaa","ExitCode":99999999999}])"), "out of range");
    expectProtocolError(
        parse::podmanPsJson(R"([{"Id":"aaaaaaaaaaaa","Ports":[{"container_port":70000}]}])"), "out of range");
    expectProtocolError(
        parse::podmanPsJson(R"([{"Id":"aaaaaaaaaaaa","Ports":[{"container_port":65535,"range":9}]}])"), "port range");
    expectProtocolError(parse::podmanPsJson("[{\"Id\":"), "podman ps: parse error");
}

// --- docker compose ps ----------------------------------------------------------------------------------------

TEST(ContainerComposePsParser, ReadsTheV220Array)
{
    const auto containers = parse::composePsJson(fixture("compose-v2.20-ps.json"));
    ASSERT_TRUE(containers) << containers.error().message;
    ASSERT_EQ(containers->size(), 8u);
    const ContainerStatus& proxy = byService(*containers, "proxy");
    EXPECT_EQ(proxy.id, "8aa41a921adc75869c7e766578375cf0c1c329db8c5bfd135500b76c76e79698");
    EXPECT_EQ(proxy.project, "minirag");
    EXPECT_EQ(proxy.health, Health::Healthy);
    EXPECT_EQ(proxy.createdAt, utc(2026, 11, 20, 9, 12, 3));
    EXPECT_EQ(proxy.ports.size(), 4u);
    EXPECT_TRUE(proxy.labels.empty()); // before 2.21 there were none
    EXPECT_EQ(byService(*containers, "postgres").ports, (std::vector<PortMapping>{{"", 0, 5432, "tcp"}}));
    EXPECT_EQ(byService(*containers, "worker").health, Health::Unhealthy);
    EXPECT_EQ(byService(*containers, "qdrant").exitCode, 137);
    EXPECT_EQ(byService(*containers, "redis").state, ContainerState::Restarting);
    EXPECT_EQ(byService(*containers, "backup").state, ContainerState::Created);
}

TEST(ContainerComposePsParser, ReadsTheV221LinesLikeTheArray)
{
    const auto lines = parse::composePsJson(fixture("compose-v2.21-ps.ndjson"));
    const auto array = parse::composePsJson(fixture("compose-v2.20-ps.json"));
    ASSERT_TRUE(lines) << lines.error().message;
    ASSERT_TRUE(array);
    ASSERT_EQ(lines->size(), array->size());
    for (size_t i = 0; i < lines->size(); ++i) {
        const ContainerStatus& a = (*lines)[i];
        const ContainerStatus& b = (*array)[i];
        EXPECT_TRUE(parse::sameContainer(a.id, b.id)) << a.id;
        EXPECT_EQ(a.id.size(), 12u);
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.service, b.service);
        EXPECT_EQ(a.project, b.project);
        EXPECT_EQ(a.state, b.state) << a.name;
        EXPECT_EQ(a.health, b.health) << a.name;
        EXPECT_EQ(a.exitCode, b.exitCode) << a.name;
        EXPECT_EQ(a.ports, b.ports) << a.name;
        EXPECT_EQ(a.createdAt, b.createdAt) << a.name;
    }
    const ContainerStatus& web = byService(*lines, "web");
    EXPECT_EQ(web.imageRevision, "8c1f2e4a9b7d3c5e6f708192a3b4c5d6e7f80912"); // labels arrived with 2.21
    EXPECT_EQ(web.labels.at("com.docker.compose.depends_on"),
        "postgres:service_healthy:false,redis:service_started:false,qdrant:service_started:false");
}

TEST(ContainerComposePsParser, FallsBackToStatusTextAndLabels)
{
    const auto containers = parse::composePsJson(
        R"j({"ID":"0123456789ab","State":"running","Status":"Up 4 seconds (health: starting)","Health":"",)j"
        R"("Labels":"com.docker.compose.service=api,com.docker.compose.project=p","Publishers":null})");
    ASSERT_TRUE(containers) << containers.error().message;
    const ContainerStatus& container = containers->front();
    EXPECT_EQ(container.health, Health::Starting);
    EXPECT_EQ(container.service, "api");
    EXPECT_EQ(container.project, "p");
    EXPECT_TRUE(container.ports.empty());
    EXPECT_TRUE(parse::composePsJson("[]")->empty());
    EXPECT_TRUE(parse::composePsJson("")->empty());
}

TEST(ContainerComposePsParser, MalformedInputNamesLineOrItem)
{
    expectProtocolError(parse::composePsJson("{\"ID\":\"0123456789ab\"}\n{\"ID\":"), "compose ps line 2:");
    expectProtocolError(parse::composePsJson(R"([{"ID":"0123456789ab"},{"ID":"x","Publishers":{}}])"),
        "compose ps item 2: Publishers is object, expected an array");
    expectProtocolError(parse::composePsJson(R"([{"ID":"0123456789ab"}] trailing)"), "compose ps: parse error");
    expectProtocolError(
        parse::composePsJson(R"({"ID":"0123456789ab","Created":"last week"})"), "Created is not a time");
}

// --- inspect --------------------------------------------------------------------------------------------------

TEST(ContainerInspectParser, ReadsTheRecordedDockerInspectOfPodman)
{
    const auto containers = parse::inspectArray(fixture("docker28-podman4.3-inspect.json"));
    ASSERT_TRUE(containers) << containers.error().message;
    ASSERT_EQ(containers->size(), 6u);
    const ContainerStatus& proxy = byService(*containers, "proxy");
    EXPECT_EQ(proxy.id, "0aa8b60a4c1f643104e5e5c0adc333235620effbace5a7c263f542f31bf24687");
    EXPECT_EQ(proxy.name, "ragdesk-dev_proxy_1");
    EXPECT_EQ(proxy.image, "docker.io/library/ragdesk-dev-proxy:latest");
    EXPECT_EQ(proxy.state, ContainerState::Running);
    EXPECT_EQ(proxy.health, Health::Healthy);
    EXPECT_EQ(proxy.createdAt, utc(2026, 11, 25, 18, 44, 45, 909760));
    EXPECT_EQ(proxy.startedAt, utc(2026, 11, 25, 18, 44, 46, 107621));
    EXPECT_FALSE(proxy.finishedAt.has_value());
    EXPECT_EQ(proxy.ports, (std::vector<PortMapping>{{"127.0.0.1", 25515, 80, "tcp"}}));
    EXPECT_EQ(proxy.logDriver, "json-file"); // what the compat API claims; the file is really k8s-file (README)
    EXPECT_EQ(proxy.logPath,
        "/var/lib/containers/storage/overlay-containers/"
        "0aa8b60a4c1f643104e5e5c0adc333235620effbace5a7c263f542f31bf24687/userdata/ctr.log");
    EXPECT_TRUE(proxy.statusText.empty());
    EXPECT_EQ(byService(*containers, "noise").health, Health::None); // Health {"Status": ""}
    EXPECT_EQ(byService(*containers, "redis").ports, (std::vector<PortMapping>{{"", 0, 6379, "tcp"}}));
    const ContainerStatus& web = byService(*containers, "web");
    EXPECT_EQ(web.imageRevision, "2dd7686efdced3d71c46c3bd3ad532595700b344");
    EXPECT_EQ(web.ports, (std::vector<PortMapping>{{"", 0, 8000, "tcp"}, {"", 0, 8001, "tcp"}}));
    EXPECT_EQ(web.labels.at("org.opencontainers.image.title"), "MiniRAG API stand-in");
}

TEST(ContainerInspectParser, ReadsTheRecordedPodmanNativeInspect)
{
    const auto containers = parse::inspectArray(fixture("podman4.3-inspect.json"));
    ASSERT_TRUE(containers) << containers.error().message;
    ASSERT_EQ(containers->size(), 6u);
    const ContainerStatus& web = byService(*containers, "web");
    EXPECT_EQ(web.id, "97a20093c1ab81958384a633e72db5abb453f4c5082fc603dad6f15658c1cc09");
    EXPECT_EQ(web.name, "ragdesk-dev_web_1"); // no leading "/" in podman's own shape
    EXPECT_EQ(web.image, "docker.io/library/ragdesk-dev-web:2dd7686efdce");
    EXPECT_EQ(web.health, Health::Healthy);
    EXPECT_EQ(web.logDriver, "k8s-file");
    EXPECT_EQ(web.logPath,
        "/var/lib/containers/storage/overlay-containers/"
        "97a20093c1ab81958384a633e72db5abb453f4c5082fc603dad6f15658c1cc09/userdata/ctr.log");
    EXPECT_EQ(web.startedAt, utc(2026, 11, 25, 18, 44, 44, 43626));
}

TEST(ContainerInspectParser, ReadsOneRecordedEngineApiObject)
{
    const auto web = parse::inspectOne(fixture("engine-api-podman4.3-container-web.json"));
    ASSERT_TRUE(web) << web.error().message;
    EXPECT_EQ(web->service, "web");
    EXPECT_EQ(web->id, "97a20093c1ab81958384a633e72db5abb453f4c5082fc603dad6f15658c1cc09");
    EXPECT_EQ(web->health, Health::Healthy);
    EXPECT_EQ(web->restartCount, 0);
    const auto object = nlohmann::json::parse(fixture("engine-api-podman4.3-container-web.json"));
    const auto same = parse::inspectObject(object);
    ASSERT_TRUE(same);
    EXPECT_EQ(same->logPath, web->logPath);
}

TEST(ContainerInspectParser, ReadsEveryStateOfTheDocker24Fixture)
{
    const auto containers = parse::inspectArray(fixture("docker24-inspect.json"));
    ASSERT_TRUE(containers) << containers.error().message;
    ASSERT_EQ(containers->size(), 8u);
    const ContainerStatus& redis = byService(*containers, "redis");
    EXPECT_EQ(redis.state, ContainerState::Restarting);
    EXPECT_EQ(redis.exitCode, 1);
    EXPECT_EQ(redis.restartCount, 7);
    EXPECT_EQ(redis.finishedAt, utc(2026, 11, 20, 12, 30, 31, 222222));
    const ContainerStatus& qdrant = byService(*containers, "qdrant");
    EXPECT_EQ(qdrant.state, ContainerState::Exited);
    EXPECT_EQ(qdrant.exitCode, 137);
    EXPECT_TRUE(qdrant.ports.empty()); // an exited container has Ports {}
    EXPECT_EQ(byService(*containers, "worker").health, Health::Unhealthy);
    EXPECT_EQ(byService(*containers, "postgres").health, Health::Starting);
    const ContainerStatus& backup = byService(*containers, "backup");
    EXPECT_EQ(backup.state, ContainerState::Created);
    EXPECT_FALSE(backup.startedAt.has_value());
    EXPECT_FALSE(backup.finishedAt.has_value());
    EXPECT_TRUE(backup.logPath.empty());
    const ContainerStatus& proxy = byService(*containers, "proxy");
    EXPECT_EQ(proxy.image, "nginx:1.27-alpine");
    EXPECT_EQ(proxy.ports,
        (std::vector<PortMapping>{
            {"0.0.0.0", 80, 80, "tcp"}, {"::", 80, 80, "tcp"}, {"0.0.0.0", 443, 443, "tcp"}, {"::", 443, 443, "tcp"}}));
    EXPECT_EQ(proxy.logPath,
        "/var/lib/docker/containers/8aa41a921adc75869c7e766578375cf0c1c329db8c5bfd135500b76c76e79698/"
        "8aa41a921adc75869c7e766578375cf0c1c329db8c5bfd135500b76c76e79698-json.log");
}

TEST(ContainerInspectParser, AcceptsOldPodmanHealthcheckOffsetsAndMissingParts)
{
    const auto old = parse::inspectOne(R"({"Id":"cccccccccccccccc","Name":"svc","Created":"2026-11-25T19:44:45.5+01:00",
        "State":{"Status":"running","Healthcheck":{"Status":"unhealthy","FailingStreak":4},
                 "StartedAt":"2026-11-25T18:44:46.123456789+00:00","FinishedAt":""},
        "Config":{"Labels":null},"NetworkSettings":{"Ports":null},"HostConfig":{}})");
    ASSERT_TRUE(old) << old.error().message;
    EXPECT_EQ(old->health, Health::Unhealthy);
    EXPECT_EQ(old->createdAt, utc(2026, 11, 25, 18, 44, 45, 500000));
    EXPECT_EQ(old->startedAt, utc(2026, 11, 25, 18, 44, 46, 123456));
    EXPECT_FALSE(old->finishedAt.has_value());
    EXPECT_TRUE(old->labels.empty());

    const auto flagsOnly = parse::inspectOne(R"({"Id":"dddddddddddd","State":{"Running":true,"Paused":true}})");
    ASSERT_TRUE(flagsOnly);
    EXPECT_EQ(flagsOnly->state, ContainerState::Paused);
    const auto bare = parse::inspectOne(R"({"Id":"eeeeeeeeeeee"})");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->state, ContainerState::Unknown);
    EXPECT_EQ(bare->health, Health::None);
}

TEST(ContainerInspectParser, WrongShapesAreProtocolErrors)
{
    expectProtocolError(parse::inspectOne(""), "container inspect: parse error");
    expectProtocolError(parse::inspectOne("[]"), "container inspect: not a JSON object but array");
    expectProtocolError(parse::inspectOne(R"({"Name":"/x"})"), "Id is missing");
    expectProtocolError(parse::inspectOne(R"({"Id":"x","State":"running"})"), "State is string, expected an object");
    expectProtocolError(
        parse::inspectOne(R"({"Id":"x","State":{"StartedAt":"2026-11-25T18:44:46.Z"}})"), "StartedAt is not a time");
    expectProtocolError(
        parse::inspectOne(R"({"Id":"x","NetworkSettings":{"Ports":{"http":null}}})"), "key that is not a port: http");
    expectProtocolError(parse::inspectOne(R"({"Id":"x","NetworkSettings":{"Ports":{"80/tcp":[{"HostPort":"x"}]}}})"),
        "HostPort is not a port");
    expectProtocolError(parse::inspectArray(R"([{"Id":"a"},{"Id":"b","RestartCount":-1.5}])"),
        "container inspect item 2: RestartCount is number");
    expectProtocolError(parse::inspectArray("{}"), "not a JSON array");
    expectProtocolError(parse::inspectObject(nlohmann::json(42)), "not a JSON object but number");
    // A caller-built object may hold bytes that are not UTF-8; the error detail must still be made.
    nlohmann::json odd = {{"Id", 5}, {"Name", "\xff"}};
    expectProtocolError(parse::inspectObject(odd), "Id is number");
}

// --- Engine API list -------------------------------------------------------------------------------------------

TEST(ContainerEngineListParser, ReadsTheRecordedPodmanCompatList)
{
    const auto containers = parse::engineContainerList(fixture("engine-api-podman4.3-containers.json"));
    ASSERT_TRUE(containers) << containers.error().message;
    ASSERT_EQ(containers->size(), 6u);
    const ContainerStatus& proxy = containers->front();
    EXPECT_EQ(proxy.id, "0aa8b60a4c1f643104e5e5c0adc333235620effbace5a7c263f542f31bf24687");
    EXPECT_EQ(proxy.name, "ragdesk-dev_proxy_1");
    EXPECT_EQ(proxy.service, "proxy");
    EXPECT_EQ(proxy.image, "docker.io/library/ragdesk-dev-proxy:latest");
    EXPECT_EQ(proxy.state, ContainerState::Running);
    EXPECT_EQ(proxy.health, Health::None); // as with docker ps: the compat Status has no "(healthy)"
    EXPECT_EQ(proxy.createdAt, utc(2026, 11, 25, 18, 44, 45));
    EXPECT_EQ(proxy.ports, (std::vector<PortMapping>{{"127.0.0.1", 25515, 80, "tcp"}}));
    EXPECT_EQ(byService(*containers, "web").imageRevision, "2dd7686efdced3d71c46c3bd3ad532595700b344");
}

TEST(ContainerEngineListParser, ReadsDockerEngineShapesIncludingApi152Health)
{
    const auto containers = parse::engineContainerList(R"([
        {"Id":"ffffffffffff0001","Names":["/other/db","/minirag-db-1"],"State":"exited",
         "Status":"Exited (137) 2 seconds ago","Created":1795165923,"Labels":{"com.docker.compose.service":"db"},
         "Ports":[{"PrivatePort":5432,"Type":"tcp"}]},
        {"Id":"ffffffffffff0002","Names":["/minirag-web-1"],"State":"running","Status":"Up 1 hour",
         "Health":{"Status":"unhealthy","FailingStreak":3},
         "Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},
                  {"IP":"::","PrivatePort":80,"PublicPort":8080,"Type":"tcp"}]}])");
    ASSERT_TRUE(containers) << containers.error().message;
    const ContainerStatus& db = (*containers)[0];
    EXPECT_EQ(db.name, "minirag-db-1"); // the name without a link path
    EXPECT_EQ(db.exitCode, 137);
    EXPECT_EQ(db.state, ContainerState::Exited);
    EXPECT_EQ(db.ports, (std::vector<PortMapping>{{"", 0, 5432, "tcp"}}));
    const ContainerStatus& web = (*containers)[1];
    EXPECT_EQ(web.health, Health::Unhealthy);
    EXPECT_EQ(web.ports, (std::vector<PortMapping>{{"0.0.0.0", 8080, 80, "tcp"}, {"::", 8080, 80, "tcp"}}));
    expectProtocolError(parse::engineContainerList(R"([{"Id":"a","Names":"/x","Ports":[{"PrivatePort":"eighty"}]}])"),
        "PrivatePort is not a port");
    expectProtocolError(parse::engineContainerList(R"([{"Id":"a","Labels":"a=b"}])"), "Labels is string");
}

// --- merging list and inspect -----------------------------------------------------------------------------------

TEST(ContainerMerge, FillsTheRecordedPodmanListFromInspect)
{
    const auto listed = parse::dockerPsLines(fixture("docker28-podman4.3-ps.ndjson"));
    const auto inspected = parse::inspectArray(fixture("docker28-podman4.3-inspect.json"));
    ASSERT_TRUE(listed);
    ASSERT_TRUE(inspected);
    const std::vector<ContainerStatus> merged = parse::mergeInspect(*listed, *inspected);
    ASSERT_EQ(merged.size(), 6u);
    std::vector<std::string> services;
    for (const ContainerStatus& container : merged) {
        services.push_back(container.service);
        EXPECT_EQ(container.id.size(), 64u) << container.name;
        EXPECT_EQ(container.statusText, "Up 2 minutes") << container.name; // the list's text is kept
        EXPECT_FALSE(container.logPath.empty()) << container.name;
        EXPECT_TRUE(container.startedAt.has_value()) << container.name;
        EXPECT_EQ(container.image.rfind("ragdesk-dev-", 0), 0u) << container.image; // the list's name wins
    }
    EXPECT_EQ(services, (std::vector<std::string>{"noise", "postgres", "proxy", "redis", "web", "worker"}));
    EXPECT_EQ(merged[2].health, Health::Healthy); // proxy: only inspect knew it
    EXPECT_EQ(merged[0].health, Health::None); // noise has no healthcheck
    EXPECT_EQ(merged[3].ports, (std::vector<PortMapping>{{"", 0, 6379, "tcp"}})); // the list had none
    EXPECT_EQ(merged[2].ports, (std::vector<PortMapping>{{"127.0.0.1", 25515, 80, "tcp"}}));
}

TEST(ContainerMerge, TakesExactLabelsAndCountsFromADocker24Inspect)
{
    auto listed = parse::dockerPsLines(fixture("docker24-ps.ndjson"));
    const auto inspected = parse::inspectArray(fixture("docker24-inspect.json"));
    ASSERT_TRUE(listed);
    ASSERT_TRUE(inspected);
    ContainerStatus stray;
    stray.id = "123456789012";
    stray.name = "stray";
    std::vector<ContainerStatus> list = *listed;
    list.push_back(stray);
    const std::vector<ContainerStatus> merged = parse::mergeInspect(list, *inspected);
    ASSERT_EQ(merged.size(), 9u);
    EXPECT_EQ(merged.front().name, "stray"); // no service sorts first, and stays as listed
    EXPECT_EQ(merged.front().id, "123456789012");
    const ContainerStatus& redis = byService(merged, "redis");
    EXPECT_EQ(redis.restartCount, 7);
    EXPECT_EQ(redis.exitCode, 1);
    EXPECT_EQ(redis.statusText, "Restarting (1) 3 seconds ago");
    const ContainerStatus& web = byService(merged, "web");
    EXPECT_EQ(web.labels, byService(*inspected, "web").labels);
    EXPECT_EQ(web.logDriver, "json-file");
    EXPECT_EQ(byService(merged, "qdrant").finishedAt, utc(2026, 11, 20, 12, 30, 40, 987654));
}

// --- docker stats -----------------------------------------------------------------------------------------------

TEST(ContainerStatsParser, ReadsTheRecordedPodmanStatsAndJoinsOnIdNotName)
{
    const auto samples = parse::statsLines(fixture("docker28-podman4.3-stats.ndjson"));
    ASSERT_TRUE(samples) << samples.error().message;
    ASSERT_EQ(samples->size(), 6u);
    const ResourceSample& proxy = samples->front();
    EXPECT_EQ(proxy.containerId, "0aa8b60a4c1f");
    EXPECT_EQ(proxy.name, "agdesk-dev_proxy_1"); // the docker CLI cuts podman's names by one character
    EXPECT_DOUBLE_EQ(proxy.cpuPercent, 0.03);
    EXPECT_DOUBLE_EQ(proxy.memoryPercent, 0.01);
    EXPECT_EQ(proxy.memoryUsedBytes, 2907701u);
    EXPECT_EQ(proxy.memoryLimitBytes, 25275882537u);
    EXPECT_EQ(proxy.netRxBytes, 5280u);
    EXPECT_EQ(proxy.netTxBytes, 6720u);
    EXPECT_EQ(proxy.blockReadBytes, 0u);
    EXPECT_EQ(proxy.pids, 2u);
    EXPECT_EQ((*samples)[1].memoryLimitBytes, 134217728u); // redis: 128MiB

    const auto inspected = parse::inspectArray(fixture("docker28-podman4.3-inspect.json"));
    ASSERT_TRUE(inspected);
    const std::vector<ContainerResources> joined = parse::joinResources(*inspected, *samples);
    ASSERT_EQ(joined.size(), 6u);
    for (const ContainerResources& entry : joined) {
        ASSERT_TRUE(entry.resources.has_value()) << entry.container.name;
        EXPECT_TRUE(parse::sameContainer(entry.container.id, entry.resources->containerId));
        EXPECT_NE(entry.container.name, entry.resources->name);
    }
}

TEST(ContainerStatsParser, ReadsTheDocker24FixtureWithUnknownValues)
{
    const auto samples = parse::statsLines(fixture("docker24-stats.ndjson"));
    ASSERT_TRUE(samples) << samples.error().message;
    ASSERT_EQ(samples->size(), 8u);
    const ResourceSample& worker = (*samples)[2];
    EXPECT_EQ(worker.name, "minirag-worker-1");
    EXPECT_DOUBLE_EQ(worker.cpuPercent, 104.85);
    EXPECT_EQ(worker.blockWriteBytes, 2400000000u);
    EXPECT_EQ(worker.pids, 41u);
    const ResourceSample& qdrant = (*samples)[5];
    EXPECT_EQ(qdrant.containerId, "c1f64abb4cbf");
    EXPECT_EQ(qdrant.cpuPercent, 0.0);
    EXPECT_EQ(qdrant.memoryUsedBytes, 0u);
    EXPECT_EQ(qdrant.netRxBytes, 0u);
    EXPECT_EQ(qdrant.pids, 0u);

    const auto listed = parse::composePsJson(fixture("compose-v2.20-ps.json"));
    ASSERT_TRUE(listed);
    std::vector<ResourceSample> some(samples->begin(), samples->begin() + 3);
    const std::vector<ContainerResources> joined = parse::joinResources(*listed, some);
    ASSERT_EQ(joined.size(), 8u);
    EXPECT_EQ(std::count_if(joined.begin(), joined.end(), [](const auto& e) { return e.resources.has_value(); }), 3);
    EXPECT_EQ(byService(*listed, "worker").id.substr(0, 12), joined[2].resources->containerId);
}

TEST(ContainerStatsParser, MalformedLinesAreProtocolErrors)
{
    const std::string good = R"({"ID":"0aa8b60a4c1f","CPUPerc":"1%","MemUsage":"1MiB / 2MiB","PIDs":"3"})";
    ASSERT_TRUE(parse::statsLines(good + "\n"));
    expectProtocolError(parse::statsLines(good + "\n" + R"({"ID":"x","CPUPerc":"abc%"})"),
        "docker stats line 2: CPUPerc is not a percentage");
    expectProtocolError(parse::statsLines(R"({"ID":"x","CPUPerc":"nan%"})"), "CPUPerc is not a percentage");
    expectProtocolError(parse::statsLines(R"({"ID":"x","MemUsage":"12MiB"})"), "MemUsage is not \"size / size\"");
    expectProtocolError(parse::statsLines(R"({"ID":"x","NetIO":"1kB / lots"})"), "NetIO");
    expectProtocolError(parse::statsLines(R"({"ID":"x","PIDs":"-1"})"), "PIDs is not a count");
    expectProtocolError(parse::statsLines(R"({"Name":"only a name"})"), "Container is missing");
    expectProtocolError(parse::statsLines("garbage"), "docker stats line 1: parse error");
    const auto containerOnly = parse::statsLines(R"({"Container":"0aa8b60a4c1f","PIDs":4})");
    ASSERT_TRUE(containerOnly);
    EXPECT_EQ(containerOnly->front().containerId, "0aa8b60a4c1f");
    EXPECT_EQ(containerOnly->front().pids, 4u);
}
