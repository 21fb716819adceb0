"""§6.7, §8.2, §8.3: sources — create rules, the three list modes, PATCH/DELETE, ingest and the worker, batches."""

import unittest
import uuid

from support import ApiTestCase, call, new_tenant, page_url, wait_until

SOURCE_FIELDS = {"id", "tenant_id", "bot_profile_id", "parent_id", "name", "description", "source_type", "status",
                 "config", "document_count", "chunk_count", "error_message", "is_active", "refresh_schedule",
                 "last_refreshed_at", "children_count", "created_at", "updated_at"}
REFUSED_URL = "http://127.0.0.1:1/unreachable"


class CreateSourceTest(ApiTestCase):
    """POST /v1/sources and its ownership and nesting rules."""

    def test_create_is_pending_and_not_ingested(self):
        tenant = new_tenant("src")
        bot = self.bot(tenant.token)
        response = call("POST", "/v1/sources", token=tenant.token, json_body={
            "bot_profile_id": bot["id"], "name": "Handbook", "source_type": "text", "content": "secret text",
            "refresh_schedule": "daily"})
        self.assertEqual(response.status, 201)
        source = response.json()
        self.assertEqual(set(source), SOURCE_FIELDS)
        self.assertEqual({k: source[k] for k in ("status", "source_type", "config", "document_count", "chunk_count",
                                                 "error_message", "is_active", "refresh_schedule", "children_count",
                                                 "parent_id", "last_refreshed_at", "description")},
                         {"status": "pending", "source_type": "text", "config": {}, "document_count": 0,
                          "chunk_count": 0, "error_message": None, "is_active": True, "refresh_schedule": "daily",
                          "children_count": 0, "parent_id": None, "last_refreshed_at": None, "description": ""})
        self.assertNotIn(b"secret text", response.body)
        self.assertEqual(self.get_json(tenant.token, f"/v1/sources/{source['id']}")["status"], "pending")

    def test_validation(self):
        tenant = new_tenant("srcval")
        bot = self.bot(tenant.token)
        base = {"bot_profile_id": bot["id"], "name": "n", "source_type": "text"}
        self.assertValidation(call("POST", "/v1/sources", token=tenant.token, json_body={**base, "source_type": "pdf"}),
                              {"type": "enum", "loc": ["body", "source_type"], "input": "pdf",
                               "ctx": {"expected": "'text', 'upload', 'url' or 'nyxcore'"}})
        self.assertValidation(call("POST", "/v1/sources", token=tenant.token,
                                   json_body={**base, "refresh_schedule": "monthly", "config": []}),
                              {"type": "enum", "loc": ["body", "refresh_schedule"],
                               "ctx": {"expected": "'none', 'hourly', 'daily' or 'weekly'"}},
                              {"type": "dict_type", "loc": ["body", "config"]})
        self.assertValidation(call("POST", "/v1/sources", token=tenant.token,
                                   json_body={**base, "bot_profile_id": "xyz", "name": "n" * 256}),
                              {"type": "uuid_parsing", "loc": ["body", "bot_profile_id"]},
                              {"type": "string_too_long", "loc": ["body", "name"]})

    def test_bot_and_parent_rules(self):
        tenant, other = new_tenant("srcrules"), new_tenant("srcrules2")
        bot, bot2 = self.bot(tenant.token), self.bot(tenant.token)
        foreign_bot = self.bot(other.token)
        base = {"name": "n", "source_type": "text"}
        self.assertDetail(call("POST", "/v1/sources", token=tenant.token,
                               json_body={**base, "bot_profile_id": foreign_bot["id"]}),
                          422, "Bot profile not found or belongs to a different tenant")
        self.assertDetail(call("POST", "/v1/sources", token=tenant.token,
                               json_body={**base, "bot_profile_id": bot["id"], "parent_id": str(uuid.uuid4())}),
                          404, "Source not found")
        parent = self.source(tenant.token, bot["id"])
        self.assertDetail(call("POST", "/v1/sources", token=tenant.token,
                               json_body={**base, "bot_profile_id": bot2["id"], "parent_id": parent["id"]}),
                          422, "Parent source belongs to a different bot profile")
        child = self.source(tenant.token, bot["id"], parent_id=parent["id"])
        self.assertEqual(child["parent_id"], parent["id"])
        self.assertDetail(call("POST", "/v1/sources", token=tenant.token,
                               json_body={**base, "bot_profile_id": bot["id"], "parent_id": child["id"]}),
                          422, "Nesting beyond one level is not allowed")
        # Inactive bots are accepted.
        self.assertEqual(call("DELETE", f"/v1/bot-profiles/{bot2['id']}", token=tenant.token).status, 204)
        self.source(tenant.token, bot2["id"])

    def test_nyxcore_token_is_replaced_by_a_flag(self):
        tenant = new_tenant("nyx")
        bot = self.bot(tenant.token)
        config = {"base_url": "https://nyxcore.cloud", "api_token": "nyx-secret", "limit": 10,
                  "authority": ["mandatory", "guideline"]}
        source = self.source(tenant.token, bot["id"], source_type="nyxcore", config=config)
        self.assertEqual(source["config"], {"base_url": "https://nyxcore.cloud", "limit": 10,
                                            "authority": ["mandatory", "guideline"], "has_api_token": True})
        self.assertNotIn(b"nyx-secret", call("GET", f"/v1/sources/{source['id']}", token=tenant.token).body)


class ListSourcesTest(ApiTestCase):
    """The list modes, parent aggregation and lookups."""

    def test_three_list_modes_and_parent_aggregation(self):
        tenant = new_tenant("srclist")
        bot, other_bot = self.bot(tenant.token), self.bot(tenant.token)
        lone = self.source(tenant.token, bot["id"], name="lone")
        parent = self.source(tenant.token, bot["id"], name="parent", source_type="upload")
        ready = self.ingested(tenant.token, bot["id"], "Text about pricing. " * 40, parent_id=parent["id"], name="c1")
        pending = self.source(tenant.token, bot["id"], parent_id=parent["id"], name="c2")
        elsewhere = self.source(tenant.token, other_bot["id"], name="other bot")

        top = self.get_json(tenant.token, "/v1/sources")
        self.assertEqual([s["id"] for s in top], [elsewhere["id"], parent["id"], lone["id"]])
        agg = top[1]
        self.assertEqual((agg["children_count"], agg["status"], agg["chunk_count"], agg["document_count"]),
                         (2, "pending", ready["chunk_count"], 0))

        by_bot = self.get_json(tenant.token, f"/v1/sources?bot_profile_id={bot['id']}")
        self.assertEqual([s["id"] for s in by_bot], [parent["id"], lone["id"]])

        children = self.get_json(tenant.token, f"/v1/sources?parent_id={parent['id']}")
        self.assertEqual([s["id"] for s in children], [pending["id"], ready["id"]])
        self.assertEqual([s["children_count"] for s in children], [0, 0])

        flat = self.get_json(tenant.token, "/v1/sources?include_children=yes")
        self.assertEqual(len(flat), 5)
        flat_parent = next(s for s in flat if s["id"] == parent["id"])
        self.assertEqual((flat_parent["children_count"], flat_parent["status"]), (0, "pending"))

        oldest_first = self.get_json(tenant.token, f"/v1/sources/{parent['id']}/children")
        self.assertEqual([s["id"] for s in oldest_first], [ready["id"], pending["id"]])
        self.assertEqual(self.get_json(tenant.token, f"/v1/sources/{parent['id']}")["children_count"], 2)

    def test_aggregate_status_rules(self):
        tenant = new_tenant("srcagg")
        bot = self.bot(tenant.token)
        parent = self.source(tenant.token, bot["id"], name="parent")
        self.ingested(tenant.token, bot["id"], "alpha " * 50, parent_id=parent["id"])
        self.assertEqual(self.get_json(tenant.token, f"/v1/sources/{parent['id']}")["status"], "ready")
        failing = self.source(tenant.token, bot["id"], parent_id=parent["id"])  # no content: worker error
        self.assertEqual(call("POST", f"/v1/sources/{failing['id']}/ingest", token=tenant.token).status, 202)
        self.assertEqual(self.wait_for_status(tenant.token, failing["id"])["status"], "error")
        self.assertEqual(self.get_json(tenant.token, f"/v1/sources/{parent['id']}")["status"], "error")

    def test_query_validation(self):
        tenant = new_tenant("srcq")
        self.assertValidation(call("GET", "/v1/sources?include_children=maybe&bot_profile_id=42", token=tenant.token),
                              {"type": "uuid_parsing", "loc": ["query", "bot_profile_id"], "input": "42"},
                              {"type": "bool_parsing", "loc": ["query", "include_children"], "input": "maybe"})

    def test_lookups_404(self):
        tenant, other = new_tenant("src404"), new_tenant("src404b")
        foreign = self.source(other.token, self.bot(other.token)["id"])
        for method, suffix in (("GET", ""), ("GET", "/children"), ("DELETE", ""), ("POST", "/ingest"),
                               ("POST", "/ingest-children")):
            with self.subTest(route=f"{method} {suffix}"):
                self.assertDetail(call(method, f"/v1/sources/{foreign['id']}{suffix}", token=tenant.token), 404,
                                  "Source not found")
        self.assertDetail(call("PATCH", f"/v1/sources/{foreign['id']}", token=tenant.token, json_body={}), 404,
                          "Source not found")
        self.assertValidation(call("GET", "/v1/sources/123", token=tenant.token),
                              {"type": "uuid_parsing", "loc": ["path", "source_id"]})


class UpdateDeleteSourceTest(ApiTestCase):
    """PATCH (including the config-null bug) and soft delete."""

    def test_patch_is_partial_and_config_replaces(self):
        tenant = new_tenant("srcpatch")
        bot = self.bot(tenant.token)
        source = self.source(tenant.token, bot["id"], source_type="url", config={"url": "https://a.example", "x": 1})
        response = call("PATCH", f"/v1/sources/{source['id']}", token=tenant.token,
                        json_body={"name": "Renamed", "config": {"url": "https://b.example"},
                                   "refresh_schedule": None})
        self.assertEqual(response.status, 200)
        patched = response.json()
        self.assertEqual((patched["name"], patched["config"], patched["refresh_schedule"], patched["source_type"]),
                         ("Renamed", {"url": "https://b.example"}, None, "url"))
        self.assertEqual(patched["status"], "pending")
        self.assertValidation(call("PATCH", f"/v1/sources/{source['id']}", token=tenant.token,
                                   json_body={"description": "d" * 1001}),
                              {"type": "string_too_long", "loc": ["body", "description"]})

    def test_config_null_poisons_every_read_until_repaired(self):
        tenant = new_tenant("srcnull")
        bot = self.bot(tenant.token)
        source = self.source(tenant.token, bot["id"])
        self.assertPlain500(call("PATCH", f"/v1/sources/{source['id']}", token=tenant.token,
                                 json_body={"config": None}))
        self.assertPlain500(call("GET", f"/v1/sources/{source['id']}", token=tenant.token))
        self.assertPlain500(call("GET", "/v1/sources", token=tenant.token))
        repaired = call("PATCH", f"/v1/sources/{source['id']}", token=tenant.token, json_body={"config": {}})
        self.assertEqual(repaired.status, 200)
        self.assertEqual(len(self.get_json(tenant.token, "/v1/sources")), 1)
        self.assertPlain500(call("PATCH", f"/v1/sources/{source['id']}", token=tenant.token, json_body={"name": None}))

    def test_delete_is_soft_and_cascades_to_children(self):
        tenant = new_tenant("srcdel")
        bot = self.bot(tenant.token)
        parent = self.source(tenant.token, bot["id"], name="parent")
        child = self.source(tenant.token, bot["id"], parent_id=parent["id"])
        self.assertEqual(call("DELETE", f"/v1/sources/{parent['id']}", token=tenant.token).status, 204)
        self.assertEqual(self.get_json(tenant.token, "/v1/sources?include_children=true"), [])
        gone = self.get_json(tenant.token, f"/v1/sources/{parent['id']}")
        self.assertEqual((gone["is_active"], gone["children_count"]), (False, 0))
        self.assertIs(self.get_json(tenant.token, f"/v1/sources/{child['id']}")["is_active"], False)
        restored = call("PATCH", f"/v1/sources/{parent['id']}", token=tenant.token, json_body={"is_active": True})
        self.assertIs(restored.json()["is_active"], True)
        self.assertEqual(self.get_json(tenant.token, f"/v1/sources/{parent['id']}/children"), [])


class IngestTest(ApiTestCase):
    """Ingest through the real worker, observed by polling."""

    def test_text_ingest_chunks_512_with_64_overlap(self):
        tenant = new_tenant("ingest")
        bot = self.bot(tenant.token)
        source = self.source(tenant.token, bot["id"], content=("abcd efgh " * 120))  # 1200 characters
        response = call("POST", f"/v1/sources/{source['id']}/ingest", token=tenant.token)
        self.assertEqual(response.status, 202)
        self.assertEqual(response.json(),
                         {"status": "accepted", "message": f"Ingestion queued for source {source['id']}"})
        ready = self.wait_for_status(tenant.token, source["id"])
        self.assertEqual((ready["status"], ready["document_count"], ready["chunk_count"], ready["error_message"]),
                         ("ready", 1, 3, None))
        self.assertTimestamp(ready["last_refreshed_at"])

    def test_worker_error_messages(self):
        tenant = new_tenant("ingesterr")
        bot = self.bot(tenant.token)
        empty = self.source(tenant.token, bot["id"])
        no_url = self.source(tenant.token, bot["id"], source_type="url")
        refused = self.source(tenant.token, bot["id"], source_type="url", config={"url": REFUSED_URL})
        no_token = self.source(tenant.token, bot["id"], source_type="nyxcore", config={})
        for source in (empty, no_url, refused, no_token):
            self.assertEqual(call("POST", f"/v1/sources/{source['id']}/ingest", token=tenant.token).status, 202)
        messages = {s["id"]: self.wait_for_status(tenant.token, s["id"])["error_message"]
                    for s in (empty, no_url, refused, no_token)}
        self.assertEqual(messages[empty["id"]], "No content to ingest")
        self.assertEqual(messages[no_url["id"]], "No content to ingest")
        self.assertEqual(messages[no_token["id"]], "No API token configured")
        self.assertTrue(messages[refused["id"]], "a URL that refuses connections must fail with its error text")
        self.assertEqual(self.get_json(tenant.token, f"/v1/sources/{refused['id']}")["status"], "error")

    def test_url_source_is_fetched_and_stripped(self):
        tenant = new_tenant("ingesturl")
        bot = self.bot(tenant.token)
        source = self.source(tenant.token, bot["id"], source_type="url", config={"url": page_url("pricing")})
        self.assertEqual(call("POST", f"/v1/sources/{source['id']}/ingest", token=tenant.token).status, 202)
        ready = self.wait_for_status(tenant.token, source["id"])
        self.assertEqual(ready["status"], "ready", ready["error_message"])
        self.assertGreater(ready["chunk_count"], 1)
        answer = self.chat(tenant.token, bot["id"], "How much does the Pro plan cost?")
        contents = " ".join(s["content"] for s in answer["sources"])
        self.assertIn("plan", contents)
        self.assertNotRegex(contents, r"<[a-z/]")
        self.assertNotIn("window.analytics", contents)

    def test_ingest_while_processing_is_409(self):
        tenant = new_tenant("ingest409")
        bot = self.bot(tenant.token)
        source = self.source(tenant.token, bot["id"], source_type="url",
                             config={"url": page_url("pricing", delay_s=2)})
        self.assertEqual(call("POST", f"/v1/sources/{source['id']}/ingest", token=tenant.token).status, 202)
        self.wait_for_status(tenant.token, source["id"], statuses=("processing",), timeout=10)
        self.assertDetail(call("POST", f"/v1/sources/{source['id']}/ingest", token=tenant.token), 409,
                          "Source is already being processed")
        self.assertEqual(self.wait_for_status(tenant.token, source["id"])["status"], "ready")

    def test_reingest_and_deleted_sources_still_feed_answers(self):
        tenant = new_tenant("ingestdel")
        bot = self.bot(tenant.token)
        source = self.ingested(tenant.token, bot["id"], "The zyxwv gateway rotates keys every 90 days. " * 5)
        self.assertEqual(call("POST", f"/v1/sources/{source['id']}/ingest", token=tenant.token).status, 202)
        wait_until(lambda: self.get_json(tenant.token, f"/v1/sources/{source['id']}")["last_refreshed_at"]
                   != source["last_refreshed_at"], what="the re-ingest")
        self.assertEqual(call("DELETE", f"/v1/sources/{source['id']}", token=tenant.token).status, 204)
        answer = self.chat(tenant.token, bot["id"], "How often does the zyxwv gateway rotate keys?")
        self.assertIn(source["id"], [s["source_id"] for s in answer["sources"]])
        self.assertEqual(len(answer["sources"]), source["chunk_count"])


class BatchTest(ApiTestCase):
    """Batch create and ingest-children."""

    def test_batch_then_ingest_children(self):
        tenant = new_tenant("batch")
        bot = self.bot(tenant.token)
        response = call("POST", "/v1/sources/batch", token=tenant.token, json_body={
            "bot_profile_id": bot["id"], "name": "Docs Collection",
            "children": [{"name": "Pricing", "source_type": "url", "config": {"url": page_url("pricing")}},
                         {"name": "API keys", "source_type": "url", "config": {"url": page_url("api-keys")}},
                         {"name": "Broken", "source_type": "url", "config": {"url": REFUSED_URL}}]})
        self.assertEqual(response.status, 201)
        batch = response.json()
        self.assertEqual(set(batch), {"parent", "children"})
        parent = batch["parent"]
        self.assertEqual((parent["source_type"], parent["status"], parent["children_count"], parent["config"]),
                         ("url", "pending", 3, {}))
        self.assertEqual([c["name"] for c in batch["children"]], ["Pricing", "API keys", "Broken"])
        self.assertTrue(all(c["parent_id"] == parent["id"] and c["status"] == "pending" for c in batch["children"]))

        response = call("POST", f"/v1/sources/{parent['id']}/ingest-children", token=tenant.token)
        self.assertEqual(response.status, 202)
        self.assertEqual(response.json(), {"status": "accepted", "message": "Ingestion queued for 3 child sources",
                                           "enqueued": 3})
        statuses = {c["id"]: self.wait_for_status(tenant.token, c["id"])["status"] for c in batch["children"]}
        self.assertEqual(sorted(statuses.values()), ["error", "ready", "ready"])
        aggregated = self.get_json(tenant.token, f"/v1/sources/{parent['id']}")
        children = self.get_json(tenant.token, f"/v1/sources/{parent['id']}/children")
        self.assertEqual(aggregated["status"], "error")
        self.assertEqual(aggregated["chunk_count"], sum(c["chunk_count"] for c in children))

    def test_batch_rules(self):
        tenant, other = new_tenant("batchval"), new_tenant("batchval2")
        bot = self.bot(tenant.token)
        self.assertDetail(call("POST", "/v1/sources/batch", token=tenant.token,
                               json_body={"bot_profile_id": bot["id"], "name": "p", "children": []}),
                          422, "At least one child source is required")
        self.assertDetail(call("POST", "/v1/sources/batch", token=tenant.token, json_body={
            "bot_profile_id": self.bot(other.token)["id"], "name": "p",
            "children": [{"name": "c", "source_type": "text"}]}),
            422, "Bot profile not found or belongs to a different tenant")
        self.assertValidation(call("POST", "/v1/sources/batch", token=tenant.token, json_body={
            "bot_profile_id": bot["id"], "name": "p", "children": [{"source_type": "text"}, {"name": "c"}]}),
            {"type": "missing", "loc": ["body", "children", 0, "name"]},
            {"type": "missing", "loc": ["body", "children", 1, "source_type"]})
        self.assertPlain500(call("POST", "/v1/sources/batch", token=tenant.token, json_body={
            "bot_profile_id": bot["id"], "name": "n" * 256, "children": [{"name": "c", "source_type": "text"}]}))

    def test_ingest_children_without_children(self):
        tenant = new_tenant("batchnone")
        source = self.source(tenant.token, self.bot(tenant.token)["id"])
        response = call("POST", f"/v1/sources/{source['id']}/ingest-children", token=tenant.token)
        self.assertEqual(response.json(), {"status": "accepted", "message": "Ingestion queued for 0 child sources",
                                           "enqueued": 0})


if __name__ == "__main__":
    unittest.main()
