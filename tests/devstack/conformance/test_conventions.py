"""§1 and §3.1: transport conventions and the three error shapes that every route shares."""

import json
import unittest

from support import ApiTestCase, call, new_tenant, raw_call

TENANT_BODY = {"tenant_name": "Shape", "tenant_slug": "x", "owner_email": "a@shape.example",
               "owner_password": "12345678"}


class RoutingTest(ApiTestCase):
    """Unknown paths, wrong methods, HEAD, trailing slashes, public framework routes."""

    def test_unknown_path_is_json_404(self):
        self.assertDetail(call("GET", "/v1/no-such-route"), 404, "Not Found")
        self.assertDetail(call("GET", "/"), 404, "Not Found")

    def test_wrong_method_is_json_405(self):
        self.assertDetail(call("DELETE", "/v1/tenants"), 405, "Method Not Allowed")
        self.assertDetail(call("PUT", "/v1/bot-profiles"), 405, "Method Not Allowed")

    def test_head_is_not_answered_by_api_routes(self):
        for path in ("/health", "/v1/system/health", "/v1/bot-profiles"):
            with self.subTest(path=path):
                self.assertEqual(call("HEAD", path).status, 405)

    def test_trailing_slash_redirects_with_307(self):
        response = call("GET", "/v1/bot-profiles/")
        self.assertEqual(response.status, 307)
        self.assertTrue(response.header("Location").endswith("/v1/bot-profiles"), response.header("Location"))
        post = call("POST", "/v1/tenants/", json_body=TENANT_BODY)
        self.assertEqual(post.status, 307)

    def test_openapi_and_docs_are_public(self):
        spec = call("GET", "/openapi.json")
        self.assertEqual(spec.status, 200)
        self.assertEqual(spec.json()["info"]["title"], "MiniRAG")
        self.assertEqual(spec.json()["info"]["version"], "0.1.1")
        self.assertEqual(call("GET", "/docs").status, 200)

    def test_cors_preflight_is_answered_by_the_middleware(self):
        response = call("OPTIONS", "/v1/bot-profiles", headers={
            "Origin": "https://console.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"})
        self.assertEqual(response.status, 200)
        self.assertIsNotNone(response.header("Access-Control-Allow-Origin"))


class RequestBodyTest(ApiTestCase):
    """JSON body parsing and the order of body, auth and validation errors."""

    def test_json_without_content_type_header_is_rejected(self):
        response = raw_call("POST", "/v1/tenants", json.dumps(TENANT_BODY).encode(), {})
        detail = self.assertValidation(response, {"type": "model_attributes_type", "loc": ["body"]})
        self.assertEqual(len(detail), 1)
        self.assertEqual(detail[0]["input"], json.dumps(TENANT_BODY))

    def test_form_content_type_is_not_parsed_as_json(self):
        response = call("POST", "/v1/tenants", data=json.dumps(TENANT_BODY).encode(),
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertValidation(response, {"type": "model_attributes_type", "loc": ["body"]})

    def test_plus_json_content_type_is_parsed(self):
        tenant = new_tenant("plusjson")
        response = call("POST", "/v1/api-tokens", token=tenant.token, data=b'{"name": "vendor"}',
                        headers={"Content-Type": "application/vnd.api+json"})
        self.assertEqual(response.status, 201, response.body)

    def test_invalid_json_is_json_invalid_with_position(self):
        response = call("POST", "/v1/tenants", data=b'{"tenant_name": ', headers={"Content-Type": "application/json"})
        detail = self.assertValidation(response, {"type": "json_invalid", "msg": "JSON decode error", "input": {}})
        self.assertEqual(detail[0]["loc"][0], "body")
        self.assertIsInstance(detail[0]["loc"][1], int)
        self.assertIsInstance(detail[0]["ctx"]["error"], str)

    def test_invalid_json_wins_over_authentication(self):
        response = call("POST", "/v1/bot-profiles", data=b"{nope", headers={"Content-Type": "application/json"})
        self.assertValidation(response, {"type": "json_invalid"})

    def test_authentication_wins_over_body_validation(self):
        response = call("POST", "/v1/bot-profiles", token="not-a-token", json_body={"name": 5})
        self.assertDetail(response, 401, "Invalid or revoked API token")

    def test_missing_body_is_reported_at_body(self):
        tenant = new_tenant("nobody")
        response = call("POST", "/v1/api-tokens", token=tenant.token)
        self.assertValidation(response, {"type": "missing", "loc": ["body"], "msg": "Field required", "input": None})

    def test_non_object_body_is_model_attributes_type(self):
        tenant = new_tenant("listbody")
        response = call("POST", "/v1/api-tokens", token=tenant.token, json_body=["name"])
        self.assertValidation(response, {"type": "model_attributes_type", "loc": ["body"], "input": ["name"]})

    def test_unknown_fields_are_ignored(self):
        tenant = new_tenant("extra")
        response = call("POST", "/v1/api-tokens", token=tenant.token, json_body={"name": "ci", "scope": "admin"})
        self.assertEqual(response.status, 201)

    def test_missing_field_echoes_the_whole_body_as_input(self):
        body = {"tenant_slug": "ok-slug", "owner_email": "a@b.example", "owner_password": "12345678"}
        self.assertValidation(call("POST", "/v1/tenants", json_body=body),
                              {"type": "missing", "loc": ["body", "tenant_name"], "msg": "Field required",
                               "input": body})


class FaultInjectionTest(ApiTestCase):
    """The plain-text 500 of an unhandled exception, forced by a knob."""

    def test_fail_route_gives_plain_text_500_for_that_route_only(self):
        tenant = new_tenant("failroute")
        self.knob("fail_route", "GET /v1/bot-profiles")
        self.assertPlain500(call("GET", "/v1/bot-profiles", token=tenant.token))
        self.assertEqual(call("POST", "/v1/bot-profiles", token=tenant.token, json_body={"name": "b"}).status, 201)
        self.assertEqual(call("GET", "/v1/api-tokens", token=tenant.token).status, 200)
        self.knob("fail_route", "")
        self.assertEqual(call("GET", "/v1/bot-profiles", token=tenant.token).status, 200)


class TimestampTest(ApiTestCase):
    """Naive UTC timestamps with six or no fraction digits."""

    def test_timestamps_are_naive_iso_with_six_or_no_fraction_digits(self):
        tenant = new_tenant("stamps")
        bot = self.bot(tenant.token)
        token = self.create(tenant.token, "/v1/api-tokens", {"name": "stamp"})
        source = self.source(tenant.token, bot["id"])
        hook = self.create(tenant.token, "/v1/webhooks", {"url": "http://127.0.0.1:1/x", "events": []})
        for value in (bot["created_at"], bot["updated_at"], token["created_at"], source["created_at"],
                      source["updated_at"], hook["created_at"], hook["updated_at"]):
            self.assertTimestamp(value)
        self.assertIsNone(token["last_used_at"])
        self.assertIsNone(token["expires_at"])


if __name__ == "__main__":
    unittest.main()
