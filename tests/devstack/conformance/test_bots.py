"""§6.6: bot profiles — defaults, constraints, credentials, partial PATCH with its null bug, soft delete."""

import unittest
import uuid

from support import ApiTestCase, call, new_tenant

BOT_FIELDS = {"id", "tenant_id", "name", "description", "model", "embedding_model", "system_prompt", "temperature",
              "max_tokens", "has_credentials", "is_active", "created_at", "updated_at"}


class BotProfileTest(ApiTestCase):
    """Bot profile CRUD."""

    def test_create_with_defaults(self):
        tenant = new_tenant("bots")
        response = call("POST", "/v1/bot-profiles", token=tenant.token, json_body={"name": "Support Bot"})
        self.assertEqual(response.status, 201)
        bot = response.json()
        self.assertEqual(set(bot), BOT_FIELDS)
        self.assertEqual(bot["tenant_id"], tenant.id)
        self.assertEqual({k: bot[k] for k in ("description", "model", "embedding_model", "system_prompt",
                                              "temperature", "max_tokens", "has_credentials", "is_active")},
                         {"description": "", "model": "gpt-4o-mini", "embedding_model": None,
                          "system_prompt": "You are a helpful assistant.", "temperature": 0.7, "max_tokens": 1024,
                          "has_credentials": False, "is_active": True})
        self.assertTimestamp(bot["created_at"])

    def test_floats_are_serialised_as_floats(self):
        tenant = new_tenant("botfloat")
        response = call("POST", "/v1/bot-profiles", token=tenant.token, json_body={"name": "b", "temperature": 2})
        self.assertIn(b'"temperature":2.0', response.body)
        response = call("POST", "/v1/bot-profiles", token=tenant.token, json_body={"name": "b", "temperature": "0.25"})
        self.assertIn(b'"temperature":0.25', response.body)

    def test_constraints(self):
        tenant = new_tenant("botval")
        cases = [
            ({"temperature": 2.5}, {"type": "less_than_equal", "loc": ["body", "temperature"], "ctx": {"le": 2.0},
                                    "input": 2.5, "msg": "Input should be less than or equal to 2"}),
            ({"temperature": -0.1}, {"type": "greater_than_equal", "ctx": {"ge": 0.0}}),
            ({"temperature": "hot"}, {"type": "float_parsing", "loc": ["body", "temperature"], "input": "hot"}),
            ({"max_tokens": 0}, {"type": "greater_than_equal", "loc": ["body", "max_tokens"], "ctx": {"ge": 1}}),
            ({"max_tokens": 128001}, {"type": "less_than_equal", "ctx": {"le": 128000}}),
            ({"max_tokens": 1.5}, {"type": "int_from_float", "loc": ["body", "max_tokens"]}),
            ({"max_tokens": "many"}, {"type": "int_parsing", "loc": ["body", "max_tokens"]}),
            ({"name": "n" * 256}, {"type": "string_too_long", "loc": ["body", "name"], "ctx": {"max_length": 255}}),
            ({"description": "d" * 1001}, {"type": "string_too_long", "ctx": {"max_length": 1000}}),
            ({"model": "m" * 101}, {"type": "string_too_long", "loc": ["body", "model"], "ctx": {"max_length": 100}}),
            ({"embedding_model": "e" * 101}, {"type": "string_too_long", "loc": ["body", "embedding_model"]}),
            ({"credentials": "sk-123"}, {"type": "dict_type", "loc": ["body", "credentials"]}),
        ]
        for extra, expected in cases:
            with self.subTest(extra=extra):
                body = {"name": "b", **extra}
                self.assertValidation(call("POST", "/v1/bot-profiles", token=tenant.token, json_body=body), expected)
        self.assertValidation(call("POST", "/v1/bot-profiles", token=tenant.token, json_body={}),
                              {"type": "missing", "loc": ["body", "name"], "input": {}})
        self.assertEqual(call("POST", "/v1/bot-profiles", token=tenant.token, json_body={"name": ""}).status, 201)

    def test_credentials_are_write_only(self):
        tenant = new_tenant("botcred")
        bot = self.bot(tenant.token, credentials={"api_key": "sk-test-123"})
        self.assertIs(bot["has_credentials"], True)
        self.assertNotIn("credentials", bot)
        self.assertNotIn(b"sk-test-123", call("GET", f"/v1/bot-profiles/{bot['id']}", token=tenant.token).body)
        cleared = call("PATCH", f"/v1/bot-profiles/{bot['id']}", token=tenant.token, json_body={"credentials": {}})
        self.assertIs(cleared.json()["has_credentials"], False)
        self.assertIs(self.bot(tenant.token, credentials={})["has_credentials"], False)

    def test_credentials_need_an_encryption_key(self):
        tenant = new_tenant("botnokey")
        self.knob("encryption_key_missing", True)
        self.assertPlain500(call("POST", "/v1/bot-profiles", token=tenant.token,
                                 json_body={"name": "b", "credentials": {"api_key": "sk-1"}}))
        self.assertEqual(call("POST", "/v1/bot-profiles", token=tenant.token, json_body={"name": "b"}).status, 201)
        self.assertIs(self.get_json(tenant.token, "/v1/system/health/detailed")["config"]["encryption_configured"],
                      False)

    def test_list_get_and_tenant_isolation(self):
        tenant, other = new_tenant("botlist"), new_tenant("botlist2")
        first = self.bot(tenant.token, name="first")
        second = self.bot(tenant.token, name="second")
        foreign = self.bot(other.token, name="foreign")
        self.assertEqual(call("DELETE", f"/v1/bot-profiles/{first['id']}", token=tenant.token).status, 204)
        listed = self.get_json(tenant.token, "/v1/bot-profiles")
        self.assertEqual([b["id"] for b in listed], [second["id"], first["id"]])
        self.assertIs(listed[1]["is_active"], False)
        self.assertEqual(self.get_json(tenant.token, f"/v1/bot-profiles/{second['id']}"), second)
        for method in ("GET", "DELETE"):
            self.assertDetail(call(method, f"/v1/bot-profiles/{foreign['id']}", token=tenant.token), 404,
                              "Bot profile not found")
        self.assertDetail(call("PATCH", f"/v1/bot-profiles/{uuid.uuid4()}", token=tenant.token, json_body={}), 404,
                          "Bot profile not found")
        self.assertValidation(call("GET", "/v1/bot-profiles/not-a-uuid", token=tenant.token),
                              {"type": "uuid_parsing", "loc": ["path", "profile_id"], "input": "not-a-uuid"})

    def test_patch_applies_only_sent_keys(self):
        tenant = new_tenant("botpatch")
        bot = self.bot(tenant.token, description="keep me", temperature=0.3, embedding_model="text-embedding-3-large")
        response = call("PATCH", f"/v1/bot-profiles/{bot['id']}", token=tenant.token,
                        json_body={"name": "Renamed", "max_tokens": 2048, "embedding_model": None})
        self.assertEqual(response.status, 200)
        patched = response.json()
        self.assertEqual((patched["name"], patched["max_tokens"], patched["embedding_model"]),
                         ("Renamed", 2048, None))
        self.assertEqual((patched["description"], patched["temperature"]), ("keep me", 0.3))
        self.assertEqual(patched["created_at"], bot["created_at"])
        self.assertValidation(call("PATCH", f"/v1/bot-profiles/{bot['id']}", token=tenant.token,
                                   json_body={"temperature": 3, "is_active": "maybe"}),
                              {"type": "less_than_equal", "loc": ["body", "temperature"]},
                              {"type": "bool_parsing", "loc": ["body", "is_active"], "input": "maybe"})

    def test_patch_null_on_a_required_column_is_a_500(self):
        tenant = new_tenant("botnull")
        bot = self.bot(tenant.token)
        for field in ("name", "temperature", "is_active"):
            with self.subTest(field=field):
                self.assertPlain500(call("PATCH", f"/v1/bot-profiles/{bot['id']}", token=tenant.token,
                                         json_body={field: None}))
        self.assertEqual(self.get_json(tenant.token, f"/v1/bot-profiles/{bot['id']}")["name"], "Support Bot")

    def test_soft_delete_and_reactivation(self):
        tenant = new_tenant("botdel")
        bot = self.bot(tenant.token)
        self.assertEqual(call("DELETE", f"/v1/bot-profiles/{bot['id']}", token=tenant.token).status, 204)
        self.assertIs(self.get_json(tenant.token, f"/v1/bot-profiles/{bot['id']}")["is_active"], False)
        self.assertDetail(call("POST", "/v1/chat", token=tenant.token,
                               json_body={"bot_profile_id": bot["id"], "message": "hi"}),
                          404, "Bot profile not found or inactive")
        revived = call("PATCH", f"/v1/bot-profiles/{bot['id']}", token=tenant.token, json_body={"is_active": True})
        self.assertIs(revived.json()["is_active"], True)


if __name__ == "__main__":
    unittest.main()
