// The quoting rules without a server; DevstackSshTest sends the same strings through a real sshd.
#include "ragdesk/client/ssh/RemoteCommand.h"

#include <gtest/gtest.h>

using ragdesk::client::ErrorKind;
using ragdesk::client::ssh::shellCommandLine;
using ragdesk::client::ssh::shellQuote;

TEST(ShellQuote, PlainWordsStayReadable)
{
    EXPECT_EQ(shellQuote("docker"), "docker");
    EXPECT_EQ(shellQuote("--format={{json}}"), "'--format={{json}}'");
    EXPECT_EQ(shellQuote("label=com.docker.compose.project=minirag"), "label=com.docker.compose.project=minirag");
    EXPECT_EQ(shellQuote("/srv/stack/backups"), "/srv/stack/backups");
}

TEST(ShellQuote, EverythingElseIsSingleQuoted)
{
    EXPECT_EQ(shellQuote(""), "''");
    EXPECT_EQ(shellQuote("a b"), "'a b'");
    EXPECT_EQ(shellQuote("it's"), "'it'\\''s'");
    EXPECT_EQ(shellQuote("$(rm -rf /)"), "'$(rm -rf /)'");
    EXPECT_EQ(shellQuote("`id`"), "'`id`'");
    EXPECT_EQ(shellQuote("line\nbreak"), "'line\nbreak'");
    EXPECT_EQ(shellQuote("~"), "'~'");
    EXPECT_EQ(shellQuote("*"), "'*'");
}

TEST(ShellQuote, CommandLineRefusesWhatNoArgvCanCarry)
{
    EXPECT_EQ(shellCommandLine({}).error().kind, ErrorKind::Validation);
    EXPECT_EQ(shellCommandLine({"echo", std::string("a\0b", 3)}).error().kind, ErrorKind::Validation);
    EXPECT_EQ(shellCommandLine({"echo", "a b", "c"}).value(), "echo 'a b' c");
}
