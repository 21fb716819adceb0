#include "ragdesk/client/api/ApiErrors.h"

#include <gtest/gtest.h>

using ragdesk::client::ErrorKind;
using ragdesk::client::api::errorFromResponse;
using ragdesk::client::api::HttpResponse;

TEST(ApiErrors, StringDetailBecomesTheMessage)
{
    const auto error = errorFromResponse({404, "application/json", R"({"detail":"Bot profile not found"})"});
    EXPECT_EQ(error.kind, ErrorKind::NotFound);
    EXPECT_EQ(error.httpStatus, 404);
    EXPECT_EQ(error.message, "Bot profile not found");
}

TEST(ApiErrors, MissingTokenOnOlderServersIsAnAuthErrorNotForbidden)
{
    EXPECT_EQ(errorFromResponse({403, "application/json", R"({"detail":"Not authenticated"})"}).kind, ErrorKind::Auth);
    EXPECT_EQ(
        errorFromResponse({403, "application/json", R"({"detail":"Only owners and admins can manage users"})"}).kind,
        ErrorKind::Forbidden);
    EXPECT_EQ(
        errorFromResponse({401, "application/json", R"({"detail":"Invalid or expired JWT"})"}).kind, ErrorKind::Auth);
}

TEST(ApiErrors, ValidationArrayBecomesFieldErrorsWithoutTheLocationWord)
{
    const char* body = R"({"detail":[
        {"type":"string_pattern_mismatch","loc":["body","tenant_slug"],"msg":"String should match pattern","input":"A"},
        {"type":"missing","loc":["body","children",0,"name"],"msg":"Field required","input":{}},
        {"type":"uuid_parsing","loc":["path","profile_id"],"msg":"Input should be a valid UUID","input":"abc"}]})";
    const auto error = errorFromResponse({422, "application/json", body});
    EXPECT_EQ(error.kind, ErrorKind::Validation);
    ASSERT_EQ(error.fieldErrors.size(), 3u);
    EXPECT_EQ(error.fieldErrors[0].field, "tenant_slug");
    EXPECT_EQ(error.fieldErrors[0].message, "String should match pattern");
    EXPECT_EQ(error.fieldErrors[1].field, "children.0.name");
    EXPECT_EQ(error.fieldErrors[2].field, "profile_id");
}

TEST(ApiErrors, PlainTextServerErrorKeepsItsBody)
{
    const auto error = errorFromResponse({500, "text/plain; charset=utf-8", "Internal Server Error"});
    EXPECT_EQ(error.kind, ErrorKind::Server);
    EXPECT_EQ(error.message, "Internal Server Error");
    EXPECT_EQ(error.detail, "Internal Server Error");
}

TEST(ApiErrors, ConflictAndUnexpectedStatuses)
{
    EXPECT_EQ(errorFromResponse({409, "application/json", R"({"detail":"Slug 'a' is already taken"})"}).kind,
        ErrorKind::Conflict);
    const auto html = errorFromResponse({503, "text/html", std::string(300, 'x')});
    EXPECT_EQ(html.kind, ErrorKind::Server);
    EXPECT_EQ(html.message, "HTTP 503");
}
