"""§6.2, §6.4, §6.5: tenant bootstrap, API tokens and users, including the role rules of §2.3."""

import unittest
import uuid

from support import API_TOKEN, ApiTestCase, call, login, new_tenant, unique_email


def tenant_body(**overrides) -> dict:
    suffix = uuid.uuid4().hex[:10]
    return {"tenant_name": "Acme Corp", "tenant_slug": f"conf-boot-{suffix}", "owner_email": f"o-{suffix}@acme.example",
            "owner_password": "supersecret123", "owner_display_name": "Ada Admin", **overrides}


class TenantTest(ApiTestCase):
    """Open bootstrap: shape, slug conflicts, validation items."""

    def test_bootstrap_shape(self):
        body = tenant_body()
        response = call("POST", "/v1/tenants", json_body=body)
        self.assertEqual(response.status, 201)
        self.assertJson(response)
        created = response.json()
        self.assertEqual(set(created), {"tenant", "api_token", "token_prefix"})
        self.assertEqual(set(created["tenant"]), {"id", "name", "slug", "is_active", "plan"})
        self.assertUuid(created["tenant"]["id"])
        self.assertEqual(created["tenant"]["name"], "Acme Corp")
        self.assertEqual(created["tenant"]["slug"], body["tenant_slug"])
        self.assertIs(created["tenant"]["is_active"], True)
        self.assertEqual(created["tenant"]["plan"], "free")
        self.assertRegex(created["api_token"], API_TOKEN)
        self.assertEqual(created["token_prefix"], created["api_token"][:8])
        me = self.get_json(created["api_token"], "/v1/auth/me")
        self.assertEqual(me["user"]["role"], "owner")
        self.assertEqual(me["user"]["display_name"], "Ada Admin")
        tokens = self.get_json(created["api_token"], "/v1/api-tokens")
        self.assertEqual([t["name"] for t in tokens], ["default"])
        self.assertEqual(self.get_json(created["api_token"], "/v1/tenants/me"), created["tenant"])

    def test_slug_taken(self):
        body = tenant_body()
        self.assertEqual(call("POST", "/v1/tenants", json_body=body).status, 201)
        again = call("POST", "/v1/tenants", json_body=tenant_body(tenant_slug=body["tenant_slug"]))
        self.assertDetail(again, 409, f"Slug '{body['tenant_slug']}' is already taken")

    def test_validation_items_follow_pydantic_2(self):
        body = {"tenant_name": "Acme", "tenant_slug": "Acme Corp", "owner_email": "not-an-email",
                "owner_password": "short"}
        detail = self.assertValidation(
            call("POST", "/v1/tenants", json_body=body),
            {"type": "string_pattern_mismatch", "loc": ["body", "tenant_slug"], "input": "Acme Corp",
             "ctx": {"pattern": "^[a-z0-9\\-]+$"}, "msg": "String should match pattern '^[a-z0-9\\-]+$'"},
            {"type": "value_error", "loc": ["body", "owner_email"], "input": "not-an-email"},
            {"type": "string_too_short", "loc": ["body", "owner_password"], "input": "short",
             "ctx": {"min_length": 8}, "msg": "String should have at least 8 characters"})
        self.assertEqual([d["loc"][1] for d in detail], ["tenant_slug", "owner_email", "owner_password"])
        email_item = detail[1]
        self.assertEqual(set(email_item["ctx"]), {"reason"})
        self.assertEqual(email_item["msg"], f"value is not a valid email address: {email_item['ctx']['reason']}")

    def test_length_limits(self):
        response = call("POST", "/v1/tenants", json_body=tenant_body(
            tenant_name="n" * 256, tenant_slug="s" * 101, owner_password="p" * 129, owner_display_name="d" * 256))
        self.assertValidation(
            response,
            {"type": "string_too_long", "loc": ["body", "tenant_name"], "ctx": {"max_length": 255},
             "msg": "String should have at most 255 characters"},
            {"type": "string_too_long", "loc": ["body", "tenant_slug"], "ctx": {"max_length": 100}},
            {"type": "string_too_long", "loc": ["body", "owner_password"], "ctx": {"max_length": 128}},
            {"type": "string_too_long", "loc": ["body", "owner_display_name"], "ctx": {"max_length": 255}})

    def test_wrong_types(self):
        response = call("POST", "/v1/tenants", json_body=tenant_body(tenant_name=5, owner_password=None))
        self.assertValidation(response,
                              {"type": "string_type", "loc": ["body", "tenant_name"], "input": 5},
                              {"type": "string_type", "loc": ["body", "owner_password"], "input": None})


class ApiTokenTest(ApiTestCase):
    """Opaque API tokens: create, list, use, revoke."""

    def test_create_list_use_revoke(self):
        tenant = new_tenant("tokens")
        created = self.create(tenant.token, "/v1/api-tokens", {"name": "ci-pipeline"})
        self.assertEqual(set(created), {"id", "tenant_id", "name", "token_prefix", "is_active", "expires_at",
                                        "last_used_at", "created_at", "raw_token"})
        self.assertRegex(created["raw_token"], API_TOKEN)
        self.assertEqual(created["token_prefix"], created["raw_token"][:8])
        self.assertEqual((created["is_active"], created["expires_at"], created["last_used_at"]), (True, None, None))
        self.assertEqual(self.get_json(created["raw_token"], "/v1/tenants/me")["id"], tenant.id)

        listed = self.get_json(tenant.token, "/v1/api-tokens")
        self.assertEqual([t["name"] for t in listed], ["ci-pipeline", "default"])
        self.assertNotIn("raw_token", listed[0])
        self.assertTimestamp(listed[0]["last_used_at"])

        self.assertEqual(call("DELETE", f"/v1/api-tokens/{created['id']}", token=tenant.token).status, 204)
        self.assertEqual(call("DELETE", f"/v1/api-tokens/{created['id']}", token=tenant.token).status, 204)
        self.assertDetail(call("GET", "/v1/tenants/me", token=created["raw_token"]), 401,
                          "Invalid or revoked API token")
        revoked = [t for t in self.get_json(tenant.token, "/v1/api-tokens") if t["id"] == created["id"]]
        self.assertIs(revoked[0]["is_active"], False)

    def test_errors(self):
        tenant = new_tenant("tokerr")
        self.assertDetail(call("DELETE", f"/v1/api-tokens/{uuid.uuid4()}", token=tenant.token), 404,
                          "Token not found")
        other = new_tenant("tokerr2")
        foreign = self.create(other.token, "/v1/api-tokens", {"name": "theirs"})
        self.assertDetail(call("DELETE", f"/v1/api-tokens/{foreign['id']}", token=tenant.token), 404,
                          "Token not found")
        detail = self.assertValidation(call("DELETE", "/v1/api-tokens/abc", token=tenant.token),
                                       {"type": "uuid_parsing", "loc": ["path", "token_id"], "input": "abc"})
        self.assertTrue(detail[0]["msg"].startswith("Input should be a valid UUID, "))
        self.assertIn("error", detail[0]["ctx"])
        self.assertValidation(call("POST", "/v1/api-tokens", token=tenant.token, json_body={"name": "x" * 256}),
                              {"type": "string_too_long", "loc": ["body", "name"], "ctx": {"max_length": 255}})
        self.assertEqual(call("POST", "/v1/api-tokens", token=tenant.token, json_body={"name": ""}).status, 201)

    def test_member_can_revoke_the_owners_token(self):
        tenant = new_tenant("tokmember")
        _, member_jwt = self.user_session(tenant)
        default = self.get_json(member_jwt, "/v1/api-tokens")[0]
        self.assertEqual(call("DELETE", f"/v1/api-tokens/{default['id']}", token=member_jwt).status, 204)
        self.assertEqual(call("GET", "/v1/tenants/me", token=tenant.token).status, 401)


class UserTest(ApiTestCase):
    """User management and its role check."""

    def test_create_defaults_and_verbatim_email(self):
        tenant = new_tenant("users")
        user = self.create(tenant.token, "/v1/users", {"email": "Bob@Example.COM", "password": "password-1"})
        self.assertEqual(set(user), {"id", "tenant_id", "email", "display_name", "role", "is_active"})
        self.assertEqual((user["email"], user["display_name"], user["role"], user["is_active"]),
                         ("Bob@Example.COM", "", "member", True))
        self.assertDetail(call("POST", "/v1/users", token=tenant.token,
                               json_body={"email": "Bob@Example.COM", "password": "password-2"}),
                          409, "A user with this email already exists in this tenant")
        # Not validated as an address on create, but login validates: such a user can never log in.
        self.create(tenant.token, "/v1/users", {"email": "bob", "password": "password-1"})
        self.assertValidation(call("POST", "/v1/auth/login", json_body={"email": "bob", "password": "password-1"}),
                              {"type": "value_error", "loc": ["body", "email"]})

    def test_list_is_sorted_by_email_and_includes_inactive_users(self):
        tenant = new_tenant("userlist")
        zed = self.create(tenant.token, "/v1/users", {"email": "zed@list.example", "password": "password-1"})
        self.create(tenant.token, "/v1/users", {"email": "amy@list.example", "password": "password-1",
                                                "role": "admin", "display_name": "Amy"})
        self.assertEqual(call("DELETE", f"/v1/users/{zed['id']}", token=tenant.token).status, 204)
        users = self.get_json(tenant.token, "/v1/users")
        emails = [u["email"] for u in users]
        self.assertEqual(emails, sorted(emails))
        self.assertIn(tenant.email, emails)
        self.assertIs(next(u for u in users if u["id"] == zed["id"])["is_active"], False)

    def test_patch_requires_email_and_password(self):
        tenant = new_tenant("userpatch")
        user = self.create(tenant.token, "/v1/users", {"email": unique_email("p"), "password": "password-1"})
        new_email = unique_email("p2")
        self.assertValidation(call("PATCH", f"/v1/users/{user['id']}", token=tenant.token, json_body={"role": "admin"}),
                              {"type": "missing", "loc": ["body", "email"]},
                              {"type": "missing", "loc": ["body", "password"]})
        updated = call("PATCH", f"/v1/users/{user['id']}", token=tenant.token, json_body={
            "email": new_email, "password": "password-2", "role": "admin", "display_name": "Pat"})
        self.assertEqual(updated.status, 200)
        self.assertEqual({k: updated.json()[k] for k in ("email", "role", "display_name", "is_active")},
                         {"email": new_email, "role": "admin", "display_name": "Pat", "is_active": True})
        login(new_email, "password-2")
        self.assertDetail(call("PATCH", f"/v1/users/{uuid.uuid4()}", token=tenant.token,
                               json_body={"email": "x@patch.example", "password": "password-1"}), 404, "User not found")
        self.assertDetail(call("DELETE", f"/v1/users/{uuid.uuid4()}", token=tenant.token), 404, "User not found")

    def test_roles_and_validation(self):
        tenant = new_tenant("userroles")
        self.assertValidation(call("POST", "/v1/users", token=tenant.token,
                                   json_body={"email": "r@r.example", "password": "password-1", "role": "root"}),
                              {"type": "enum", "loc": ["body", "role"], "input": "root",
                               "ctx": {"expected": "'owner', 'admin' or 'member'"},
                               "msg": "Input should be 'owner', 'admin' or 'member'"})
        self.assertValidation(call("POST", "/v1/users", token=tenant.token,
                                   json_body={"email": "e" * 321, "password": "short"}),
                              {"type": "string_too_long", "loc": ["body", "email"], "ctx": {"max_length": 320}},
                              {"type": "string_too_short", "loc": ["body", "password"], "ctx": {"min_length": 8}})
        admin, admin_jwt = self.user_session(tenant, "admin")
        owner2 = self.create(admin_jwt, "/v1/users", {"email": unique_email("o2"), "password": "password-1",
                                                      "role": "owner"})
        self.assertEqual(owner2["role"], "owner")
        self.assertEqual(call("DELETE", f"/v1/users/{admin['id']}", token=admin_jwt).status, 204)

    def test_member_gets_403_after_validation_and_before_404(self):
        tenant = new_tenant("member403")
        _, member = self.user_session(tenant)
        forbidden = "Only owners and admins can manage users"
        ok_body = {"email": "n@m.example", "password": "password-1"}
        self.assertDetail(call("POST", "/v1/users", token=member, json_body=ok_body), 403, forbidden)
        self.assertDetail(call("PATCH", f"/v1/users/{uuid.uuid4()}", token=member, json_body=ok_body), 403, forbidden)
        self.assertDetail(call("DELETE", f"/v1/users/{uuid.uuid4()}", token=member), 403, forbidden)
        self.assertValidation(call("POST", "/v1/users", token=member, json_body={"email": "n@m.example"}),
                              {"type": "missing", "loc": ["body", "password"]})
        self.assertValidation(call("PATCH", f"/v1/users/{uuid.uuid4()}", token=member, json_body={}),
                              {"type": "missing", "loc": ["body", "email"]})
        self.assertEqual(call("GET", "/v1/users", token=member).status, 200)

    def test_member_may_use_every_other_route(self):
        tenant = new_tenant("memberall")
        _, member = self.user_session(tenant)
        bot = self.bot(member)
        self.source(member, bot["id"])
        self.create(member, "/v1/webhooks", {"url": "http://127.0.0.1:1/", "events": []})
        self.create(member, "/v1/api-tokens", {"name": "mine"})
        for path in ("/v1/stats/overview", "/v1/system/health/detailed", "/v1/chat/export"):
            self.assertEqual(call("GET", path, token=member).status, 200, path)


if __name__ == "__main__":
    unittest.main()
