// Reading the engine probe's answers as each kind of VPS gives them (the devstack covers podman + docker CLI).
#include "ops/engine/EngineProbe.h"

#include <gtest/gtest.h>

using ragdesk::client::ops::defaultProjectName;
using ragdesk::client::ops::EngineInfo;
using ragdesk::client::ops::parseEngineProbe;
using ragdesk::client::ops::readPingIdentity;

TEST(EngineProbe, DockerEngineWithComposeV2)
{
    auto info = parseEngineProbe("docker_cli=Docker version 24.0.7, build afdd53b\n"
                                 "engine_host=unix:///var/run/docker.sock\n"
                                 "compose_v2=2.21.0\n"
                                 "docker_host=\n");
    EXPECT_EQ(info.cliVersion, "24.0.7");
    EXPECT_EQ(info.cli, "docker");
    EXPECT_EQ(info.compose, EngineInfo::Compose::V2Plugin);
    EXPECT_EQ(info.composeVersion, "2.21.0");
    EXPECT_EQ(info.socketPath(), "/var/run/docker.sock");
    EXPECT_EQ(info.composeCommand(), (std::vector<std::string>{"docker", "compose"}));
    readPingIdentity(info, std::nullopt, "Docker/24.0.7 (linux)");
    EXPECT_EQ(info.server, EngineInfo::Server::Docker);
    EXPECT_EQ(info.serverVersion, "24.0.7");
}

TEST(EngineProbe, DockerCliOnPodmanWithComposeV1)
{
    auto info = parseEngineProbe("docker_cli=Docker version 28.2.2, build e6534b4\n"
                                 "engine_host=unix:///run/podman/podman.sock\n"
                                 "docker_host=unix:///run/podman/podman.sock\n"
                                 "compose_v1=1.29.2\n");
    EXPECT_EQ(info.compose, EngineInfo::Compose::V1Standalone);
    EXPECT_EQ(info.composeCommand(), (std::vector<std::string>{"docker-compose"}));
    readPingIdentity(info, "4.3.1", "Libpod/4.3.1 (linux)");
    EXPECT_EQ(info.server, EngineInfo::Server::Podman);
    EXPECT_EQ(info.serverVersion, "4.3.1");
}

TEST(EngineProbe, PodmanOnlyDrivesItsOwnSocket)
{
    const auto info = parseEngineProbe("podman=4.9.3\npodman_socket=/run/podman/podman.sock\ndocker_host=\n");
    EXPECT_EQ(info.cli, "podman");
    EXPECT_EQ(info.server, EngineInfo::Server::Podman);
    EXPECT_EQ(info.socketPath(), "/run/podman/podman.sock");
}

TEST(EngineProbe, NothingAnsweringLeavesTheServerUnreachable)
{
    const auto info = parseEngineProbe("docker_host=\nnoise without an equals sign\n");
    EXPECT_EQ(info.server, EngineInfo::Server::Unreachable);
    EXPECT_TRUE(info.socketPath().empty());
}

TEST(EngineProbe, TcpEngineHostHasNoSocketPath)
{
    const auto info = parseEngineProbe("docker_cli=Docker version 24.0.7, build x\nengine_host=tcp://10.0.0.5:2376\n");
    EXPECT_TRUE(info.socketPath().empty());
}

TEST(EngineProbe, DefaultProjectNameFollowsCompose)
{
    EXPECT_EQ(defaultProjectName("/srv/MiniRAG/"), "minirag");
    EXPECT_EQ(defaultProjectName("/opt/my stack.v2"), "mystackv2");
    EXPECT_EQ(defaultProjectName("rag_prod-1"), "rag_prod-1");
}
