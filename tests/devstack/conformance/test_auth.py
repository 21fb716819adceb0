"""§2: the Bearer header, JWTs vs opaque API tokens, login, and every authentication failure of §2.4."""

import base64
import json
import time
import unittest
import uuid

from support import API_TOKEN, ApiTestCase, call, login, new_tenant, unique_email, wait_until


def jwt_part(token: str, index: int) -> dict:
    segment = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


class BearerHeaderTest(ApiTestCase):
    """Parsing of the Authorization header and the token-kind rule."""

    def assertNotAuthenticated(self, response):
        self.assertDetail(response, 401, "Not authenticated")
        self.assertEqual(response.header("WWW-Authenticate"), "Bearer")

    def test_missing_header(self):
        self.assertNotAuthenticated(call("GET", "/v1/tenants/me"))

    def test_empty_credentials(self):
        self.assertNotAuthenticated(call("GET", "/v1/tenants/me", headers={"Authorization": "Bearer"}))
        self.assertNotAuthenticated(call("GET", "/v1/tenants/me", headers={"Authorization": ""}))

    def test_other_scheme(self):
        self.assertNotAuthenticated(call("GET", "/v1/tenants/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}))

    def test_scheme_is_case_insensitive(self):
        tenant = new_tenant("scheme")
        response = call("GET", "/v1/tenants/me", headers={"Authorization": f"bEaReR {tenant.token}"})
        self.assertEqual(response.status, 200)

    def test_token_with_a_dot_is_a_jwt(self):
        response = call("GET", "/v1/tenants/me", token="garbage.with-a-dot")
        self.assertDetail(response, 401, "Invalid or expired JWT")
        self.assertIsNone(response.header("WWW-Authenticate"))

    def test_unknown_opaque_token(self):
        response = call("GET", "/v1/tenants/me", token="A" * 43)
        self.assertDetail(response, 401, "Invalid or revoked API token")
        self.assertIsNone(response.header("WWW-Authenticate"))

    def test_no_query_string_or_header_alternatives(self):
        tenant = new_tenant("altauth")
        self.assertEqual(call("GET", f"/v1/tenants/me?token={tenant.token}").status, 401)
        self.assertEqual(call("GET", "/v1/tenants/me", headers={"X-API-Key": tenant.token}).status, 401)


class LoginTest(ApiTestCase):
    """Login: the JWT, address normalisation, disabled accounts."""

    def test_login_returns_hs256_jwt_with_the_contract_claims(self):
        tenant = new_tenant("login")
        before = int(time.time())
        response = call("POST", "/v1/auth/login", json_body={"email": tenant.email, "password": tenant.password})
        self.assertEqual(response.status, 200, response.body)
        body = response.json()
        self.assertEqual(set(body), {"access_token", "token_type", "user", "tenant"})
        self.assertEqual(body["token_type"], "bearer")
        self.assertEqual(body["user"]["email"], tenant.email)
        self.assertEqual(body["user"]["role"], "owner")
        self.assertEqual(body["tenant"]["id"], tenant.id)
        token = body["access_token"]
        self.assertEqual(token.count("."), 2)
        self.assertEqual(jwt_part(token, 0), {"alg": "HS256", "typ": "JWT"})
        claims = jwt_part(token, 1)
        self.assertEqual(set(claims), {"sub", "tid", "role", "exp"})
        self.assertEqual(claims["sub"], body["user"]["id"])
        self.assertEqual(claims["tid"], tenant.id)
        self.assertEqual(claims["role"], "owner")
        minutes = self.get_json(token, "/v1/system/health/detailed")["config"]["jwt_expire_minutes"]
        self.assertAlmostEqual(claims["exp"], before + minutes * 60, delta=5)
        me = self.get_json(token, "/v1/auth/me")
        self.assertEqual(me["user"]["id"], body["user"]["id"])

    def test_wrong_password_and_unknown_email_look_the_same(self):
        tenant = new_tenant("badpw")
        self.assertDetail(call("POST", "/v1/auth/login", json_body={"email": tenant.email, "password": "nope"}),
                          401, "Invalid email or password")
        self.assertDetail(call("POST", "/v1/auth/login",
                               json_body={"email": f"nobody-{uuid.uuid4().hex}@x.example", "password": "x"}),
                          401, "Invalid email or password")

    def test_login_validates_the_email(self):
        response = call("POST", "/v1/auth/login", json_body={"email": "not-an-email", "password": "x"})
        detail = self.assertValidation(response, {"type": "value_error", "loc": ["body", "email"]})
        self.assertIn("reason", detail[0]["ctx"])

    def test_domain_is_normalised_but_local_part_is_case_sensitive(self):
        suffix = uuid.uuid4().hex[:10]
        response = call("POST", "/v1/tenants", json_body={
            "tenant_name": "Case", "tenant_slug": f"conf-case-{suffix}",
            "owner_email": f"Ada.{suffix}@Example.ORG", "owner_password": "password-123"})
        self.assertEqual(response.status, 201)
        token = response.json()["api_token"]
        self.assertEqual(self.get_json(token, "/v1/auth/me")["user"]["email"], f"Ada.{suffix}@example.org")
        self.assertEqual(call("POST", "/v1/auth/login", json_body={
            "email": f"Ada.{suffix}@EXAMPLE.org", "password": "password-123"}).status, 200)
        self.assertDetail(call("POST", "/v1/auth/login", json_body={
            "email": f"ada.{suffix}@example.org", "password": "password-123"}), 401, "Invalid email or password")

    def test_deactivated_user(self):
        tenant = new_tenant("deact")
        email = unique_email("deact")
        member = self.create(tenant.token, "/v1/users", {"email": email, "password": "password-1"})
        jwt = login(email, "password-1")
        api_token = self.create(jwt, "/v1/api-tokens", {"name": "member"})["raw_token"]
        self.assertEqual(call("DELETE", f"/v1/users/{member['id']}", token=tenant.token).status, 204)
        self.assertDetail(call("POST", "/v1/auth/login", json_body={"email": email, "password": "password-1"}),
                          403, "Account is disabled")
        # JWTs are checked for signature and expiry only; API tokens check their owner.
        self.assertEqual(call("GET", "/v1/tenants/me", token=jwt).status, 200)
        self.assertDetail(call("GET", "/v1/tenants/me", token=api_token), 401, "Token owner account is disabled")

    def test_same_email_in_two_tenants_breaks_login(self):
        first = new_tenant("dup1")
        response = call("POST", "/v1/tenants", json_body={
            "tenant_name": "Dup", "tenant_slug": f"conf-dup2-{uuid.uuid4().hex[:10]}",
            "owner_email": first.email, "owner_password": first.password})
        self.assertEqual(response.status, 201)
        self.assertPlain500(call("POST", "/v1/auth/login",
                                 json_body={"email": first.email, "password": first.password}))


class TokenKindsTest(ApiTestCase):
    """How JWTs and API tokens differ: roles, expiry, signature."""

    def test_bootstrap_token_is_a_43_char_opaque_token(self):
        tenant = new_tenant("opaque")
        self.assertRegex(tenant.token, API_TOKEN)
        self.assertEqual(self.get_json(tenant.token, "/v1/tenants/me")["id"], tenant.id)

    def test_jwt_role_is_frozen_at_login_while_api_tokens_follow_the_user(self):
        tenant = new_tenant("roles")
        email = unique_email("roles")
        member = self.create(tenant.token, "/v1/users", {"email": email, "password": "password-1"})
        jwt = login(email, "password-1")
        api_token = self.create(jwt, "/v1/api-tokens", {"name": "member"})["raw_token"]
        new_user = {"email": unique_email("x"), "password": "password-1"}
        self.assertDetail(call("POST", "/v1/users", token=api_token, json_body=new_user), 403,
                          "Only owners and admins can manage users")
        promote = {"email": email, "password": "password-1", "role": "admin"}
        self.assertEqual(call("PATCH", f"/v1/users/{member['id']}", token=tenant.token, json_body=promote).status, 200)
        self.assertDetail(call("POST", "/v1/users", token=jwt, json_body=new_user), 403,
                          "Only owners and admins can manage users")
        self.assertEqual(call("POST", "/v1/users", token=api_token, json_body=new_user).status, 201)

    def test_jwt_expiry(self):
        tenant = new_tenant("expiry")
        self.knob("jwt_expire_seconds", 2)
        jwt = login(tenant.email, tenant.password)
        self.assertLessEqual(jwt_part(jwt, 1)["exp"], time.time() + 3)
        self.assertEqual(call("GET", "/v1/tenants/me", token=jwt).status, 200)
        expired = wait_until(lambda: (lambda r: r if r.status == 401 else None)(
            call("GET", "/v1/tenants/me", token=jwt)), timeout=10, what="the JWT to expire")
        self.assertDetail(expired, 401, "Invalid or expired JWT")

    def test_tampered_jwt_is_rejected(self):
        tenant = new_tenant("tamper")
        header, payload, sig = login(tenant.email, tenant.password).split(".")
        claims = jwt_part(f"{header}.{payload}.{sig}", 1)
        claims["role"] = "admin"
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        self.assertDetail(call("GET", "/v1/tenants/me", token=f"{header}.{forged}.{sig}"), 401,
                          "Invalid or expired JWT")


if __name__ == "__main__":
    unittest.main()
